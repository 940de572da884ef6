import type { Logger } from '@slack/bolt';
import type { HomeView } from '@slack/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALICE, BOB, makeDirectory, NOW } from '../../../test/support/block-fixtures.js';
import type { QueueService } from '../../services/queue.js';
import { createHomePublisher } from './home-publisher.js';

const logger = { warn: vi.fn(), info: vi.fn(), error: vi.fn(), debug: vi.fn() } as unknown as Logger;
const members: Record<string, typeof ALICE> = { U0ALICE001: ALICE, U0BOB00002: BOB };

function setup() {
  const published: Array<{ user: string; view: HomeView }> = [];
  const queue = {
    forSlackUser: vi.fn(async (slackUserId: string) => {
      const member = members[slackUserId];
      if (!member) return { linked: false as const };
      return {
        linked: true as const,
        queue: {
          member,
          directory: makeDirectory(),
          awaiting: [],
          awaitingTotal: 0,
          oldestSince: null,
          other: [],
          otherTotal: 0,
          capped: false,
        },
      };
    }),
    forMember: vi.fn(),
  } as unknown as QueueService;
  const publisher = createHomePublisher({
    queue,
    publish: async (user, view) => {
      published.push({ user, view });
    },
    describeReminder: async () => null,
    canManageSettings: async () => false,
    inboxAppUrl: 'https://inboxapp.com/',
    clock: () => NOW,
    logger,
    debounceMs: 2_000,
  });
  return { publisher, published };
}

describe('the Home publisher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('publishes once for a burst of refreshSoon calls, after the debounce', async () => {
    const { publisher, published } = setup();
    for (let i = 0; i < 5; i++) publisher.refreshSoon('T1', 'U0ALICE001');
    await vi.advanceTimersByTimeAsync(1_999);
    expect(published).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await publisher.stop();
    expect(published.map((p) => p.user)).toEqual(['U0ALICE001']);
  });

  it('refreshes, soon, the Homes of people whose threads changed, and only theirs', async () => {
    const { publisher, published } = setup();
    await publisher.refresh('T1', 'U0ALICE001');
    await publisher.refresh('T1', 'U0BOB00002');
    published.length = 0;
    publisher.threadsChanged([BOB.id, null, 'msomeoneelse']);
    await vi.advanceTimersByTimeAsync(2_000);
    await publisher.stop();
    expect(published.map((p) => p.user)).toEqual(['U0BOB00002']);
  });

  it('publishes nothing pending after stop()', async () => {
    const { publisher, published } = setup();
    publisher.refreshSoon('T1', 'U0ALICE001');
    await publisher.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(published).toHaveLength(0);
  });
});
