/**
 * A page of threads: a header (how many, and what was asked), compact cards with dividers, and a "Next page"
 * button. Always ≤50 blocks.
 */
import type { KnownBlock } from '@slack/types';
import type { ListQuery } from '../commands/grammar.js';
import { describeNoResults, describeQuery, formatQuery } from '../commands/query-text.js';
import type { Cursor, Thread } from '../inbox/schemas.js';
import type { Directory } from '../services/directory.js';
import { truncate } from './escape.js';
import { ActionIds, BlockIds, encodePageValue } from './ids.js';
import { context, divider, LIMITS, plain, section } from './kit.js';
import type { SlackMessage } from './message.js';
import { buildThreadCard } from './thread-card.js';

/**
 * How many compact cards one list message holds: 1 header + 10 × 3 card blocks + 9 dividers + 2 footer = 42
 * blocks (12 would reach exactly 50; 10 keeps each message readable and its payload small with 100-member
 * selects). Services use it as the page size cap.
 */
export const MAX_CARDS_PER_MESSAGE = 10;

export interface ThreadListInput {
  threads: Thread[];
  query: ListQuery;
  /** The query the "Next page" button re-runs (e.g. with the remaining `limit:`); defaults to `query`. */
  nextQuery?: ListQuery;
  directory: Directory;
  now: Date;
  inboxAppUrl: string;
  nextCursor: Cursor | null;
  /** Threads shown so far including this page (page 2 of 10 each: 20), to number the header "11–20". */
  totalShown?: number;
}

const EMPTY_CHEER = new Set(['active', 'noreply', 'requests']);

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function buildThreadList(input: ThreadListInput): SlackMessage {
  const { query, directory, now, inboxAppUrl, nextCursor } = input;
  const seen = new Set<string>();
  const unique = input.threads.filter((t) => !seen.has(t.id) && seen.add(t.id));
  const what = describeQuery(query);

  if (unique.length === 0) {
    const line = `${describeNoResults(query)}${EMPTY_CHEER.has(query.view) ? ' 🎉' : ''}`;
    return { text: truncate(line, LIMITS.messageText), blocks: [section(line, { block_id: BlockIds.listHeader })] };
  }

  const shown = unique.slice(0, MAX_CARDS_PER_MESSAGE);
  const hidden = unique.length - shown.length;
  const total = input.totalShown ?? shown.length;
  const first = Math.max(1, total - shown.length + 1);
  const count =
    input.totalShown !== undefined && first > 1
      ? `Threads ${first}–${first + shown.length - 1}`
      : `${plural(shown.length, 'thread')}`;
  const headline = `*${count}* · ${what}`;

  const blocks: KnownBlock[] = [section(headline, { block_id: BlockIds.listHeader })];
  shown.forEach((thread, i) => {
    if (i > 0) blocks.push(divider());
    blocks.push(...buildThreadCard(thread, { directory, now, inboxAppUrl }, { variant: 'compact' }));
  });
  if (hidden > 0) {
    blocks.push(
      context([`…and ${plural(hidden, 'more thread')} not shown. Narrow the filters to see them.`], BlockIds.listMore),
    );
  }
  if (nextCursor !== null) {
    const value = encodePageValue({
      text: formatQuery(input.nextQuery ?? query),
      cursor: nextCursor,
      shown: first - 1 + shown.length,
    });
    blocks.push(
      value === null
        ? context(['More threads match. Narrow the filters to see them, or open Inbox.'], BlockIds.listFooter)
        : {
            type: 'actions',
            block_id: BlockIds.listFooter,
            elements: [{ type: 'button', action_id: ActionIds.listNext, text: plain('Next page →'), value }],
          },
    );
  }
  return { text: truncate(`${count} · ${what}`, LIMITS.messageText), blocks };
}
