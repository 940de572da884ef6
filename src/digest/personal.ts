/**
 * Personal digests: at each person's reminder time, in their own Slack time zone, a DM with their threads
 * awaiting a reply. Exactly once per person and slot across restarts and replicas: the slot is claimed in the
 * state store before anything is read or sent, and finished with what happened. Nothing is sent when nothing
 * is waiting, unless the person asked for an all-clear.
 *
 * The zone is read from Slack (users.info → tz) when a slot looks due (at most `zoneCacheMs` old otherwise), so
 * a reminder follows the person when they travel; the slot key is the local wall time in the zone it fired in,
 * so flying west never brings a second 09:00 DM on the same day.
 */
import type { Logger } from '@slack/bolt';
import type { SlackMessage } from '../blocks/message.js';
import { buildReminderMessage, REMINDER_MAX_CARDS } from '../blocks/reminder-message.js';
import { InboxApiError } from '../inbox/errors.js';
import type { IdentityService } from '../services/identity.js';
import type { QueueService } from '../services/queue.js';
import {
  dueSlot,
  FALLBACK_TIMEZONE,
  isTimeZone,
  type ReminderService,
  type ReminderSlot,
  type StoredReminder,
} from '../services/reminders.js';
import type { ClaimsPort, StoreKey } from '../services/store-ports.js';
import { classifySlackError } from './poster.js';
import { createDigestSchedule } from './schedule.js';
import { type CronLoop, startCronLoop, type Timers } from './scheduler.js';

export const REMINDER_SENT_SCOPE = 'reminder-sent';

export type PersonalOutcome =
  | { status: 'sent'; slackUserId: string; slot: string; ts: string; total: number }
  | { status: 'nothing-waiting'; slackUserId: string; slot: string }
  | { status: 'already-done'; slackUserId: string; slot: string }
  | { status: 'not-linked'; slackUserId: string; slot: string }
  | { status: 'failed'; slackUserId: string; slot: string; reason: string };

export interface PersonalDigestDeps {
  reminders: ReminderService;
  claims: ClaimsPort;
  queue: Pick<QueueService, 'forMember'>;
  identity: IdentityService;
  sendDm(slackUserId: string, message: SlackMessage): Promise<{ ts: string }>;
  clock: () => Date;
  logger: Logger;
  inboxAppUrl: string;
  /** How late a slot is still sent (after a restart). Default 2 h. */
  graceMs?: number;
  /** How long a zone read from Slack is trusted before a slot is known to be due. Default 15 min. */
  zoneCacheMs?: number;
  /** How long a claim is held before another replica may take it over. Default 10 min. */
  claimTtlMs?: number;
}

