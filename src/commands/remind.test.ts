import { describe, expect, it } from 'vitest';
import { parseCommand } from './parse-command.js';
import { describeSchedule, formatRemind, type RemindCommand } from './remind.js';

function remind(text: string): RemindCommand {
  const parsed = parseCommand(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  if (parsed.command.kind !== 'remind') throw new Error(`not remind: ${parsed.command.kind}`);
  return parsed.command.remind;
}

function error(text: string): string {
  const parsed = parseCommand(text);
  if (parsed.ok) throw new Error(`parsed: ${JSON.stringify(parsed.command)}`);
  return parsed.error.message;
}

describe('/inbox remind', () => {
  it('shows with no words and stops with off', () => {
    expect(remind('remind')).toEqual({ action: 'show' });
    expect(remind('remind off')).toEqual({ action: 'off' });
    expect(remind('REMIND Stop')).toEqual({ action: 'off' });
  });

  it.each([
    ['remind weekdays', { days: [1, 2, 3, 4, 5], hour: 9, minute: 0 }],
    ['remind daily at 8:30', { days: [0, 1, 2, 3, 4, 5, 6], hour: 8, minute: 30 }],
    ['remind mon,wed,fri at 5:30pm', { days: [1, 3, 5], hour: 17, minute: 30 }],
    ['remind tue thursday at 7am', { days: [2, 4], hour: 7, minute: 0 }],
    ['remind at 12am', { days: [1, 2, 3, 4, 5], hour: 0, minute: 0 }],
    ['remind weekends 10:15', { days: [0, 6], hour: 10, minute: 15 }],
    ['remind at 9', { days: [1, 2, 3, 4, 5], hour: 9, minute: 0 }],
  ])('reads %s', (text, expected) => {
    const command = remind(text);
    expect(command.action).toBe('set');
    if (command.action === 'set') expect(command.schedule).toMatchObject(expected);
  });

  it('reads min-age and all-clear', () => {
    expect(remind('remind daily at 9:00 min-age:2h all-clear')).toEqual({
      action: 'set',
      schedule: { days: [0, 1, 2, 3, 4, 5, 6], hour: 9, minute: 0, minAgeMs: 7_200_000, allClear: true },
    });
  });

  it.each([
    ['remind at 25:00', '25:00'],
    ['remind at 9:75', '9:75'],
    ['remind at 13pm', '13pm'],
    ['remind at', 'At what time?'],
    ['remind mon,funday', 'funday'],
    ['remind min-age:soon', "“soon” isn't a duration"],
    ['remind min-age:45d', 'between 1 minute and 30 days'],
    ['remind tomorrow', 'Unknown word “tomorrow”'],
    ['remind off now', 'takes nothing after it'],
    ['remind every:day', 'Unknown option'],
  ])('refuses %s with words that name the problem', (text, words) => {
    expect(error(text)).toContain(words);
  });

  it('describes a schedule in words, and formats it back to a command that reads the same', () => {
    const command = remind('remind mon,wed,fri at 17:30 min-age:90m all-clear');
    if (command.action !== 'set') throw new Error('not set');
    expect(describeSchedule(command.schedule)).toBe(
      'Mon, Wed, Fri at 17:30, threads waiting 90 min or more, with an all-clear when nothing is waiting',
    );
    expect(remind(formatRemind(command.schedule))).toEqual(command);
  });
});
