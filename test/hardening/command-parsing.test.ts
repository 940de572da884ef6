/**
 * Issue 10, items 8 and 9: the `/inbox` grammar under hostile text.
 *
 * 8. A command far longer than Slack sends (200,000 characters) is refused in words within 50 ms, and the tokenizer
 *    and the "did you mean" ranking stay linear/bounded on the longest text that is read (MAX_COMMAND_LENGTH), so no
 *    command can block the event loop. Over signed HTTP the app answers it and keeps serving.
 * 9. Words that name Object.prototype's members (`constructor`, `__proto__`, `toString`…) are unknown words, never a
 *    function or a prototype: the grammar looks words up in Maps.
 */
import { describe, expect, it } from 'vitest';
import { editDistance, rankByCloseness } from '../../src/commands/closeness.js';
import { MAX_COMMAND_LENGTH } from '../../src/commands/grammar.js';
import { parseCommand } from '../../src/commands/parse-command.js';
import { tokenize } from '../../src/commands/tokenize.js';
import { messageText, useAppStack } from '../support/app-stack.js';
import { expectAlive, expectValidMessage, runCommand } from './support.js';

const app = useAppStack();

/** Milliseconds `fn` takes (best of three, so one GC pause does not decide the result). */
function timeMs(fn: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** `list` and numbered words, exactly `length` characters (the last word padded). */
function words(length: number, word: (i: number) => string): string {
  let text = 'list';
  for (let i = 0; text.length < length; i++) text += ` ${word(i)}`;
  return text.slice(0, length);
}

/** Shapes that made the old tokenizer and ranking quadratic, each `length` characters long. */
function hostileTexts(length: number): Array<[string, string]> {
  const fill = (unit: string) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  return [
    ['one long word', fill('a')],
    ['"<" groups that never close', fill('< ')],
    [
      'a word that is almost a key, with colons',
      `${fill('a').slice(0, length / 2)}://${fill(':').slice(0, length / 2 - 3)}`,
    ],
    ['many tag: filters', `list ${fill('tag:x ').slice(5)}`],
    ['many distinct tag: filters', words(length, (i) => `tag:${i.toString(36)}`)],
    ['many assignee: filters', words(length, (i) => `assignee:m${i.toString(36)}`)],
    ['an unknown word (ranked for "did you mean")', `list ${fill('zq').slice(5)}`],
  ];
}

describe('item 8: long commands cannot block the event loop', () => {
  it.each(hostileTexts(200_000))(
    'a 200,000-character command (%s) is refused in words in under 50 ms',
    (_name, text) => {
      expect(text.length).toBe(200_000);
      let result: ReturnType<typeof parseCommand> | undefined;
      const ms = timeMs(() => {
        result = parseCommand(text);
      });
      expect(ms).toBeLessThan(50);
      expect(result?.ok).toBe(false);
      if (result && !result.ok) {
        expect(result.error.code).toBe('too_long');
        expect(result.error.message).toMatch(/too long \(200,000 characters; at most 40,000\)/);
      }
    },
  );

  // The longest text that is read takes a few ms; the bound leaves room for a busy machine (the old tokenizer took
  // seconds on these shapes).
  it.each(hostileTexts(MAX_COMMAND_LENGTH))(
    'the longest command that is read (%s) is tokenized and parsed in under 250 ms',
    (_name, text) => {
      expect(Array.from(text).length).toBeLessThanOrEqual(MAX_COMMAND_LENGTH);
      expect(timeMs(() => tokenize(text))).toBeLessThan(250);
      expect(timeMs(() => parseCommand(text))).toBeLessThan(250);
    },
  );

  it('"did you mean" ranking is bounded however long the word is', () => {
    const long = 'x'.repeat(100_000);
    // Unbounded, these took seconds (a 100,000 × 100,000 matrix; 1,000 matrices of 100,000 × 20).
    expect(timeMs(() => editDistance(long, long.replace(/x$/, 'y')))).toBeLessThan(250);
    const names = Array.from({ length: 1_000 }, (_, i) => `tag name number ${i}`);
    expect(timeMs(() => rankByCloseness(long, names))).toBeLessThan(250);
    // Distances still mean what they did for names of ordinary length.
    expect(editDistance('noreplly', 'noreply')).toBe(1);
    expect(editDistance('unasigned', 'unassigned')).toBe(1);
    expect(editDistance('nroeply', 'noreply')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('over signed HTTP: a 200,000-character command gets a clear answer, and the app keeps serving', async () => {
    // Letters only, so the form-encoded body stays within the receiver's 256 KB limit.
    const { answer } = await runCommand(app(), `list ${'a'.repeat(199_995)}`);
    expect(messageText(answer)).toMatch(/too long/);
    expectValidMessage(answer);
    expect(app().inbox.controls.requests()).toEqual([]);
    await expectAlive(app());
  });
});

describe('item 9: words that are Object.prototype members are just words', () => {
  const cases: Array<[string, RegExp]> = [
    ['list constructor', /Unknown word “constructor”/],
    ['list __proto__', /Unknown word “__proto__”/],
    ['list toString', /Unknown word “toString”/],
    ['list hasOwnProperty', /Unknown word “hasOwnProperty”/],
    ['noreply valueOf', /Unknown word “valueOf”/],
    ['constructor:x', /Unknown filter “constructor:”/],
    ['list __proto__:x', /Unknown word “__proto__:x”/],
    ['list toString:', /Unknown filter “tostring:”/],
    ['constructor', /Unknown command “constructor”/],
    ['__proto__', /Unknown command “__proto__”/],
  ];

  it.each(cases)('`/inbox %s` is refused as an unknown word', (text, message) => {
    const result = parseCommand(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toMatch(message);
      expect(result.error.message).not.toMatch(/native code|function|\[object/);
    }
  });

  it('over signed HTTP the user is told the word is unknown, with no code shown', async () => {
    for (const text of ['list constructor', 'constructor:x']) {
      const { answer } = await runCommand(app(), text);
      expect(messageText(answer)).toMatch(/Unknown (word|filter)/);
      expect(messageText(answer)).not.toMatch(/native code|function Object/);
    }
    expect(app().inbox.controls.requests()).toEqual([]);
  });
});
