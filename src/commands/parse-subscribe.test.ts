import { describe, expect, it } from 'vitest';
import { emptyListQuery } from './grammar.js';
import { parseCommand } from './parse-command.js';

const parsed = (text: string) => {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.command;
};
const failure = (text: string) => {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`parsed: ${JSON.stringify(result.command)}`);
  return result.error;
};

describe('parseCommand: live-event subscriptions', () => {
  it('subscribes to replies and requests for every thread by default', () => {
    expect(parsed('subscribe')).toEqual({
      kind: 'subscribe',
      subscription: { query: emptyListQuery(), events: ['replies', 'requests'], quiet: null },
    });
  });

  it('takes the list filters, events: and quiet:', () => {
    expect(
      parsed('subscribe tag:"hot lead" unassigned account:@acmehq events:replies,assigned quiet:22:00-08:00'),
    ).toEqual({
      kind: 'subscribe',
      subscription: {
        query: { ...emptyListQuery(), tags: ['hot lead'], unassigned: true, accounts: ['acmehq'] },
        events: ['replies', 'assigned'],
        quiet: { start: '22:00', end: '08:00' },
      },
    });
    expect(parsed('subscribe mine events:archive,reply quiet:7:30-9:00')).toMatchObject({
      subscription: { events: ['archived', 'replies'], quiet: { start: '07:30', end: '09:00' } },
    });
  });

  it('refuses what a subscription cannot use, with the reason', () => {
    expect(failure('subscribe events:replies,typing')).toMatchObject({ code: 'invalid_value', input: 'typing' });
    expect(failure('subscribe events:constructor').code).toBe('invalid_value');
    expect(failure('subscribe quiet:25:00-08:00').message).toContain('quiet:22:00-08:00');
    expect(failure('subscribe quiet:22:00-22:00').code).toBe('invalid_value');
    expect(failure('subscribe noreply').message).toContain('does not apply to a subscription');
    expect(failure('subscribe limit:5').code).toBe('unexpected_argument');
    expect(failure('subscribe events:replies events:requests').code).toBe('conflict');
    expect(failure('subscribe tag:nosuch notags').code).toBe('conflict');
  });

  it('lists and removes with no arguments', () => {
    expect(parsed('subscriptions')).toEqual({ kind: 'subscriptions' });
    expect(parsed('unsubscribe')).toEqual({ kind: 'unsubscribe' });
    expect(failure('unsubscribe all').code).toBe('unexpected_argument');
  });
});
