/**
 * The App Home tab, "My queue": counts at the top, the viewer's threads awaiting a reply (oldest first, as
 * compact cards with the usual buttons), then their other open threads, their reminder setting and a way to the
 * settings. A viewer who is not linked to an Inbox member is told why and what to do; an Inbox failure is shown
 * in words with a Refresh button. Pure, and within the Home tab's 100 blocks however many threads there are.
 */
import type { ActionsBlock, Button, HomeView, KnownBlock } from '@slack/types';
import type { Queue } from '../services/queue.js';
import { durationBetween, slackDate } from './escape.js';
import { ActionIds, BlockIds } from './ids.js';
import { context, divider, header, LIMITS, plain, section } from './kit.js';
import { buildThreadCard } from './thread-card.js';

/** The commands that list everything the Home tab had no room for. */
export const HOME_MORE_AWAITING = '/inbox noreply mine oldest';
export const HOME_MORE_OTHER = '/inbox mine oldest';
/** Cards at most per section (the block budget may allow fewer). */
export const HOME_MAX_AWAITING_CARDS = 15;
export const HOME_MAX_OTHER_CARDS = 10;

export type HomeState =
  | { kind: 'queue'; queue: Queue }
  | { kind: 'unlinked' }
  /** Inbox could not be read; `message` is in words, already safe for mrkdwn. */
  | { kind: 'unavailable'; message: string };

export interface HomeInput {
  state: HomeState;
  now: Date;
  inboxAppUrl: string;
  /** The viewer's personal reminder in words ("weekdays at 09:00, Europe/Paris"), or null when they have none. */
  reminder: string | null;
  /** Show the team settings button (the viewer may change settings). */
  canManageSettings: boolean;
  /** A line to show at the top (after a click: "Archived by you"), mrkdwn written by the app. */
  notice?: string;
}

const count = (n: number) => n.toLocaleString('en-US');

function button(text: string, actionId: string, style?: 'primary'): Button {
  return { type: 'button', action_id: actionId, text: plain(text), value: actionId, ...(style ? { style } : {}) };
}

function actionsRow(input: HomeInput): ActionsBlock {
  const elements: Button[] = [button('↻ Refresh', ActionIds.homeRefresh)];
  if (input.canManageSettings) elements.push(button('⚙️ Team settings', ActionIds.homeSettings));
  return { type: 'actions', block_id: BlockIds.homeActions, elements };
}

function reminderLine(reminder: string | null): KnownBlock {
  const text = reminder
    ? `⏰ Your reminder: ${reminder}. Change it with \`/inbox remind\`, or stop it with \`/inbox remind off\`.`
    : '⏰ No personal reminder. `/inbox remind weekdays at 9:00` sends you a DM with the threads awaiting your reply, in your time zone.';
  return context([text], BlockIds.homeReminder);
}

/** Compact cards separated by dividers, as many of `threads` as fit in `budget` blocks (and `max`). */
function cards(
  threads: Queue['awaiting'],
  input: HomeInput,
  queue: Queue,
  budget: number,
  max: number,
): { blocks: KnownBlock[]; shown: number } {
  const blocks: KnownBlock[] = [];
  let shown = 0;
  for (const thread of threads.slice(0, max)) {
    const card = buildThreadCard(
      thread,
      // The Home is one person's: what would do nothing for them ("Assign to me" on their own thread) is left out.
      {
        directory: queue.directory,
        now: input.now,
        inboxAppUrl: input.inboxAppUrl,
        viewer: { memberId: queue.member.id },
      },
      { variant: 'compact' },
    );
    const needed = card.length + (shown > 0 ? 1 : 0);
    if (blocks.length + needed > budget) break;
    if (shown > 0) blocks.push(divider());
    blocks.push(...card);
    shown++;
  }
  return { blocks, shown };
}

function moreLine(total: number, shown: number, capped: boolean, command: string, blockId: string): KnownBlock[] {
  const more = total - shown;
  if (more <= 0 && !capped) return [];
  const n = capped ? `${count(more)}+` : count(more);
  return [context([`…and *${n} more*. List them with \`${command}\`.`], blockId)];
}

