/**
 * Personal reminders: each person's schedule, kept per Slack team in the state store (scope `reminder`, key the
 * Slack user ID), and when it is due. The schedule is a local time of day on some weekdays in the person's own
 * Slack time zone (users.info → tz), read again when a reminder is due, so it follows them when they travel.
 * croner computes the slots in that zone (across DST: a time in the spring-forward gap runs at the first valid
 * time after it; a repeated fall-back time runs once).
 */
import { Cron } from 'croner';
import type { ReminderSchedule } from '../commands/remind.js';
import type { RecordsPort } from './store-ports.js';

export const REMINDER_SCOPE = 'reminder';

export interface StoredReminder extends ReminderSchedule {
  /** The zone last read from Slack (for display; the run reads it again). */
  timezone: string | null;
}

export interface ReminderSlot {
  at: Date;
  /** The slot's local wall time in the zone it was computed in: one DM per person and key, ever. */
  key: string;
}

export interface ReminderServiceDeps {
  records: RecordsPort;
  /** The person's IANA time zone from Slack (users.info → tz); null when Slack has none. */
  lookupTimeZone(slackUserId: string): Promise<string | null>;
}

export const FALLBACK_TIMEZONE = 'UTC';

export function isTimeZone(zone: string | null | undefined): zone is string {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Parsed schedules, reused across ticks (every reminder is looked at every minute). */
const crons = new Map<string, Cron>();

function cronOf(schedule: ReminderSchedule, timezone: string): Cron {
  const pattern = `${schedule.minute} ${schedule.hour} * * ${schedule.days.join(',')}`;
  const key = `${pattern}|${timezone}`;
  let cron = crons.get(key);
  if (!cron) {
    if (crons.size >= 2_000) crons.clear();
    cron = new Cron(pattern, { timezone, paused: true });
    crons.set(key, cron);
  }
  return cron;
}

/** "2026-03-09T09:00" in `timezone`. */
export function localKey(at: Date, timezone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The latest slot at or before `now` if it is at most `graceMs` old, else null. */
export function dueSlot(schedule: ReminderSchedule, timezone: string, now: Date, graceMs: number): ReminderSlot | null {
  const zone = isTimeZone(timezone) ? timezone : FALLBACK_TIMEZONE;
  const at = cronOf(schedule, zone).previousRuns(1, new Date(now.getTime() + 1))[0];
  if (!at || now.getTime() - at.getTime() > graceMs) return null;
  return { at, key: localKey(at, zone) };
}

/** The first slot strictly after `after`. */
export function nextSlot(schedule: ReminderSchedule, timezone: string, after: Date): Date | null {
  return cronOf(schedule, isTimeZone(timezone) ? timezone : FALLBACK_TIMEZONE).nextRun(after);
}

export function createReminderService(deps: ReminderServiceDeps) {
  const key = (teamId: string, slackUserId: string) => ({ teamId, scope: REMINDER_SCOPE, key: slackUserId });

  return {
    async get(teamId: string, slackUserId: string): Promise<StoredReminder | null> {
      return (await deps.records.get<StoredReminder>(key(teamId, slackUserId)))?.value ?? null;
    },

    /** Saves the schedule (last write wins: it is the person's own) with the zone Slack has for them now. */
    async set(teamId: string, slackUserId: string, schedule: ReminderSchedule): Promise<StoredReminder> {
      const zone = await deps.lookupTimeZone(slackUserId);
      const reminder: StoredReminder = { ...schedule, timezone: isTimeZone(zone) ? zone : null };
      await deps.records.put(key(teamId, slackUserId), reminder);
      return reminder;
    },

    /** True when there was a reminder to stop. */
    async off(teamId: string, slackUserId: string): Promise<boolean> {
      return deps.records.delete(key(teamId, slackUserId));
    },

    async list(teamId: string): Promise<Array<{ slackUserId: string; reminder: StoredReminder }>> {
      const rows = await deps.records.list<StoredReminder>(teamId, REMINDER_SCOPE, { limit: 100_000 });
      return rows.map((r) => ({ slackUserId: r.key, reminder: r.value }));
    },

    lookupTimeZone: deps.lookupTimeZone,
  };
}

export type ReminderService = ReturnType<typeof createReminderService>;

/** "weekdays at 09:00" + " (Europe/Paris)" for display. */
export function zoneNote(timezone: string | null): string {
  return timezone ? `your Slack time zone, now ${timezone}` : `UTC: Slack has no time zone for you`;
}
