/**
 * Quiet hours (`quiet:22:00-08:00`) read in a time zone: is `now` inside them, and when do they end.
 * A period whose start is after its end spans midnight. Pure; the zone arithmetic is @date-fns/tz's.
 */
import { TZDate } from '@date-fns/tz';
import type { QuietHours } from '../commands/grammar.js';

const minutes = (hhmm: string) => {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};

function minuteOfDay(now: Date, timezone: string): number {
  const local = new TZDate(now.getTime(), timezone);
  return local.getHours() * 60 + local.getMinutes() + local.getSeconds() / 60;
}

export function inQuietHours(quiet: QuietHours, timezone: string, now: Date): boolean {
  const at = minuteOfDay(now, timezone);
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  return start < end ? at >= start && at < end : at >= start || at < end;
}

/** The next moment the period ends, after `now` (when `now` is inside it). */
export function quietEndsAt(quiet: QuietHours, timezone: string, now: Date): Date {
  const local = new TZDate(now.getTime(), timezone);
  const end = minutes(quiet.end);
  const target = new TZDate(local.getTime(), timezone);
  target.setHours(Math.floor(end / 60), end % 60, 0, 0);
  if (target.getTime() <= now.getTime()) target.setDate(target.getDate() + 1);
  return new Date(target.getTime());
}
