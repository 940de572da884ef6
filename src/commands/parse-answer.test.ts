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

describe('parseCommand: bulk archive and assign', () => {
  it('archives what a list matches', () => {
    expect(ok('archive noreply tag:spam')).toMatchObject({
      kind: 'bulk',
      action: { type: 'archive' },
      query: { view: 'noreply', tags: ['spam'] },
    });
  });

  it('assigns to me, a Slack user, a quoted name or an email', () => {
    expect(ok('assign me unassigned')).toMatchObject({ action: { type: 'assign', assignee: { type: 'me' } } });
    expect(ok('assign <@U0ALICE001|alice> tag:x')).toMatchObject({
      action: { assignee: { type: 'slack', userId: 'U0ALICE001' } },
    });
    expect(ok('assign "Carol Okafor" noreply')).toMatchObject({
      action: { assignee: { type: 'name', value: 'Carol Okafor' } },
      query: { view: 'noreply' },
    });
  });

  it('never means "everything": at least one filter, and nothing archived twice', () => {
    expect(error('archive').message).toContain('at least one filter');
    expect(error('assign me').message).toContain('at least one filter');
    expect(error('archive archived').code).toBe('conflict');
    expect(error('assign tag:x').code).toBe('missing_argument');
  });
});

describe('parseCommand: autoassign', () => {
  it('turns on with members, accounts and tags', () => {
    expect(ok('autoassign @alice "Bob Smith" <@U0CAROL03|carol> account:@acmehq tag:"hot lead"')).toEqual({
      kind: 'autoassign',
      op: {
        type: 'on',
        members: [
          { type: 'name', value: 'alice' },
          { type: 'name', value: 'Bob Smith' },
          { type: 'slack', userId: 'U0CAROL03' },
        ],
        accounts: ['acmehq'],
        tags: ['hot lead'],
      },
    });
  });

  it.each(['off', 'status', 'now'] as const)('%s', (word) => {
    expect(ok(`autoassign ${word}`)).toEqual({ kind: 'autoassign', op: { type: word } });
  });

  it('skips until a day or a date, or ends a skip', () => {
    expect(ok('autoassign skip @bob until Friday')).toMatchObject({ op: { type: 'skip', until: 'friday' } });
    expect(ok('autoassign skip bob until 2026-12-24')).toMatchObject({ op: { until: '2026-12-24' } });
    expect(ok('autoassign skip bob off')).toMatchObject({ op: { type: 'skip', until: null } });
    expect(error('autoassign skip bob until someday').message).toContain('friday');
    expect(error('autoassign skip bob').code).toBe('invalid_value');
  });

  it('needs two members to take turns', () => {
    expect(error('autoassign @alice').message).toContain('at least two members');
    expect(error('autoassign').code).toBe('missing_argument');
    expect(error('autoassign @a @b status:x').code).toBe('unknown_filter');
  });
});