export interface PersonalDigests {
  /** Sends every reminder of the team that is due now; one outcome per reminder it looked at closely. */
  runDue(teamId: string): Promise<PersonalOutcome[]>;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createPersonalDigests(deps: PersonalDigestDeps): PersonalDigests {
  const graceMs = deps.graceMs ?? 2 * 3_600_000;
  const zoneCacheMs = deps.zoneCacheMs ?? 15 * 60_000;
  const claimTtlMs = deps.claimTtlMs ?? 10 * 60_000;
  const zones = new Map<string, { zone: string | null; at: number }>();

  async function zoneOf(slackUserId: string, fresh: boolean, fallback: string | null): Promise<string> {
    const now = deps.clock().getTime();
    const hit = zones.get(slackUserId);
    if (!fresh && hit && now - hit.at < zoneCacheMs) return hit.zone ?? fallback ?? FALLBACK_TIMEZONE;
    let zone: string | null;
    try {
      zone = await deps.reminders.lookupTimeZone(slackUserId);
    } catch (error) {
      deps.logger.warn(`reminders: could not read the time zone of ${slackUserId}: ${describe(error)}`);
      return hit?.zone ?? fallback ?? FALLBACK_TIMEZONE;
    }
    zones.set(slackUserId, { zone: isTimeZone(zone) ? zone : null, at: now });
    if (zones.size > 10_000) zones.delete(zones.keys().next().value as string);
    return isTimeZone(zone) ? zone : (fallback ?? FALLBACK_TIMEZONE);
  }

  const sentKey = (teamId: string, slackUserId: string, slot: ReminderSlot): StoreKey => ({
    teamId,
    scope: REMINDER_SENT_SCOPE,
    key: `${slackUserId}:${slot.key}`,
  });

  async function alreadyDone(key: StoreKey): Promise<boolean> {
    return (await deps.claims.get(key))?.status === 'done';
  }

  /** The slot due now for this person, in the zone Slack has for them now; null when none. */
  async function due(teamId: string, slackUserId: string, reminder: StoredReminder): Promise<ReminderSlot | null> {
    const now = deps.clock();
    const cached = await zoneOf(slackUserId, false, reminder.timezone);
    const guess = dueSlot(reminder, cached, now, graceMs);
    if (!guess || (await alreadyDone(sentKey(teamId, slackUserId, guess)))) return null;
    // Looks due: read the zone again, so a person who just travelled gets it at their new local time.
    const zone = await zoneOf(slackUserId, true, reminder.timezone);
    if (zone === cached) return guess;
    const slot = dueSlot(reminder, zone, now, graceMs);
    return slot && !(await alreadyDone(sentKey(teamId, slackUserId, slot))) ? slot : null;
  }

  async function runOne(
    teamId: string,
    slackUserId: string,
    reminder: StoredReminder,
  ): Promise<PersonalOutcome | null> {
    const slot = await due(teamId, slackUserId, reminder);
    if (!slot) return null;
    const base = { slackUserId, slot: slot.key };
    const attempt = await deps.claims.acquire(sentKey(teamId, slackUserId, slot), { ttlMs: claimTtlMs });
    if (attempt.status !== 'claimed') return { status: 'already-done', ...base };
    const claim = attempt.claim;
    let stage: 'inbox' | 'slack' = 'inbox';
    try {
      const member = await deps.identity.memberFor(slackUserId);
      if (!member) {
        await deps.claims.finish(claim, { status: 'not-linked' });
        deps.logger.warn(`reminders: ${slackUserId} has a reminder but is not linked to an Inbox member; skipped`);
        return { status: 'not-linked', ...base };
      }
      const now = deps.clock();
      const queue = await deps.queue.forMember(member, { keep: REMINDER_MAX_CARDS, minAgeMs: reminder.minAgeMs, now });
      if (queue.awaitingTotal === 0 && !reminder.allClear) {
        await deps.claims.finish(claim, { status: 'nothing-waiting' });
        return { status: 'nothing-waiting', ...base };
      }
      const message = buildReminderMessage({ queue, schedule: reminder, now, inboxAppUrl: deps.inboxAppUrl });
      stage = 'slack';
      const { ts } = await deps.sendDm(slackUserId, message);
      await deps.claims.finish(claim, { status: 'sent', ts, total: queue.awaitingTotal });
      return { status: 'sent', ...base, ts, total: queue.awaitingTotal };
    } catch (error) {
      const reason = error instanceof InboxApiError ? `Inbox: ${error.kind}` : describe(error);
      // A post whose answer was lost may have reached Slack: never sent twice, so the slot is finished.
      if (stage === 'slack' && classifySlackError(error).kind === 'ambiguous') {
        await deps.claims.finish(claim, { status: 'uncertain', reason }).catch(() => false);
      } else {
        await deps.claims.release(claim, { status: 'failed', reason }).catch(() => false);
      }
      deps.logger.error(`reminders: the ${slot.key} reminder for ${slackUserId} failed: ${reason}`);
      return { status: 'failed', ...base, reason };
    }
  }

  return {
    async runDue(teamId) {
      const outcomes: PersonalOutcome[] = [];
      for (const { slackUserId, reminder } of await deps.reminders.list(teamId)) {
        try {
          const outcome = await runOne(teamId, slackUserId, reminder);
          if (outcome) outcomes.push(outcome);
        } catch (error) {
          deps.logger.error(`reminders: could not check the reminder of ${slackUserId}: ${describe(error)}`);
        }
      }
      return outcomes;
    },
  };
}

export interface PersonalSchedulerOptions {
  digests: PersonalDigests;
  /** The Slack teams to serve (one for a single-workspace install). */
  teams(): Promise<string[]>;
  clock: () => Date;
  logger: Logger;
  timers?: Timers;
}

/** Every minute, on the minute: send the reminders that are due. stop() waits for a run in flight. */
export function startPersonalScheduler(options: PersonalSchedulerOptions): { stop(): Promise<void> } {
  const loop: CronLoop = startCronLoop({
    schedule: createDigestSchedule('* * * * *', 'UTC'),
    graceMs: 60_000,
    clock: options.clock,
    logger: options.logger,
    ...(options.timers ? { timers: options.timers } : {}),
    run: async () => {
      for (const teamId of await options.teams()) await options.digests.runDue(teamId);
    },
  });
  return {
    async stop() {
      await loop.stop();
    },
  };
}
