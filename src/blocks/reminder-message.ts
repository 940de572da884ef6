/**
 * The personal reminder DM: how many threads await your reply and how long the longest has waited, the oldest
 * ones as compact cards with the usual buttons, "and N more" with the command that lists them, and how to change
 * the reminder. An all-clear version when nothing is waiting. Pure; ≤ 50 blocks whatever the numbers.
 */
import type { KnownBlock } from '@slack/types';
import { describeSchedule, type ReminderSchedule } from '../commands/remind.js';
import type { Queue } from '../services/queue.js';
import { durationBetween, slackDate, truncate } from './escape.js';
import { HOME_MORE_AWAITING } from './home-view.js';
import { context, divider, header, LIMITS, section } from './kit.js';
import type { SlackMessage } from './message.js';
import { buildThreadCard } from './thread-card.js';

export const REMINDER_MAX_CARDS = 10;

export interface ReminderMessageInput {
  queue: Pick<Queue, 'awaiting' | 'awaitingTotal' | 'oldestSince' | 'directory' | 'capped'>;
  schedule: ReminderSchedule;
  now: Date;
  inboxAppUrl: string;
}

const count = (n: number) => n.toLocaleString('en-US');

export function buildReminderMessage(input: ReminderMessageInput): SlackMessage {
  const { queue, now } = input;
  const footer = context([
    `⏰ Your reminder: ${describeSchedule(input.schedule)}. Change it with \`/inbox remind\`; stop it with \`/inbox remind off\`.`,
  ]);
  if (queue.awaitingTotal === 0) {
    const text = '✅ Nothing is waiting for your reply in Inbox. All clear!';
    return { text, blocks: [section(text), footer] };
  }
  const n = `${count(queue.awaitingTotal)}${queue.capped ? '+' : ''}`;
  const title = `${n} ${queue.awaitingTotal === 1 ? 'thread awaits' : 'threads await'} your reply`;
  const longest = queue.oldestSince ? durationBetween(queue.oldestSince, now) : null;
  const head: KnownBlock[] = [
    header(`⏰ ${title}`),
    ...(queue.oldestSince && longest
      ? [section(`The longest has waited *${longest}* (since ${slackDate(queue.oldestSince)}). Oldest first:`)]
      : []),
  ];
  const budget = LIMITS.messageBlocks - head.length - 3;
  const cards: KnownBlock[] = [];
  let shown = 0;
  for (const thread of queue.awaiting.slice(0, REMINDER_MAX_CARDS)) {
    const card = buildThreadCard(
      thread,
      { directory: queue.directory, now, inboxAppUrl: input.inboxAppUrl },
      {
        variant: 'compact',
      },
    );
    if (cards.length + card.length + (shown > 0 ? 1 : 0) > budget) break;
    if (shown > 0) cards.push(divider());
    cards.push(...card);
    shown++;
  }
  const more = queue.awaitingTotal - shown;
  const tail: KnownBlock[] =
    more > 0 || queue.capped
      ? [context([`…and *${count(more)}${queue.capped ? '+' : ''} more*. List them with \`${HOME_MORE_AWAITING}\`.`])]
      : [];
  const text = truncate(`⏰ ${title}${longest ? `; the longest has waited ${longest}` : ''}.`, LIMITS.messageText);
  return { text, blocks: [...head, ...cards, ...tail, footer] };
}

export type RemindAnswer =
  | { kind: 'show'; reminder: (ReminderSchedule & { timezone: string | null }) | null; next: Date | null }
  | { kind: 'set'; reminder: ReminderSchedule & { timezone: string | null }; next: Date | null }
  | { kind: 'off'; had: boolean };

function zoneWords(timezone: string | null): string {
  return timezone
    ? `in your Slack time zone (now ${timezone}; it follows you when you travel)`
    : 'in UTC, since your Slack profile has no time zone';
}

/** The answer to `/inbox remind …` (only the person sees it). */
export function buildRemindAnswer(answer: RemindAnswer): SlackMessage {
  let text: string;
  switch (answer.kind) {
    case 'off':
      text = answer.had
        ? '🔕 Your reminder is off. `/inbox remind weekdays at 9:00` starts it again.'
        : 'You had no reminder. `/inbox remind weekdays at 9:00` starts one.';
      break;
    case 'show':
      text = answer.reminder
        ? `⏰ Your reminder: ${describeSchedule(answer.reminder)}, ${zoneWords(answer.reminder.timezone)}.${
            answer.next ? ` Next one: ${slackDate(answer.next)}.` : ''
          } \`/inbox remind off\` stops it.`
        : 'You have no reminder. `/inbox remind weekdays at 9:00` sends you a DM with the threads awaiting your reply, in your own time zone. Add `min-age:2h` to skip fresh ones, `all-clear` to hear when nothing is waiting.';
      break;
    case 'set':
      text = `✅ Reminder set: ${describeSchedule(answer.reminder)}, ${zoneWords(answer.reminder.timezone)}.${
        answer.next ? ` Next one: ${slackDate(answer.next)}.` : ''
      }${answer.reminder.allClear ? '' : ' You only get a DM when something is waiting for you.'}`;
      break;
  }
  return { text: truncate(text, LIMITS.messageText), blocks: [section(text)] };
}
