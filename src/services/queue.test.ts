import { describe, expect, it } from 'vitest';
import { ALICE, BOB, makeDirectory, makeThreads, NOW } from '../../test/support/block-fixtures.js';
import type { Thread, ThreadPage } from '../inbox/schemas.js';
import type { ListThreadsParams } from '../inbox/types.js';
import { createQueueService } from './queue.js';

/** An Inbox that serves `threads` 100 a page, oldest first, and records each request's parameters. */
function fakeInbox(threads: Thread[]) {
  const requests: ListThreadsParams[] = [];
  return {
    requests,
    async *iterateThreadPages(params: ListThreadsParams = {}): AsyncIterable<ThreadPage> {
      const limit = params.limit ?? 20;
      for (let i = 0; i < threads.length || i === 0; i += limit) {
        requests.push(params);
        const page = threads.slice(i, i + limit);
        const next = i + limit < threads.length ? { id: 'x', timestamp: 'y' } : null;
        yield { threads: page, nextCursor: next } as ThreadPage;
        if (!next) return;
      }
    },
  };
}

const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();

function team(awaiting: number, other: number): Thread[] {
  const waiting = makeThreads(awaiting, { assigneeId: ALICE.id }).map((t, i) => ({
    ...t,
    id: `tw${String(i).padStart(10, '0')}`,
    lastMessage: t.lastMessage && { ...t.lastMessage, createdAt: at(10_000 - i) },
  }));
  const replied = makeThreads(other, { assigneeId: ALICE.id }).map((t, i) => ({
    ...t,
    id: `tr${String(i).padStart(10, '0')}`,
    lastMessage: t.lastMessage && { ...t.lastMessage, authorId: t.accountLinkId, createdAt: at(9_000 - i) },
  }));
  return [...waiting, ...replied];
}

const service = (inbox: ReturnType<typeof fakeInbox>, maxPages?: number) =>
  createQueueService({
    inbox,
    directory: { get: async () => makeDirectory(), refresh: async () => makeDirectory() },
    identity: { memberFor: async (id) => (id === 'U0ALICE001' ? ALICE : null) },
    ...(maxPages ? { maxPages } : {}),
  });

describe('the queue service', () => {
  it('reads a member with 500 threads in 5 requests of 100, filtered by assignee, oldest first', async () => {
    const inbox = fakeInbox(team(300, 200));
    const outcome = await service(inbox).forSlackUser('U0ALICE001', { keep: 15, now: NOW });
    if (!outcome.linked) throw new Error('not linked');
    const { queue } = outcome;
    expect(inbox.requests).toHaveLength(5);
    expect(inbox.requests[0]).toEqual({
      inbox: 'default',
      limit: 100,
      filters: { assigneeIds: [ALICE.id], sortOrder: 'asc' },
    });
    expect(queue.awaitingTotal).toBe(300);
    expect(queue.otherTotal).toBe(200);
    expect(queue.awaiting.map((t) => t.id)).toEqual(
      Array.from({ length: 15 }, (_, i) => `tw${String(i).padStart(10, '0')}`),
    );
    expect(queue.other).toHaveLength(15);
    expect(queue.oldestSince?.toISOString()).toBe(at(10_000));
    expect(queue.capped).toBe(false);
  });

  it('is not linked for a Slack user with no member, without reading any thread', async () => {
    const inbox = fakeInbox(team(3, 3));
    expect(await service(inbox).forSlackUser('U0FRANK006', { keep: 15, now: NOW })).toEqual({ linked: false });
    expect(inbox.requests).toHaveLength(0);
  });

  it('stops at maxPages and says the counts are lower bounds', async () => {
    const inbox = fakeInbox(team(500, 0));
    const queue = await service(inbox, 2).forMember(ALICE, { keep: 5, now: NOW });
    expect(inbox.requests).toHaveLength(2);
    expect(queue.capped).toBe(true);
    expect(queue.awaitingTotal).toBe(200);
  });

  it("leaves out a thread Inbox returned that is someone else's, and awaiting threads younger than min-age", async () => {
    const threads = team(3, 0);
    const bobs = { ...(threads[0] as Thread), id: 'tbob', assigneeId: BOB.id };
    const fresh = {
      ...(threads[1] as Thread),
      id: 'tfresh',
      lastMessage: { ...(threads[1] as Thread).lastMessage, createdAt: at(30) } as Thread['lastMessage'],
    };
    const queue = await service(fakeInbox([...threads, bobs, fresh])).forMember(ALICE, {
      keep: 5,
      now: NOW,
      minAgeMs: 60 * 60_000,
    });
    expect(queue.awaitingTotal).toBe(3);
    expect(queue.awaiting.map((t) => t.id)).not.toContain('tbob');
    expect(queue.awaiting.map((t) => t.id)).not.toContain('tfresh');
  });
});
