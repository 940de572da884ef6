/**
 * `/inbox remind`: a personal reminder, as typed data. Pure.
 *
 *   /inbox remind                                   show the current setting
 *   /inbox remind off                               stop it
 *   /inbox remind [weekdays|daily|weekends|mon,wed,fri] [at 9:00|at 5:30pm] [min-age:2h] [all-clear]
 *
 * Unset parts take the defaults: weekdays, at 9:00, no minimum age, no message when nothing is waiting.
 */
import { closestMatch, rankByCloseness } from './closeness.js';
import { parseDuration } from './duration.js';
import type { ParseError } from './grammar.js';
import type { Token } from './tokenize.js';

/** Day names by JavaScript day number (0 = Sunday), as cron counts them too. */
export const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export const WEEKDAYS: readonly number[] = [1, 2, 3, 4, 5];
export const EVERY_DAY: readonly number[] = [0, 1, 2, 3, 4, 5, 6];
export const WEEKENDS: readonly number[] = [0, 6];

export interface ReminderSchedule {
  /** Day numbers, 0 = Sunday, sorted, each once, at least one. */
  days: number[];
  /** Local time of day in the person's own time zone. */
  hour: number;
  minute: number;
  /** Only threads waiting at least this long; null means any. */
  minAgeMs: number | null;
  /** Send "nothing is waiting" instead of nothing. */
  allClear: boolean;
}

export type RemindCommand = { action: 'show' } | { action: 'off' } | { action: 'set'; schedule: ReminderSchedule };

export const DEFAULT_REMINDER: ReminderSchedule = {
  days: [...WEEKDAYS],
  hour: 9,
  minute: 0,
  minAgeMs: null,
  allClear: false,
};

const MIN_AGE_LIMITS = { min: 60_000, max: 30 * 86_400_000 } as const;

const DAY_WORDS: Record<string, number> = {
  sun: 0,
  sunday: 0,
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  weds: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
};
const DAY_SETS: Record<string, readonly number[]> = {
  weekdays: WEEKDAYS,
  daily: EVERY_DAY,
  everyday: EVERY_DAY,
  weekends: WEEKENDS,
};
const OFF_WORDS = new Set(['off', 'stop', 'none', 'disable']);
const ALL_CLEAR_WORDS = new Set(['all-clear', 'allclear', 'all_clear']);
const MIN_AGE_KEYS = new Set(['min-age', 'minage', 'min_age']);
const KNOWN_WORDS = ['off', 'weekdays', 'daily', 'weekends', 'mon,wed,fri', 'at', 'min-age:2h', 'all-clear'];

export const REMIND_USAGE =
  'Usage: `/inbox remind [weekdays|daily|mon,wed,fri] [at 9:00] [min-age:2h] [all-clear]`, `/inbox remind off`, or `/inbox remind` to see yours.';

class RemindError extends Error {
  constructor(readonly error: ParseError) {
    super(error.message);
  }
}

function fail(message: string, input?: string, suggestions: string[] = []): never {
  throw new RemindError({
    code: 'invalid_value',
    message,
    ...(input === undefined ? {} : { input }),
    suggestions,
  });
}

