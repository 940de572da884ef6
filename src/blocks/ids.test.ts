import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { INBOX_APP_URL, makeDirectory, makeThread, NOW } from '../../test/support/block-fixtures.js';
import {
  ActionIds,
  decodePageValue,
  encodePageValue,
  findThreadIds,
  parseThreadActionValue,
  parseThreadBlockId,
  replaceThreadCard,
} from './ids.js';
import { buildThreadCard } from './thread-card.js';

const T = 'tmaya0000000000000000001';
const M = 'mbobmartinez000000000002';

describe('parseThreadActionValue', () => {
  it.each([
    [ActionIds.assignSelect, `${T}:${M}`, { threadId: T, memberId: M }],
    [ActionIds.assignMe, T, { threadId: T }],
    [ActionIds.unassign, T, { threadId: T }],
    [ActionIds.archive, T, { threadId: T }],
    [ActionIds.reopen, T, { threadId: T }],
    [ActionIds.view, T, { threadId: T }],
    [ActionIds.overflow, `archive:${T}`, { threadId: T, verb: 'archive' }],
    [ActionIds.overflow, `assign_me:${T}`, { threadId: T, verb: 'assign_me' }],
  ])('decodes %s %j', (actionId, value, expected) => {
    expect(parseThreadActionValue(actionId, value)).toEqual(expected);
  });

  it.each([
    [ActionIds.archive, '../team'],
    [ActionIds.archive, 'T1ABC'],
    [ActionIds.archive, ''],
    [ActionIds.archive, undefined],
    [ActionIds.archive, 'a'.repeat(65)],
    [ActionIds.assignSelect, T],
    [ActionIds.assignSelect, `${T}:../x`],
    [ActionIds.assignSelect, `${T}:${M}:extra`],
    [ActionIds.overflow, `delete:${T}`],
    [ActionIds.overflow, `archive:${T}/..`],
    [ActionIds.openInbox, T],
    ['something_else', T],
  ])('rejects %s %j', (actionId, value) => {
    expect(parseThreadActionValue(actionId, value)).toBeNull();
  });
});

describe('page values', () => {
  const cursor = { id: 'tlist0000000000000000009', timestamp: '2025-11-24T09:12:00.000Z' };
  it('round-trips the query text, cursor and count', () => {
    const value = encodePageValue({ text: 'list noreply tag:"hot lead"', cursor, shown: 10 });
    expect(value).not.toBeNull();
    expect(decodePageValue(value)).toEqual({ text: 'list noreply tag:"hot lead"', cursor, shown: 10 });
  });

  it('refuses to encode a value over 2000 characters', () => {
    expect(encodePageValue({ text: `list tag:${'x'.repeat(2000)}`, cursor })).toBeNull();
  });

  it.each([
    ['not json', 'x'],
    ['an array', '[]'],
    ['a bad cursor id', JSON.stringify({ t: 'list', c: { i: '../team', s: cursor.timestamp } })],
    ['a bad timestamp', JSON.stringify({ t: 'list', c: { i: cursor.id, s: 'yesterday' } })],
    ['a non-list command', JSON.stringify({ t: 'digest post', c: { i: cursor.id, s: cursor.timestamp } })],
    ['unparseable text', JSON.stringify({ t: 'list limit:0', c: { i: cursor.id, s: cursor.timestamp } })],
    ['a negative count', JSON.stringify({ t: 'list', c: { i: cursor.id, s: cursor.timestamp }, n: -1 })],
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
