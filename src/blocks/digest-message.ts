/**
 * The digest message: a header with the total and the longest wait, a summary by assignee and by connected
 * account, the longest-waiting threads as compact cards (the same buttons as `/inbox` cards), and "and N more".
 * Pure: the summary and `now` come in, Block Kit goes out, within Slack's limits whatever N is (≤50 blocks,
 * header ≤150, section ≤3000, field ≤2000, message text ≤4000).
 */
import type { KnownBlock, SectionBlock } from '@slack/types';
import type { DigestSummary } from '../digest/collect.js';
import type { Directory } from '../services/directory.js';
import { durationBetween, safeName, slackDate, truncate } from './escape.js';
import { BlockIds, carriableThreads, findThreadIds } from './ids.js';
import { context, divider, header, LIMITS, mrkdwn, section } from './kit.js';
import { buildThreadCard, memberName } from './thread-card.js';

export const MORE_COMMAND = '/inbox noreply oldest';
/** Rows listed per summary column before "N others". */
export const SUMMARY_ROWS = 8;

export interface DigestMessageContext {
  directory: Directory;
  now: Date;
  inboxAppUrl: string;
  /** The configured filters, echoed so that readers know what the numbers cover. */
  filters?: { accounts: readonly string[]; minAgeMs: number | null };
  /** Thread cards at most (fewer when the block budget runs out). */
  maxCards?: number;
  /** The Slack user who asked for this post (`/inbox digest post`); null for the schedule. */
  requestedBy?: string | null;
}

export interface DigestMessage {
  text: string;
  blocks: KnownBlock[];
}

/** A Slack user ID, the only thing drawn as a mention from `requestedBy`. */
const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

function filterNote(filters: DigestMessageContext['filters']): string | null {
  if (!filters) return null;
  const parts: string[] = [];
  if (filters.accounts.length > 0) {
    parts.push(`only ${filters.accounts.map((a) => safeName(`@${a.replace(/^@/, '')}`, 60)).join(', ')}`);
  }
  if (filters.minAgeMs !== null && filters.minAgeMs > 0) {
    parts.push(`only threads waiting at least ${durationBetween(new Date(0), new Date(filters.minAgeMs))}`);
  }
  return parts.length > 0 ? `Filters: ${parts.join('; ')}.` : null;
}

function column(
  title: string,
  rows: DigestSummary['byAssignee'],
  label: (id: string | null) => string,
  noun: [string, string],
): string {
  const shown = rows.slice(0, SUMMARY_ROWS).map((r) => `• ${label(r.id)}: ${count(r.count)}`);
  const rest = rows.slice(SUMMARY_ROWS);
  if (rest.length > 0) {
    const restTotal = rest.reduce((sum, r) => sum + r.count, 0);
    shown.push(`• ${plural(rest.length, `other ${noun[0]}`, `other ${noun[1]}`)}: ${count(restTotal)}`);
  }
  return truncate(`*${title}*\n${shown.join('\n')}`, LIMITS.sectionField);
}

function labels(directory: Directory) {
  const memberNames = new Map(directory.members.map((m) => [m.id, memberName(m)]));
  const accountName = new Map(directory.accountLinks.map((a) => [a.id, a.username]));
  return {
    assignee: (id: string | null) => {
      if (id === null) return '_Unassigned_';
      const name = memberNames.get(id);
      return name ? `*${safeName(name, 60)}*` : '_a former member_';
    },
    account: (id: string | null) => {
      const name = id ? accountName.get(id) : undefined;
      return name ? safeName(`@${name}`, 60) : '_a disconnected account_';
    },
  };
}

/**
 * The part of the digest that is redrawn on every click (and, later, on every change Inbox reports): the header
 * with the total, the longest wait, the totals by assignee and by account, and the "updated" time. Waiting times
 * are `<!date>` tokens (each reader sees them in their own zone) or durations said to be "as of" the redraw.
 */
