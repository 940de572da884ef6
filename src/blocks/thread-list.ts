/**
 * A page of threads: a header ("Threads 11–20 of 93 · Awaiting reply · assigned to Alice Chen"), compact cards
 * with dividers, and Previous / Next page buttons. Always ≤50 blocks, and the same size whatever the team's size.
 */
import type { Button, KnownBlock } from '@slack/types';
import type { ListQuery } from '../commands/grammar.js';
import { describeNoResults, describeQuery, formatQuery, type QueryLabels } from '../commands/query-text.js';
import type { Cursor, Thread } from '../inbox/schemas.js';
import type { Directory } from '../services/directory.js';
import { truncate } from './escape.js';
import { ActionIds, BlockIds, type CardViewer, carriableThreads, encodePageValue, type PageValue } from './ids.js';
import { context, divider, LIMITS, plain, section } from './kit.js';
import type { SlackMessage } from './message.js';
import { buildThreadCard } from './thread-card.js';

/**
 * How many compact cards one list message holds: 1 header + 10 × 3 card blocks + 9 dividers + 2 footer = 42
 * blocks (12 would reach exactly 50; 10 keeps each message readable). Services use it as the page size.
 */
export const MAX_CARDS_PER_MESSAGE = 10;

/** Where this page sits in the whole list. */
export interface ListPage {
  /** Threads shown on earlier pages. */
  offset: number;
  /** This page's start cursor (null on the first page) and the start cursors of the pages before it. */
  cursor: Cursor | null;
  starts: Array<Cursor | null>;
  /** Where the next page starts; null when this is the last one. */
  nextCursor: Cursor | null;
  /** All threads matching the query (counted on the first page); null when unknown. */
  total: PageValue['total'];
}

export interface ThreadListInput {
  threads: Thread[];
  query: ListQuery;
  /** What the query's names resolved to; without it the header echoes them as typed. */
  labels?: QueryLabels;
  directory: Directory;
  now: Date;
  inboxAppUrl: string;
  /** The user the (ephemeral) list is for. */
  viewer?: CardViewer;
  page: ListPage;
}

export interface ThreadListMessage extends SlackMessage {
  /** IDs of threads left out because a message cannot carry them (to be logged by the caller). */
  skipped: string[];
}

const EMPTY_CHEER = new Set(['active', 'noreply', 'requests']);

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** "Threads 11–20 of 93", "Threads 1–10 of 500+", "Threads 11–20" (total unknown), "3 threads" (all of them). */
export function countLine(first: number, shownCount: number, total: PageValue['total'], more: boolean): string {
  const last = first + shownCount - 1;
  if (first === 1 && !more && (total === null || (!total.atLeast && total.count === shownCount))) {
    return plural(shownCount, 'thread');
  }
  const of =
    total === null
      ? ' (more on the next page)'
      : ` of ${total.count.toLocaleString('en-US')}${total.atLeast ? '+' : ''}`;
  return `Threads ${first}–${last}${of}`;
}

function pageButton(text: string, actionId: string, value: string): Button {
  return { type: 'button', action_id: actionId, text: plain(text), value };
}

export function buildThreadList(input: ThreadListInput): ThreadListMessage {
  const { query, directory, now, inboxAppUrl, page } = input;
  const seen = new Set<string>();
  const unique = input.threads.filter((t) => !seen.has(t.id) && seen.add(t.id));
  const { ok: carriable, skipped } = carriableThreads(unique);
  const what = describeQuery(query, input.labels);

  if (carriable.length === 0 && page.offset === 0) {
    const line = `${describeNoResults(query, input.labels)}${EMPTY_CHEER.has(query.view) ? ' 🎉' : ''}`;
    return {
      text: truncate(line, LIMITS.messageText),
      blocks: [section(line, { block_id: BlockIds.listHeader })],
      skipped,
    };
  }

  const shown = carriable.slice(0, MAX_CARDS_PER_MESSAGE);
  const hidden = carriable.length - shown.length;
  const first = page.offset + 1;
  const count = countLine(first, shown.length, page.total, page.nextCursor !== null);
  const headline = `*${count}* · ${what}`;

  const blocks: KnownBlock[] = [section(headline, { block_id: BlockIds.listHeader })];
  const ctx = { directory, now, inboxAppUrl, ...(input.viewer ? { viewer: input.viewer } : {}) };
  shown.forEach((thread, i) => {
    if (i > 0) blocks.push(divider());
    blocks.push(...buildThreadCard(thread, ctx, { variant: 'compact' }));
  });
  const notes: string[] = [];
  if (hidden > 0) notes.push(`…and ${plural(hidden, 'more thread')} not shown. Narrow the filters to see them.`);
  if (skipped.length > 0) {
    notes.push(`${plural(skipped.length, 'thread')} could not be shown here (an ID Slack cannot carry); open Inbox.`);
  }
  if (notes.length > 0) blocks.push(context(notes, BlockIds.listMore));

  const text = formatQuery(query);
  const buttons: Button[] = [];
  if (page.offset > 0) {
    const prevStarts = page.starts.slice(0, -1);
    const value = encodePageValue({
      text,
      cursor: page.starts.at(-1) ?? null,
      starts: prevStarts,
      offset: Math.max(0, page.offset - MAX_CARDS_PER_MESSAGE),
      total: page.total,
    });
    if (value !== null) buttons.push(pageButton('← Previous', ActionIds.listPrev, value));
  }
  if (page.nextCursor !== null) {
    const next: PageValue = {
      text,
      cursor: page.nextCursor,
      starts: [...page.starts, page.cursor],
      offset: page.offset + MAX_CARDS_PER_MESSAGE,
      total: page.total,
    };
    // When the way back no longer fits in a button, the next page goes on without "Previous".
    const value = encodePageValue(next) ?? encodePageValue({ ...next, starts: [] });
    if (value !== null) buttons.push(pageButton('Next page →', ActionIds.listNext, value));
    else notes.push('More threads match. Narrow the filters to see them, or open Inbox.');
  }
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: BlockIds.listFooter, elements: buttons });
  else if (page.nextCursor !== null) {
    blocks.push(context(['More threads match. Narrow the filters to see them, or open Inbox.'], BlockIds.listFooter));
  }
  return { text: truncate(`${count} · ${what}`, LIMITS.messageText), blocks, skipped };
}
