/**
 * The digest's cron schedule in an explicit IANA time zone. croner 11 computes every fire time (it follows
 * Vixie cron across DST: a time inside the spring-forward gap runs at the first valid time after it, a
 * repeated fall-back time runs once); this module only wraps it and names each slot.
 *
 * A slot is named by its local wall time in the digest's zone (`2026-03-09T09:00`), not by its UTC instant,
 * so that even a schedule that somehow produced the same local time twice (fall-back) claims one key.
 */
import { Cron } from 'croner';

export interface DigestSchedule {
  readonly pattern: string;
  readonly timezone: string;
  /** The first slot strictly after `after`. */
  nextAfter(after: Date): Date | null;
  /** The latest slot at or before `at`. */
  latestAtOrBefore(at: Date): Date | null;
  /** The slot's key: local wall time in the schedule's zone, to the minute (or second when the pattern has seconds). */
  slotKey(slot: Date): string;
}

export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}

/** Throws a ScheduleError naming the bad variable when the pattern or the zone is invalid. */
export function createDigestSchedule(pattern: string, timezone: string): DigestSchedule {
  assertTimeZone(timezone);
  let cron: Cron;
  try {
    cron = new Cron(pattern, { timezone, paused: true });
    cron.nextRun(new Date(0));
  } catch (error) {
    throw new ScheduleError(
      `DIGEST_SCHEDULE "${pattern}" is not a valid cron expression: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const withSeconds = pattern.trim().split(/\s+/).length > 5;
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return {
    pattern,
    timezone,
    nextAfter: (after) => cron.nextRun(after),
    latestAtOrBefore: (at) => cron.previousRuns(1, new Date(at.getTime() + 1))[0] ?? null,
    slotKey: (slot) => {
      const parts = Object.fromEntries(format.formatToParts(slot).map((p) => [p.type, p.value]));
      const base = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
      return withSeconds ? `${base}:${parts.second}` : base;
    },
  };
}

export function assertTimeZone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new ScheduleError(`DIGEST_TIMEZONE "${timezone}" is not an IANA time zone (for example Europe/Paris or UTC)`);
  }
}
