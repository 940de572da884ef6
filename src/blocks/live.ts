/**
 * What live Inbox events look like in Slack: the thread card (the same card as everywhere, full variant),
 * the short lines in its Slack thread, the "moved below" stub of a card that came back from the archive,
 * the personal DM, the quiet-hours summary, and the subscription messages. Pure; take `now`.
 */
import type { Button, KnownBlock } from '@slack/types';
import type { LiveEventKind, QuietHours } from '../commands/grammar.js';
import type { Member, Thread } from '../inbox/schemas.js';
import type { Directory } from '../services/directory.js';
import type { Subscription } from '../services/subscriptions.js';
import { escapeMrkdwn, escapeTruncate, oneLine, safeName, truncate } from './escape.js';
import { ActionIds, BlockIds } from './ids.js';
import { context, header, LIMITS, plain, section } from './kit.js';
import type { SlackMessage } from './message.js';
import { buildThreadCard, type CardContext, findAccount, memberName } from './thread-card.js';

const QUOTE_CHARS = 280;
export const MAX_SUMMARY_CARDS = 10;

/** One change to a thread, as a line in the card's Slack thread (already merged by the coalescer). */
export type LiveLine =
  | { kind: 'inbound'; count: number; content: string; request: boolean }
  | { kind: 'outbound'; count: number; content: string; authorUserId: string | null }
  | { kind: 'assigned'; assigneeId: string | null; bySlackUserId: string | null }
  | { kind: 'archived'; bySlackUserId: string | null }
  | { kind: 'unarchived'; bySlackUserId: string | null }
  | { kind: 'prospect'; change: 'status' | 'tags' | 'assignee' };

function prospectName(thread: Thread): string {
  return safeName(thread.prospect.displayName || thread.prospect.username);
}

function quoted(content: string): string {
  const text = oneLine(content).trim();
  return text === '' ? '(no text)' : `“${escapeTruncate(text, QUOTE_CHARS)}”`;
}

const by = (slackUserId: string | null) => (slackUserId ? ` by <@${slackUserId}>` : '');

function memberLabel(member: Member | undefined, fallback: string): string {
  return member ? safeName(memberName(member), 60) : fallback;
}

/** The text of one line (mrkdwn; outside text escaped). */
export function liveLineText(line: LiveLine, thread: Thread, directory: Directory): string {
  switch (line.kind) {
    case 'inbound': {
      const who = `*${prospectName(thread)}*`;
      if (line.request && line.count === 1) return `📨 New message request from ${who}: ${quoted(line.content)}`;
      return line.count > 1
        ? `💬 ${who} wrote ${line.count} messages; the latest: ${quoted(line.content)}`
        : `💬 ${who} wrote: ${quoted(line.content)}`;
    }
    case 'outbound': {
      const member = line.authorUserId ? directory.members.find((m) => m.userId === line.authorUserId) : undefined;
      const account = findAccount(directory, thread.accountLinkId);
      const who = memberLabel(member, account ? `@${safeName(account.username)}` : 'The team');
      return line.count > 1
        ? `↩️ ${who} sent ${line.count} messages; the latest: ${quoted(line.content)}`
        : `↩️ ${who} replied: ${quoted(line.content)}`;
    }
    case 'assigned': {
      if (!line.assigneeId) return `👤 Unassigned${by(line.bySlackUserId)}`;
      const member = directory.members.find((m) => m.id === line.assigneeId);
      return `👤 Assigned to *${memberLabel(member, 'a member')}*${by(line.bySlackUserId)}`;
    }
    case 'archived':
      return `🗄 Archived${by(line.bySlackUserId)}`;
    case 'unarchived':
      return `📤 Back in the inbox${by(line.bySlackUserId)}`;
    case 'prospect':
      return line.change === 'status'
        ? '📊 Status changed'
        : line.change === 'tags'
          ? '🏷 Tags changed'
          : '👤 Assignee changed';
  }
}

/** One message for the card's Slack thread: the lines of one coalesced update. */
export function buildLiveLines(lines: readonly LiveLine[], thread: Thread, directory: Directory): SlackMessage {
  const text = truncate(lines.map((l) => liveLineText(l, thread, directory)).join('\n'), LIMITS.sectionText);
  return { text, blocks: [section(text)] };
}

/** The live card of a thread in a channel (the full card; `note` says what just happened). */
export function buildLiveCard(thread: Thread, ctx: CardContext, note?: string): SlackMessage {
  const blocks = buildThreadCard(thread, ctx, { variant: 'full', ...(note ? { note } : {}) });
  return { text: `Inbox: ${oneLine(thread.prospect.displayName || thread.prospect.username)}`, blocks };
}

/** What the old card of a thread that came back from the archive becomes: a pointer to the new one. */
export function buildMovedCard(thread: Thread, newCardLink: string | null): SlackMessage {
  const where = newCardLink ? `<${newCardLink}|the new card below>` : 'the new card below';
  const text = `📤 The conversation with *${prospectName(thread)}* is back in the inbox: see ${where}.`;
  return {
    text: `Moved: ${oneLine(thread.prospect.displayName || thread.prospect.username)}`,
    blocks: [section(text)],
  };
}

