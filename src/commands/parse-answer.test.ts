/** The grammar of the commands that answer from Slack: dm (and, below, the bulk and round-robin commands). */
import { describe, expect, it } from 'vitest';
import type { Command, ParseErrorCode } from './grammar.js';
import { parseCommand } from './parse-command.js';

const ok = (text: string): Command => {
  const parsed = parseCommand(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message}`);
  return parsed.command;
};
const error = (text: string): { code: ParseErrorCode; message: string } => {
  const parsed = parseCommand(text);
  if (parsed.ok) throw new Error(`${text} parsed as ${JSON.stringify(parsed.command)}`);
  return parsed.error;
};

describe('parseCommand: dm', () => {
  const cases: [string, Command][] = [
    ['dm jack', { kind: 'dm', target: { type: 'username', username: 'jack' }, account: null, text: '' }],
    [
      'dm @Jack account:@AcmeHQ "Hi Jack, it\'s me"',
      { kind: 'dm', target: { type: 'username', username: 'jack' }, account: 'acmehq', text: "Hi Jack, it's me" },
    ],
    [
      'dm “Hello there” x.com/jack',
      { kind: 'dm', target: { type: 'username', username: 'jack' }, account: null, text: 'Hello there' },
    ],
    ['dm 12345', { kind: 'dm', target: { type: 'platformId', platformId: '12345' }, account: null, text: '' }],
    [
      'dm https://x.com/i/user/777 "a &amp; b"',
      { kind: 'dm', target: { type: 'platformId', platformId: '777' }, account: null, text: 'a & b' },
    ],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(ok(text)).toEqual(expected);
  });

  it('asks for quotes rather than guessing where the message starts', () => {
    const e = error('dm jack hello there');
    expect(e.code).toBe('unexpected_argument');
    expect(e.message).toContain('quotes');
  });

  it('needs someone to write to', () => {
    expect(error('dm').code).toBe('missing_argument');
    expect(error('dm "just text"').code).toBe('missing_argument');
  });

  it('refuses a draft longer than the reply window takes, saying by how much', () => {
    const e = error(`dm jack "${'x'.repeat(3_001)}"`);
    expect(e.message).toContain('3,001 characters');
    expect(e.message).toContain('3,000');
    expect(ok(`dm jack "${'x'.repeat(3_000)}"`)).toMatchObject({ kind: 'dm' });
  });

  it('refuses two accounts and two messages', () => {
    expect(error('dm jack account:@a account:@b').code).toBe('conflict');
    expect(error('dm jack "a" "b"').code).toBe('unexpected_argument');
  });
});
