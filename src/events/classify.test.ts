import { describe, expect, it } from 'vitest';
import type { InboxEvent } from '../inbox/schemas.js';
import { classifyEvent } from './classify.js';

const prospect = {
  platform: 'twitter',
  platformId: '2',
  externalId: 'pjane',
  displayName: 'Jane',
  username: 'jane',
  context: { tags: [], statusId: null, valuation: null, notes: null, assigneeId: 'mbob' },
};
const thread = {
  id: 'tone',
  platform: 'twitter',
  platformId: '1:2',
  done: false,
  assigneeId: null,
  lastMessageTimestamp: null,
  computedSortTimestamp: null,
  createdAt: '2026-11-01T00:00:00Z',
  accountLinkId: 'lacct',
  isRequest: false,
  lastMessage: null,
  prospect,
};
const event = (type: string, data: unknown): InboxEvent => ({
  id: 'e1',
  seq: 1,
  teamId: 't',
  type,
  timestamp: '2026-11-29T00:00:00Z',
  version: '1.0',
  data,
});
const message = (authorId: string) => ({ id: 'm1', threadId: 'tone', content: 'hi', authorId, createdAt: 'x' });

describe('classifyEvent', () => {
  it('tells inbound from outbound by the author, and requests by the thread', () => {
    expect(classifyEvent(event('message.created', { message: message('pjane'), thread })).kind).toBe('inbound');
    expect(classifyEvent(event('message.created', { message: message('lacct'), thread })).kind).toBe('outbound');
    const request = classifyEvent(
      event('message.created', { message: message('pjane'), thread: { ...thread, isRequest: true } }),
    );
    expect(request).toMatchObject({ kind: 'inbound', request: true });
  });

  it('reads the deprecated and the canonical assignee events', () => {
    expect(classifyEvent(event('thread.assigned', { thread: { ...thread, assigneeId: 'mbob' } }))).toMatchObject({
      kind: 'assigned',
      assigneeId: 'mbob',
      actorUserId: null,
    });
    expect(classifyEvent(event('prospect.assigneeChanged', { prospect }))).toMatchObject({
      kind: 'prospect',
      change: 'assignee',
      assigneeId: 'mbob',
    });
  });

  it('ignores unknown types and payloads it cannot read, never throwing', () => {
    expect(classifyEvent(event('thread.snoozed', { thread })).kind).toBe('ignored');
    expect(classifyEvent(event('message.created', { nothing: true })).kind).toBe('ignored');
    expect(classifyEvent(event('thread.archived', null)).kind).toBe('ignored');
  });
});
