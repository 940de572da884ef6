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

export function buildDigestMessage(summary: DigestSummary, ctx: DigestMessageContext): DigestMessage {
  const { directory, now } = ctx;
  const note = filterNote(ctx.filters);
  const requested =
    ctx.requestedBy && SLACK_USER.test(ctx.requestedBy)
      ? `Posted at the request of <@${ctx.requestedBy}> (\`/inbox digest post\`).`
      : '';

  if (summary.total === 0) {
    const text = 'Nothing is waiting for a reply in Inbox.';
    return {
      text,
      blocks: [
        section(`:white_check_mark: ${text} Every conversation has an answer.`),
        ...(note || requested ? [context([note ?? '', requested].filter((t) => t !== ''))] : []),
      ],
    };
  }

  const oldest = summary.oldestSince ?? now;
  const longest = durationBetween(oldest, now);
  const title = `${plural(summary.total, 'thread', 'threads')} waiting for a reply`;
  const text = truncate(`${title} in Inbox; the longest has waited ${longest}.`, LIMITS.messageText);

  const memberNames = new Map(directory.members.map((m) => [m.id, memberName(m)]));
  const accountName = new Map(directory.accountLinks.map((a) => [a.id, a.username]));
  const assigneeLabel = (id: string | null) => {
    if (id === null) return '_Unassigned_';
    const name = memberNames.get(id);
    return name ? `*${safeName(name, 60)}*` : '_a former member_';
  };
  const accountLabel = (id: string | null) => {
    const name = id ? accountName.get(id) : undefined;
    return name ? safeName(`@${name}`, 60) : '_a disconnected account_';
  };

  const summaryBlock: SectionBlock = {
    type: 'section',
    fields: [
      mrkdwn(column('By assignee', summary.byAssignee, assigneeLabel, ['assignee', 'assignees']), LIMITS.sectionField),
      mrkdwn(column('By account', summary.byAccount, accountLabel, ['account', 'accounts']), LIMITS.sectionField),
    ],
  };

  const head: KnownBlock[] = [
    header(`:incoming_envelope: ${title}`),
    section(
      `The longest has been waiting *${longest}* (since ${slackDate(oldest)}).${note ? `\n${note}` : ''}${requested ? `\n${requested}` : ''}`,
    ),
    summaryBlock,
    divider(),
  ];
  const cardsTitle = section('*Waiting longest* (oldest first)');

  const cards: KnownBlock[] = [];
  let shown = 0;
  const budget = LIMITS.messageBlocks - head.length - 2; // the cards' title and "and N more"
  for (const thread of summary.top.slice(0, ctx.maxCards ?? summary.top.length)) {
    const card = buildThreadCard(thread, { directory, now, inboxAppUrl: ctx.inboxAppUrl }, { variant: 'compact' });
    if (cards.length + card.length > budget) break;
    cards.push(...card);
    shown++;
  }

  const more = summary.total - shown;
  const tail: KnownBlock[] =
    more > 0 ? [context([`…and *${count(more)} more* waiting. List them with \`${MORE_COMMAND}\`.`])] : [];
  return { text, blocks: [...head, ...(cards.length > 0 ? [cardsTitle, ...cards] : []), ...tail] };
}
