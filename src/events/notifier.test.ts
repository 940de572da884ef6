import type { Logger } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import type { SlackMessage } from '../blocks/message.js';
import { type InboxEvent, ThreadSchema } from '../inbox/schemas.js';
import { createMemoryActionJournal } from '../services/action-journal.js';
import type { Directory } from '../services/directory.js';
import { createMemorySubscriptionStore, type Subscription } from '../services/subscriptions.js';
import { createMemoryCardIndex } from './memory.js';
import { createNotifier, type Notifier } from './notifier.js';
import { createChannelQueues, type LiveSlack } from './slack-out.js';

const TEAM = 'T0TEAM';
const CHANNEL = 'C0LIVE';
const LINK = 'lacct1';
const quiet: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => 'info' as never,
  setName() {},
};
const directory: Directory = {
  members: [{ id: 'mbob', userId: 'ubob', name: 'Bob', email: 'bob@example.com', role: 'user' }],
  accountLinks: [{ id: LINK, platform: 'twitter', platformId: '1', name: 'Acme', username: 'acme', status: 'active' }],
  tags: [],
  statuses: [],
  campaigns: [],
};

function thread(id: string, content: string, extra: Record<string, unknown> = {}) {
  return ThreadSchema.parse({
    id,
    platform: 'twitter',
    platformId: '1:2',
    done: false,
    assigneeId: null,
    lastMessageTimestamp: '2026-11-29T12:00:00.000Z',
    computedSortTimestamp: '2026-11-29T12:00:00.000Z',
    createdAt: '2026-11-01T12:00:00.000Z',
    accountLinkId: LINK,
    isRequest: false,
    lastMessage: { id: `m${content}`, content, authorId: 'pjane', createdAt: '2026-11-29T12:00:00.000Z' },
    prospect: {
      platform: 'twitter',
      platformId: '2',
      externalId: 'pjane',
      displayName: 'Jane',
      username: 'jane',
      context: { tags: [], statusId: null, valuation: null, notes: null },
    },
    ...extra,
  });
}

let seq = 0;
function inbound(threadId: string, content: string, extra: Record<string, unknown> = {}): InboxEvent {
  seq++;
  const t = thread(threadId, content, extra);
  return {
    id: `ev${seq}`,
    seq,
    teamId: 'tinbox',
    type: 'message.created',
    timestamp: new Date().toISOString(),
    version: '1.0',
    data: { message: { ...t.lastMessage, threadId }, thread: t },
  };
}

function fakeSlack() {
  const calls: { method: string; channel: string; message: SlackMessage; threadTs?: string }[] = [];
  let ts = 0;
  const slack: LiveSlack = {
    async post(channel, message, threadTs) {
      calls.push({ method: 'post', channel, message, ...(threadTs ? { threadTs } : {}) });
      return { channel, ts: `1.${++ts}` };
    },
    async update(channel, _ts, message) {
      calls.push({ method: 'update', channel, message });
    },
    permalink: async () => null,
  };
  return { slack, calls };
}

const notifiers: Notifier[] = [];
afterEach(async () => {
  await Promise.all(notifiers.splice(0).map((n) => n.stop()));
});

async function setup(opts: { now: () => Date; sub?: Partial<Subscription>; coalesceMs?: number }) {
  const { slack, calls } = fakeSlack();
  const subscriptions = createMemorySubscriptionStore();
  await subscriptions.add({
    id: 's1',
    teamId: TEAM,
    channelId: CHANNEL,
    createdBy: 'U1',
    createdAt: '2026-11-29T00:00:00Z',
    description: '',
    filters: {},
    events: ['replies', 'requests'],
    quiet: null,
    timezone: 'UTC',
    ...opts.sub,
  });
  const notifier = createNotifier({
    slack,
    queues: createChannelQueues({ intervalMs: 1, logger: quiet }),
    cards: createMemoryCardIndex(),
    subscriptions,
    directory: { get: async () => directory, refresh: async () => directory },
    identity: { slackUserFor: async (memberId) => (memberId === 'mbob' ? 'U0BOB' : null) },
    journal: createMemoryActionJournal(opts.now),
    inbox: { getThread: async () => thread('x', 'x') },
    inboxAppUrl: 'https://inboxapp.com/',
    clock: opts.now,
    logger: quiet,
    coalesceMs: opts.coalesceMs ?? 200,
  });
  notifiers.push(notifier);
  return { notifier, calls };
}

describe('notifier', () => {
  it('holds a channel’s posts during quiet hours and sends one summary when they end', async () => {
    let now = new Date('2026-11-29T07:59:59.600Z');
    const { notifier, calls } = await setup({ now: () => now, sub: { quiet: { start: '22:00', end: '08:00' } } });
    for (const [id, text] of [
      ['ha', 'one'],
      ['hb', 'two'],
      ['ha', 'three'],
    ] as const) {
      await notifier.handle(inbound(id, text));
    }
    expect(calls).toEqual([]);
    expect(notifier.stats().held).toBe(3);
    now = new Date('2026-11-29T08:00:00.100Z');
    await new Promise((r) => setTimeout(r, 700));
    await notifier.idle();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.message.text).toContain('2 conversations changed (3 events)');
    // After the quiet hours, events post cards again.
    await notifier.handle(inbound('hc', 'morning'));
    await notifier.idle();
    expect(calls.map((c) => c.method)).toEqual(['post', 'post']);
  });

  it('coalesces a burst into one update with one line, and DMs the assignee once', async () => {
    const now = () => new Date('2026-11-29T12:00:00Z');
    const { notifier, calls } = await setup({ now });
    const assigned = { assigneeId: 'mbob' };
    await notifier.handle(inbound('ha', 'first', assigned));
    for (const text of ['2', '3', '4']) await notifier.handle(inbound('ha', text, assigned));
    await notifier.idle();
    const channel = calls.filter((c) => c.channel === CHANNEL);
    expect(channel.map((c) => c.method)).toEqual(['post', 'update', 'post']);
    expect(channel[2]?.message.text).toContain('wrote 3 messages');
    const dms = calls.filter((c) => c.channel === 'U0BOB');
    expect(dms).toHaveLength(2);
    expect(notifier.stats().coalesced).toBeGreaterThanOrEqual(4);
  });

  it('posts cards only for threads that match the subscription’s filters', async () => {
    const now = () => new Date('2026-11-29T12:00:00Z');
    const { notifier, calls } = await setup({ now, sub: { filters: { filters: { noAssignee: true } } } });
    await notifier.handle(inbound('ha', 'assigned thread', { assigneeId: 'mbob' }));
    await notifier.handle(inbound('hb', 'a request', { isRequest: true }));
    await notifier.idle();
    expect(calls.filter((c) => c.channel === CHANNEL).map((c) => c.message.text)).toEqual(['Inbox: Jane']);
  });
});