export function buildDigestHead(
  summary: DigestSummary,
  ctx: DigestMessageContext,
): { text: string; blocks: KnownBlock[] } {
  const { directory, now } = ctx;
  const note = filterNote(ctx.filters);
  const updated = `updated ${slackDate(now, '{date_short_pretty} at {time}')}`;
  // Who asked for an on-demand post: its own line, which a redraw keeps as it is.
  const requested: KnownBlock[] =
    ctx.requestedBy && SLACK_USER.test(ctx.requestedBy)
      ? [
          context(
            [`Posted at the request of <@${ctx.requestedBy}> (\`/inbox digest post\`).`],
            BlockIds.digestRequested,
          ),
        ]
      : [];
  if (summary.total === 0) {
    const text = 'Nothing is waiting for a reply in Inbox.';
    return {
      text,
      blocks: [
        header(':white_check_mark: Nothing is waiting for a reply', BlockIds.digestHeader),
        context([`Every conversation has an answer · ${updated}`, ...(note ? [note] : [])], BlockIds.digestLongest),
        ...requested,
      ],
    };
  }
  const oldest = summary.oldestSince ?? now;
  const longest = durationBetween(oldest, now);
  const title = `${plural(summary.total, 'thread', 'threads')} waiting for a reply`;
  const text = truncate(`${title} in Inbox; the longest has waited ${longest}.`, LIMITS.messageText);
  const label = labels(directory);
  const summaryBlock: SectionBlock = {
    type: 'section',
    block_id: BlockIds.digestSummary,
    fields: [
      mrkdwn(column('By assignee', summary.byAssignee, label.assignee, ['assignee', 'assignees']), LIMITS.sectionField),
      mrkdwn(column('By account', summary.byAccount, label.account, ['account', 'accounts']), LIMITS.sectionField),
    ],
  };
  return {
    text,
    blocks: [
      header(`:incoming_envelope: ${title}`, BlockIds.digestHeader),
      section(
        `The longest has been waiting since ${slackDate(oldest)} (*${longest}* as of this update).${note ? `\n${note}` : ''}`,
        { block_id: BlockIds.digestLongest },
      ),
      summaryBlock,
      context([`Totals and cards ${updated} · they change as the team works through them`], BlockIds.digestUpdated),
      ...requested,
    ],
  };
}

function moreLine(total: number, shown: number): KnownBlock[] {
  const more = total - shown;
  return more > 0
    ? [context([`…and *${count(more)} more* waiting. List them with \`${MORE_COMMAND}\`.`], BlockIds.digestMore)]
    : [];
}

export function buildDigestMessage(summary: DigestSummary, ctx: DigestMessageContext): DigestMessage {
  const { directory, now } = ctx;
  const head = buildDigestHead(summary, ctx);
  if (summary.total === 0) return head;

  const cardsTitle = section('*Waiting longest* (oldest first)', { block_id: BlockIds.digestCardsTitle });
  const cards: KnownBlock[] = [];
  let shown = 0;
  // The head, a divider, the cards' title and "and N more".
  const budget = LIMITS.messageBlocks - head.blocks.length - 3;
  const cardCtx = { directory, now, inboxAppUrl: ctx.inboxAppUrl, ages: 'absolute' as const };
  for (const thread of carriableThreads(summary.top).ok.slice(0, ctx.maxCards ?? summary.top.length)) {
    const card = buildThreadCard(thread, cardCtx, { variant: 'compact' });
    const withDivider = shown > 0 ? [divider(), ...card] : card;
    if (cards.length + withDivider.length > budget) break;
    cards.push(...withDivider);
    shown++;
  }
  return {
    text: head.text,
    blocks: [
      ...head.blocks,
      divider(),
      ...(cards.length > 0 ? [cardsTitle, ...cards] : []),
      ...moreLine(summary.total, shown),
    ],
  };
}

const HEAD_IDS: ReadonlySet<string> = new Set([
  BlockIds.digestHeader,
  BlockIds.digestLongest,
  BlockIds.digestSummary,
  BlockIds.digestUpdated,
]);

/**
 * A posted digest redrawn from a fresh summary: a new head (header, longest wait, totals, "updated" time) and "and
 * N more" line, and the cards exactly as they are in `blocks` (each card is redrawn by whoever changed it). Pure.
 */
export function redrawDigestMessage(
  blocks: readonly KnownBlock[],
  summary: DigestSummary,
  ctx: DigestMessageContext,
): DigestMessage {
  const head = buildDigestHead(summary, ctx);
  const titleAt = blocks.findIndex((b) => b.block_id === BlockIds.digestCardsTitle);
  const cards = titleAt < 0 ? [] : blocks.slice(titleAt).filter((b) => b.block_id !== BlockIds.digestMore);
  const shown = findThreadIds(cards).length;
  const budget = LIMITS.messageBlocks - head.blocks.length - 2;
  const kept = cards.slice(0, budget);
  // Anything before the cards that is not part of the head (e.g. a line saying who asked for the digest) stays.
  const before = (titleAt < 0 ? blocks : blocks.slice(0, titleAt)).filter(
    (b) => !HEAD_IDS.has(b.block_id ?? '') && b.type !== 'divider',
  );
  return {
    text: head.text,
    blocks: [...head.blocks, ...before, divider(), ...kept, ...moreLine(summary.total, shown)].slice(
      0,
      LIMITS.messageBlocks,
    ),
  };
}
