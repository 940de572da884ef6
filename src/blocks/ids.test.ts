import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { INBOX_APP_URL, makeDirectory, makeThread, NOW } from '../../test/support/block-fixtures.js';
import {
  ActionIds,
  carriableThreads,
  decodePageValue,
  encodePageValue,
  findThreadIds,
  idForLog,
  parseThreadAction,
  parseThreadBlockId,
  replaceThreadCard,
} from './ids.js';
import { buildThreadCard } from './thread-card.js';

const T = 'tmaya0000000000000000001';
const M = 'mbobmartinez000000000002';

describe('parseThreadAction', () => {
  const at = (part = 'actions') => `thread:${T}:${part}`;
  it.each([
    [
      'the Assign select',
      { action_id: ActionIds.assignSelect, block_id: at(), selected_option: { value: M } },
      { threadId: T, verb: 'assign', memberId: M },
    ],
    ['Assign to me', { action_id: ActionIds.assignMe, block_id: at(), value: T }, { threadId: T, verb: 'assign_me' }],
    ['Archive', { action_id: ActionIds.archive, block_id: at(), value: T }, { threadId: T, verb: 'archive' }],
    ['Reopen', { action_id: ActionIds.reopen, block_id: at(), value: T }, { threadId: T, verb: 'reopen' }],
    [
      'View in the overflow',
      { action_id: ActionIds.overflow, block_id: at('head'), selected_option: { value: 'view' } },
      { threadId: T, verb: 'view' },
    ],
    [
      'Unassign in the overflow',
      { action_id: ActionIds.overflow, block_id: at('head'), selected_option: { value: 'unassign' } },
      { threadId: T, verb: 'unassign' },
    ],
    [
      'a link in the overflow',
      { action_id: ActionIds.overflow, block_id: at('head'), selected_option: { value: 'open_x' } },
      { threadId: T, verb: 'open_x' },
    ],
  ])('decodes %s', (_, action, expected) => {
    expect(parseThreadAction(action)).toEqual(expected);
  });

  it.each([
    ['a tampered value', { action_id: ActionIds.archive, block_id: at(), value: '../team' }],
    ['a value naming another thread', { action_id: ActionIds.archive, block_id: at(), value: 'tother' }],
    ['a tampered block_id', { action_id: ActionIds.archive, block_id: 'thread:../team:actions', value: T }],
    ['a 300-character thread ID', { action_id: ActionIds.archive, block_id: `thread:${'a'.repeat(300)}:actions` }],
    ['no block_id', { action_id: ActionIds.archive, value: T }],
    [
      'a select with a bad member',
      { action_id: ActionIds.assignSelect, block_id: at(), selected_option: { value: '../x' } },
    ],
    ['a select with no member', { action_id: ActionIds.assignSelect, block_id: at() }],
    [
      'an unknown verb in the overflow',
      { action_id: ActionIds.overflow, block_id: at('head'), selected_option: { value: 'delete' } },
    ],
    [
      'a button verb in the overflow',
      { action_id: ActionIds.overflow, block_id: at('head'), selected_option: { value: 'archive' } },
    ],
    ['an unknown action', { action_id: 'something_else', block_id: at(), value: T }],
  ])('rejects %s', (_, action) => {
    expect(parseThreadAction(action)).toBeNull();
  });
});

describe('carriable thread IDs (issue 10, item 11)', () => {
  it('keeps IDs a block_id can carry and names the others', () => {
    const long = 'a'.repeat(300);
    expect(carriableThreads([{ id: T }, { id: long }, { id: 'Bad-ID' }])).toEqual({
      ok: [{ id: T }],
      skipped: [long, 'Bad-ID'],
    });
    expect(idForLog(long)).toBe(`${'a'.repeat(40)}…(300 chars)`);
  });
});

describe('page values', () => {
  const cursor = { id: 'tlist0000000000000000009', timestamp: '2025-11-24T09:12:00.000Z' };
  const page = {
    text: 'list noreply tag:"hot lead"',
    cursor,
    starts: [null, { id: 'tlist0000000000000000001', timestamp: '2025-11-25T09:12:00.000Z' }],
    offset: 20,
    total: { count: 93, atLeast: false },
  };

  it('round-trips the query text, where the page starts, the earlier pages and the total', () => {
    const value = encodePageValue(page);
    expect(value).not.toBeNull();
    expect(decodePageValue(value)).toEqual(page);
    expect(decodePageValue(encodePageValue({ ...page, cursor: null, starts: [], offset: 0, total: null }))).toEqual({
      ...page,
      cursor: null,
      starts: [],
      offset: 0,
      total: null,
    });
  });

  it('refuses to encode a value over 2000 characters', () => {
    expect(encodePageValue({ ...page, text: `list tag:${'x'.repeat(2000)}` })).toBeNull();
  });

  const wire = { t: 'list', c: [cursor.id, cursor.timestamp], p: [0], o: 10 };
  it.each([
    ['not json', 'x'],
    ['an array', '[]'],
    ['a bad cursor id', JSON.stringify({ ...wire, c: ['../team', cursor.timestamp] })],
    ['a bad timestamp', JSON.stringify({ ...wire, c: [cursor.id, 'yesterday'] })],
    ['a bad earlier cursor', JSON.stringify({ ...wire, p: [['../x', cursor.timestamp]] })],
    ['a non-list command', JSON.stringify({ ...wire, t: 'digest post' })],
    ['unparseable text', JSON.stringify({ ...wire, t: 'list limit:0' })],
    ['a negative count', JSON.stringify({ ...wire, n: -1 })],
    ['a negative offset', JSON.stringify({ ...wire, o: -10 })],
    ['a non-string', 42],
  ])('rejects %s', (_, value) => {
    expect(decodePageValue(value)).toBeNull();
  });
});

describe('card block ids', () => {
  const ctx = { directory: makeDirectory(), now: NOW, inboxAppUrl: INBOX_APP_URL };
  const a = makeThread({ id: 'taaaa' });
  const b = makeThread({ id: 'tbbbb' });
  const message: KnownBlock[] = [
    { type: 'section', block_id: 'list:header', text: { type: 'mrkdwn', text: '2 threads' } },
    ...buildThreadCard(a, ctx, { variant: 'compact' }),
    { type: 'divider' },
    ...buildThreadCard(b, ctx, { variant: 'compact' }),
  ];

  it('parses thread block ids and finds the threads of a message', () => {
    expect(parseThreadBlockId('thread:taaaa:head')).toEqual({ threadId: 'taaaa', part: 'head' });
    expect(parseThreadBlockId('thread:../x:head')).toBeNull();
    expect(findThreadIds(message)).toEqual(['taaaa', 'tbbbb']);
  });

  it('replaces one card in place and leaves the rest untouched', () => {
    const updated = buildThreadCard({ ...b, done: true }, ctx, {
      variant: 'compact',
      note: 'Archived by <@U0BOB00002>',
    });
    const out = replaceThreadCard(message, 'tbbbb', updated);
    expect(out.slice(0, 5)).toEqual(message.slice(0, 5));
    expect(out.slice(5)).toEqual(updated);
    expect(replaceThreadCard(message, 'tnothere', updated)).toEqual(message);
  });
});