function queueBlocks(input: HomeInput, queue: Queue): KnownBlock[] {
  const plus = queue.capped ? '+' : '';
  const counts = [
    `*${count(queue.awaitingTotal)}${plus} ${queue.awaitingTotal === 1 ? 'thread' : 'threads'}* awaiting your reply`,
    `*${count(queue.otherTotal)}${plus}* other open`,
  ].join(' · ');
  const longest = queue.oldestSince
    ? `\nThe longest has waited *${durationBetween(queue.oldestSince, input.now)}* (since ${slackDate(queue.oldestSince)}).`
    : '';
  const head: KnownBlock[] = [
    header('📥 My queue', BlockIds.homeHeader),
    section(`${counts}${longest}`, { block_id: BlockIds.homeCounts }),
    context([`Updated ${slackDate(input.now, '{date_short_pretty} at {time}')}`]),
    actionsRow(input),
    ...(input.notice ? [section(input.notice, { block_id: BlockIds.homeNotice })] : []),
    divider(),
  ];
  // Fixed blocks after the cards: two titles, two "more" lines, two dividers, the reminder line.
  const fixedTail = 7;
  let budget = LIMITS.modalBlocks - head.length - fixedTail;

  const awaitingTitle = section(
    queue.awaitingTotal === 0
      ? '*Awaiting your reply*\nNothing is waiting for your reply. 🎉'
      : '*Awaiting your reply* (oldest first)',
    { block_id: BlockIds.homeAwaiting },
  );
  const awaiting = cards(queue.awaiting, input, queue, budget, HOME_MAX_AWAITING_CARDS);
  budget -= awaiting.blocks.length;
  const otherTitle = section(
    queue.otherTotal === 0
      ? '*Your other open threads*\nNo other open threads are assigned to you.'
      : '*Your other open threads* (least recent first)',
    { block_id: BlockIds.homeOther },
  );
  const other = cards(queue.other, input, queue, budget, HOME_MAX_OTHER_CARDS);

  return [
    ...head,
    awaitingTitle,
    ...awaiting.blocks,
    ...moreLine(queue.awaitingTotal, awaiting.shown, queue.capped, HOME_MORE_AWAITING, BlockIds.homeAwaitingMore),
    divider(),
    otherTitle,
    ...other.blocks,
    ...moreLine(queue.otherTotal, other.shown, queue.capped, HOME_MORE_OTHER, BlockIds.homeOtherMore),
    divider(),
    reminderLine(input.reminder),
  ];
}

function unlinkedBlocks(input: HomeInput): KnownBlock[] {
  return [
    header('📥 My queue', BlockIds.homeHeader),
    section(
      [
        '*Your Slack account is not linked to an Inbox member*, so there is no queue to show you yet.',
        'Inbox for Slack finds you by email: no member of your Inbox team has the email address of your Slack profile.',
        '*What to do:* ask an Inbox admin to invite you with that email address, or ask a Slack admin to link your account in `/inbox settings` → *Member links*. Then press *Refresh*.',
      ].join('\n\n'),
      { block_id: BlockIds.homeUnlinked },
    ),
    context(['Meanwhile you can still read threads: `/inbox noreply`, `/inbox who <name>`, `/inbox help`.']),
    actionsRow(input),
    ...(input.notice ? [section(input.notice, { block_id: BlockIds.homeNotice })] : []),
  ];
}

function unavailableBlocks(input: HomeInput, message: string): KnownBlock[] {
  return [
    header('📥 My queue', BlockIds.homeHeader),
    section(`⚠️ Your queue could not be loaded: ${message}`, { block_id: BlockIds.homeNotice }),
    context([`Tried ${slackDate(input.now, '{date_short_pretty} at {time}')}. Press *Refresh* to try again.`]),
    actionsRow(input),
  ];
}

export function buildHomeView(input: HomeInput): HomeView {
  const { state } = input;
  const blocks =
    state.kind === 'queue'
      ? queueBlocks(input, state.queue)
      : state.kind === 'unlinked'
        ? unlinkedBlocks(input)
        : unavailableBlocks(input, state.message);
  return { type: 'home', blocks: blocks.slice(0, LIMITS.modalBlocks) };
}