export type DmReason = { kind: 'wrote'; content: string } | { kind: 'assigned'; bySlackUserId: string | null };

/** A personal DM to the assignee: why they get it, then the thread's card. */
export function buildLiveDm(thread: Thread, ctx: CardContext, reason: DmReason): SlackMessage {
  const who = `*${prospectName(thread)}*`;
  const line =
    reason.kind === 'wrote'
      ? `💬 ${who}, assigned to you, wrote: ${quoted(reason.content)}`
      : `👤 You were assigned the conversation with ${who}${by(reason.bySlackUserId)}.`;
  return {
    text: truncate(line, LIMITS.messageText),
    blocks: [section(line), ...buildThreadCard(thread, ctx, { variant: 'compact' })],
  };
}

/** The one message posted when a channel's quiet hours end: how many threads changed, and their cards. */
export function buildQuietSummary(
  threads: readonly Thread[],
  changes: number,
  quiet: QuietHours,
  ctx: CardContext,
): SlackMessage {
  const shown = threads.slice(0, MAX_SUMMARY_CARDS);
  const title = `🌙 While this channel was quiet (${quiet.start}–${quiet.end}): ${threads.length} conversation${threads.length === 1 ? '' : 's'} changed (${changes} event${changes === 1 ? '' : 's'})`;
  const blocks: KnownBlock[] = [section(title)];
  for (const thread of shown) blocks.push(...buildThreadCard(thread, ctx, { variant: 'compact' }));
  if (threads.length > shown.length) {
    blocks.push(context([`…and ${threads.length - shown.length} more. Try \`/inbox noreply\` to see them.`]));
  }
  return { text: truncate(title, LIMITS.messageText), blocks };
}

const EVENT_WORDS: Record<LiveEventKind, string> = {
  replies: 'replies',
  requests: 'new requests',
  assigned: 'assignments',
  archived: 'archived and reopened threads',
};

/** One subscription in words (no outside text except the escaped filters). */
export function describeSubscription(sub: Subscription): string {
  const what = sub.events.map((e) => EVENT_WORDS[e]).join(', ');
  const filters = sub.description ? ` matching \`${escapeMrkdwn(sub.description)}\`` : ' for every thread';
  const quiet = sub.quiet ? ` · quiet ${sub.quiet.start}–${sub.quiet.end} (${escapeMrkdwn(sub.timezone)})` : '';
  return `${what}${filters}${quiet}`;
}

export function buildSubscribed(sub: Subscription, joinedNote: string | null): SlackMessage {
  const text = `✅ <#${sub.channelId}> now gets live Inbox events: ${describeSubscription(sub)}. One card per conversation, updated in place.`;
  return {
    text: truncate(text, LIMITS.messageText),
    blocks: [
      section(text, { block_id: BlockIds.notice }),
      context([joinedNote ?? '', 'List or remove: `/inbox subscriptions` · `/inbox unsubscribe`']),
    ],
  };
}

function removeButton(sub: Subscription): Button {
  return { type: 'button', action_id: ActionIds.subscriptionRemove, text: plain('Remove'), value: sub.id };
}

export function buildSubscriptionList(channelId: string, subs: readonly Subscription[], note?: string): SlackMessage {
  if (subs.length === 0) {
    const text = `<#${channelId}> has no live Inbox subscriptions. Start one with \`/inbox subscribe\`.`;
    return { text, blocks: [section(text, { block_id: BlockIds.subscriptions }), ...(note ? [context([note])] : [])] };
  }
  const blocks: KnownBlock[] = [header(`Live Inbox events in this channel (${subs.length})`, BlockIds.subscriptions)];
  for (const sub of subs) {
    blocks.push(
      section(`${describeSubscription(sub)}\n_Added by <@${sub.createdBy}>_`, {
        block_id: `${BlockIds.subscriptionPrefix}${sub.id}`,
        accessory: removeButton(sub),
      }),
    );
  }
  if (note) blocks.push(context([note]));
  return { text: `Live Inbox events in this channel: ${subs.length}`, blocks };
}

export function buildUnsubscribeConfirm(channelId: string, count: number): SlackMessage {
  if (count === 0) return buildSubscriptionList(channelId, []);
  const text = `Remove all ${count} live Inbox subscription${count === 1 ? '' : 's'} of <#${channelId}>? Cards already posted stay, but stop updating.`;
  return {
    text,
    blocks: [
      section(text, {
        block_id: BlockIds.subscriptions,
        accessory: {
          type: 'button',
          action_id: ActionIds.unsubscribeAll,
          style: 'danger',
          text: plain('Remove all'),
          value: channelId,
          confirm: {
            title: plain('Remove every subscription?'),
            text: plain(`This channel stops receiving live Inbox events (${count}).`, 300),
            confirm: plain('Remove all'),
            deny: plain('Keep them'),
            style: 'danger',
          },
        },
      }),
    ],
  };
}