/** `9`, `9:00`, `17:30`, `9am`, `5:30pm` → hour and minute; null when it is not shaped like a time. */
export function parseTimeOfDay(text: string): { hour: number; minute: number } | 'invalid' | null {
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const half = m[3]?.toLowerCase();
  if (half) {
    if (hour < 1 || hour > 12) return 'invalid';
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return 'invalid';
  return { hour, minute };
}

function parseDays(word: string): number[] | null {
  const set = DAY_SETS[word];
  if (set) return [...set];
  const parts = word.split(',').filter((p) => p !== '');
  if (parts.length === 0) return null;
  const days: number[] = [];
  for (const part of parts) {
    const day = DAY_WORDS[part];
    if (day === undefined) {
      if (parts.length > 1 || /^[a-z]{3,9}$/.test(part)) {
        const known = Object.keys(DAY_WORDS).filter((d) => d.length === 3);
        const best = closestMatch(part, known);
        if (parts.length > 1 || best !== undefined) {
          fail(
            `“${part}” isn't a day. Use mon, tue, wed, thu, fri, sat, sun (e.g. \`mon,wed,fri\`), weekdays, daily or weekends.`,
            part,
            best === undefined ? [] : [best],
          );
        }
      }
      return null;
    }
    days.push(day);
  }
  return days;
}

/** The words after `remind`. Returns a ParseError (never throws). */
export function parseRemind(args: readonly Token[]): RemindCommand | ParseError {
  try {
    return parseOrThrow(args);
  } catch (error) {
    if (error instanceof RemindError) return error.error;
    throw error;
  }
}

function parseOrThrow(args: readonly Token[]): RemindCommand {
  if (args.length === 0) return { action: 'show' };
  const first = args[0] as Token;
  if (first.key === null && OFF_WORDS.has(first.value.toLowerCase())) {
    const extra = args[1];
    if (extra) fail(`\`remind off\` takes nothing after it. ${REMIND_USAGE}`, extra.raw);
    return { action: 'off' };
  }
  let days: Set<number> | null = null;
  let time: { hour: number; minute: number } | null = null;
  let minAgeMs: number | null = null;
  let allClear = false;
  for (let i = 0; i < args.length; i++) {
    const token = args[i] as Token;
    if (token.key !== null) {
      if (!MIN_AGE_KEYS.has(token.key)) {
        fail(`Unknown option “${token.raw}”. ${REMIND_USAGE}`, token.raw, ['min-age:2h']);
      }
      const ms = parseDuration(token.value);
      if (ms === null)
        fail(`“${token.value}” isn't a duration. Try \`min-age:2h\`, \`min-age:30m\` or \`min-age:1d\`.`, token.raw);
      if (ms < MIN_AGE_LIMITS.min || ms > MIN_AGE_LIMITS.max) {
        fail(`A minimum age must be between 1 minute and 30 days (“${token.value}” is not).`, token.raw);
      }
      minAgeMs = ms;
      continue;
    }
    const word = token.value.toLowerCase();
    if (word === 'at') {
      const next = args[i + 1];
      if (!next) fail('At what time? For example `at 9:00` or `at 5:30pm`.', token.raw);
      const parsed = parseTimeOfDay(next.raw);
      if (parsed === null || parsed === 'invalid') {
        fail(`“${next.raw}” isn't a time of day. Use 24-hour \`9:00\` / \`17:30\`, or \`9am\` / \`5:30pm\`.`, next.raw);
      }
      time = parsed;
      i++;
      continue;
    }
    if (ALL_CLEAR_WORDS.has(word)) {
      allClear = true;
      continue;
    }
    const parsedTime = /\d/.test(word) ? parseTimeOfDay(word) : null;
    if (parsedTime === 'invalid') {
      fail(`“${token.raw}” isn't a time of day. Use 24-hour \`9:00\` / \`17:30\`, or \`9am\` / \`5:30pm\`.`, token.raw);
    }
    if (parsedTime !== null && /[:.h]|am|pm/i.test(word)) {
      time = parsedTime;
      continue;
    }
    const parsedDays = parseDays(word);
    if (parsedDays !== null) {
      days = new Set([...(days ?? []), ...parsedDays]);
      continue;
    }
    const ranked = rankByCloseness(word, KNOWN_WORDS);
    const best = closestMatch(word, KNOWN_WORDS);
    fail(
      `Unknown word “${token.raw}” in \`remind\`.${best ? ` Did you mean \`${best}\`?` : ''} ${REMIND_USAGE}`,
      token.raw,
      ranked,
    );
  }
  return {
    action: 'set',
    schedule: {
      days: days ? [...days].sort((a, b) => a - b) : [...DEFAULT_REMINDER.days],
      hour: time?.hour ?? DEFAULT_REMINDER.hour,
      minute: time?.minute ?? DEFAULT_REMINDER.minute,
      minAgeMs,
      allClear,
    },
  };
}

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** "weekdays", "daily", "weekends" or "Mon, Wed, Fri". */
export function describeDays(days: readonly number[]): string {
  if (same(days, EVERY_DAY)) return 'daily';
  if (same(days, WEEKDAYS)) return 'weekdays';
  if (same(days, WEEKENDS)) return 'weekends';
  return days.map((d) => DAY_NAMES[d] ?? '?').join(', ');
}

export function formatTimeOfDay(hour: number, minute: number): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

function describeAge(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  return `${Math.round(ms / 60_000)} min`;
}

/** "weekdays at 09:00, threads waiting 2 h or more, with an all-clear" (plain words, safe for mrkdwn). */
export function describeSchedule(s: ReminderSchedule): string {
  const parts = [`${describeDays(s.days)} at ${formatTimeOfDay(s.hour, s.minute)}`];
  if (s.minAgeMs !== null) parts.push(`threads waiting ${describeAge(s.minAgeMs)} or more`);
  if (s.allClear) parts.push('with an all-clear when nothing is waiting');
  return parts.join(', ');
}

/** The same schedule as text `/inbox remind` reads back (for "change it with …" hints and round trips). */
export function formatRemind(s: ReminderSchedule): string {
  const days = describeDays(s.days).toLowerCase().replace(/, /g, ',');
  const words = ['remind', days, 'at', formatTimeOfDay(s.hour, s.minute)];
  if (s.minAgeMs !== null) words.push(`min-age:${describeAge(s.minAgeMs).replace(/ /g, '').replace('min', 'm')}`);
  if (s.allClear) words.push('all-clear');
  return words.join(' ');
}
