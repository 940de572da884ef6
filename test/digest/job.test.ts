import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DigestConfig } from '../../src/config.js';
import { createDigestClaims, type DigestClaims } from '../../src/digest/claims.js';
import { OldestK } from '../../src/digest/collect.js';
import { createDigest, type DigestDeps } from '../../src/digest/job.js';
import { startDigestScheduler } from '../../src/digest/start.js';
import type { Thread } from '../../src/inbox/schemas.js';
import { openStore, type Store } from '../../src/store/index.js';
import { ACCOUNT_FOUNDER } from '../support/block-fixtures.js';
import { createFakeTime, type FakeTime } from './support/fake-time.js';
import {
  createFakeInbox,
  createFakeSlack,
  type FakeInbox,
  type FakeSlack,
  fixedDirectory,
  inboxError,
  noReplyThreads,
  slackPlatformError,
  slackRequestError,
} from './support/fakes.js';
import { createTestLogger, type TestLogger } from './support/test-logger.js';

const CHANNEL = 'C0DIGEST01';
// Monday 9 March 2026, 09:00 in New York (EDT, the day after the spring-forward change).
const SLOT = new Date('2026-03-09T13:00:00Z');
const SLOT_KEY = '2026-03-09T09:00';

const CLAIM_TTL_MS = 120_000;

let dir: string;
let opened: Store[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'digest-job-'));
});
afterEach(async () => {
  await Promise.all(opened.map((s) => s.close()));
  opened = [];
  await rm(dir, { recursive: true, force: true });
});

/** A store over a SQLite file (a second call over the same directory is "another process" or "a restart"). */
async function storeIn(stateDir: string, time: FakeTime): Promise<Store> {
  const store = await openStore({ stateDir, clock: time.clock });
  opened.push(store);
  return store;
}

function config(overrides: Partial<DigestConfig> = {}): DigestConfig {
  return {
    channel: CHANNEL,
    schedule: '0 9 * * 1-5',
    timezone: 'America/New_York',
    skipEmpty: false,
    accounts: [],
    minAgeMs: null,
    graceMs: 3 * 3_600_000,
    claimTtlMs: CLAIM_TTL_MS,
    ...overrides,
  };
}

interface Rig {
  time: FakeTime;
  inbox: FakeInbox;
  slack: FakeSlack;
  logger: TestLogger;
  digest: ReturnType<typeof createDigest>;
  claims: DigestClaims;
}

async function rig(
  options: {
    threads?: Thread[];
    count?: number;
    time?: FakeTime;
    inbox?: FakeInbox;
    slack?: FakeSlack;
    /** Default: a SQLite store in `dir` on this rig's clock. */
    stateDir?: string;
    config?: Partial<DigestConfig>;
    history?: boolean;
    deps?: Partial<DigestDeps>;
  } = {},
): Promise<Rig> {
  const time = options.time ?? createFakeTime('2026-03-09T13:00:00Z');
  const inbox = options.inbox ?? createFakeInbox(options.threads ?? noReplyThreads(options.count ?? 250, time.now()));
  const slack = options.slack ?? createFakeSlack();
  const logger = createTestLogger();
  const store = await storeIn(options.stateDir ?? dir, time);
  const claims = createDigestClaims(store, { teamId: async () => 'T0TEAM0001', ttlMs: CLAIM_TTL_MS });
  const digest = createDigest({
    inbox,
    directory: fixedDirectory(),
    poster: slack.poster({ history: options.history ?? true }),
    claims,
    clock: time.clock,
    // Backoff sleeps move the fake clock at once.
    sleep: async (ms) => time.set(new Date(time.now().getTime() + ms)),
    logger: logger as unknown as Logger,
    config: config(options.config),
    inboxAppUrl: 'https://app.inboxapp.com/threads/{threadId}',
    // Most tests count the requests of one sequential walk; the default (per account) has its own test.
    paging: 'sequential',
    ...options.deps,
  });
  return { time, inbox, slack, logger, digest, claims };
}

describe('collecting every no-reply thread', () => {
  it.each([
    [1, 1],
    [100, 1],
    [101, 2],
    [350, 4],
    [999, 10],
  ])('pages %i threads with limit 100 in exactly %i requests', async (n, pages) => {
    const { digest, inbox } = await rig({ count: n });
    const preview = await digest.preview();
    expect(preview.summary.total).toBe(n);
    expect(inbox.requests).toHaveLength(pages);
    expect(inbox.requests.every((r) => r.inbox === 'no-reply' && r.limit === 100)).toBe(true);
  });

  it('walks each connected account in parallel by default when there is more than one', async () => {
    const { digest, inbox } = await rig({ count: 300, deps: { paging: undefined } });
    const preview = await digest.preview();
    expect(preview.summary.total).toBe(300);
    const accounts = inbox.requests.map((r) => r.accountLinkIds?.join(',') ?? 'all');
    expect(new Set(accounts).size).toBe(2);
    expect(accounts).not.toContain('all');
    expect(inbox.requests.length).toBeLessThanOrEqual(3 + 2);
  });

  it('counts by assignee (unassigned included) and by account, and keeps the oldest threads, oldest first', async () => {
    const { digest, time } = await rig({ count: 300 });
    const { summary } = await digest.preview();
    expect(summary.byAssignee.map((r) => r.count)).toEqual([100, 100, 100]);
    expect(summary.byAssignee.some((r) => r.id === null)).toBe(true);
    expect(summary.byAccount.map((r) => r.count)).toEqual([150, 150]);
    expect(summary.top.map((t) => t.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `tdig${String(i).padStart(20, '0')}`),
    );
    expect(summary.oldestSince?.toISOString()).toBe(new Date(time.now().getTime() - 100_000 * 60_000).toISOString());
  });

  it('keeps at most K threads whatever N is', () => {
    const top = new OldestK(5);
    const values = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_007);
    for (const v of values) top.offer(v, { id: String(v).padStart(6, '0') } as unknown as Thread);
    expect(top.size()).toBe(5);
    expect(top.values().map((t) => Number(t.id))).toEqual([...values].sort((a, b) => a - b).slice(0, 5));
  });

  it('filters by DIGEST_ACCOUNTS on the server and by DIGEST_MIN_AGE while counting', async () => {
    const { digest, inbox } = await rig({
      count: 400,
      config: { accounts: ['@Jo_Acme'], minAgeMs: (100_000 - 300) * 60_000 },
    });
    const { summary, blocks } = await digest.preview();
    expect(inbox.requests.every((r) => r.accountLinkIds?.join() === ACCOUNT_FOUNDER.id)).toBe(true);
    expect(inbox.requests).toHaveLength(2);
    // Founder threads are the odd indexes; waiting ≥ (100000-300) min keeps indexes 0…300.
    expect(summary.total).toBe(150);
    expect(summary.scanned).toBe(200);
    expect(JSON.stringify(blocks)).toContain('Filters: only @Jo_Acme');
  });

  it('fails clearly when DIGEST_ACCOUNTS names no connected account', async () => {
    const { digest, slack } = await rig({ config: { accounts: ['nobody'] } });
    const outcome = await digest.runScheduledSlot(SLOT);
    expect(outcome).toMatchObject({ status: 'failed', error: { kind: 'config' } });
    expect(outcome.status === 'failed' && outcome.error.message).toMatch(
      /DIGEST_ACCOUNTS names no connected account \(@nobody\)/,
    );
    expect(slack.posted).toHaveLength(0);
  });
});

describe('posting a scheduled slot', () => {
  it('posts once, with the slot recorded in message metadata', async () => {
    const { digest, slack } = await rig({ count: 250 });
    const outcome = await digest.runScheduledSlot(SLOT);
    expect(outcome).toMatchObject({ status: 'posted', total: 250, slot: SLOT_KEY, channel: CHANNEL });
    expect(slack.posted).toHaveLength(1);
    expect(slack.posted[0]?.metadata).toEqual({
      event_type: 'inbox_digest_posted',
      event_payload: { channel: CHANNEL, slot: SLOT_KEY, total: 250, trigger: 'schedule', requested_by: '' },
    });
    expect(slack.posted[0]?.blocks.length).toBeLessThanOrEqual(50);
  });

  it('does not post again after a restart (a new process over the same state store)', async () => {
    const first = await rig();
    expect((await first.digest.runScheduledSlot(SLOT)).status).toBe('posted');
    const restarted = await rig({ slack: first.slack });
    expect(await restarted.digest.runScheduledSlot(SLOT)).toMatchObject({ status: 'already-posted', via: 'claim' });
    expect(first.slack.posted).toHaveLength(1);
    expect(restarted.inbox.requests).toHaveLength(0);
  });

  it('lets exactly one of two concurrent copies post', async () => {
    const slack = createFakeSlack();
    const hold = slack.holdNextPost();
    const a = await rig({ slack });
    const b = await rig({ slack });
    const runA = a.digest.runScheduledSlot(SLOT);
    const runB = b.digest.runScheduledSlot(SLOT);
    // The winner is held inside chat.postMessage; the loser returns meanwhile.
    const loser = await Promise.race([runA, runB]);
    expect(loser.status).toBe('in-progress');
    hold.release();
    const outcomes = await Promise.all([runA, runB]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['in-progress', 'posted']);
    expect(slack.posted).toHaveLength(1);
  });

  /** A copy that claimed the slot and died (SIGKILL) without recording an outcome, having posted or not. */
  async function crashedRun(slack: FakeSlack, posted: boolean) {
    const dead = await rig({ slack });
    expect((await dead.claims.claim(CHANNEL, SLOT_KEY)).status).toBe('claimed');
    if (posted) {
      await slack.poster().postMessage({
        channel: CHANNEL,
        text: 'digest',
        blocks: [],
        metadata: {
          event_type: 'inbox_digest_posted',
          event_payload: { channel: CHANNEL, slot: SLOT_KEY, total: 3, trigger: 'schedule', requested_by: '' },
        },
      });
    }
  }
  /** The time another copy looks, once the dead owner's claim has expired. */
  const afterExpiry = () => createFakeTime(new Date(SLOT.getTime() + CLAIM_TTL_MS + 1_000).toISOString());

  it("while the crashed owner's claim has not expired, another copy does not post", async () => {
    const slack = createFakeSlack();
    await crashedRun(slack, false);
    const live = await rig({ slack, time: createFakeTime(new Date(SLOT.getTime() + 60_000).toISOString()) });
    expect((await live.digest.runScheduledSlot(SLOT)).status).toBe('in-progress');
    expect(slack.posted).toHaveLength(0);
  });

  it('after a crash mid-run, finds the digest in Slack metadata and does not post it twice', async () => {
    const slack = createFakeSlack();
    await crashedRun(slack, true);
    const restarted = await rig({ slack, time: afterExpiry() });
    expect(await restarted.digest.runScheduledSlot(SLOT)).toMatchObject({
      status: 'already-posted',
      via: 'slack-metadata',
    });
    expect(slack.posted).toHaveLength(1);
    expect(await restarted.claims.get(CHANNEL, SLOT_KEY)).toMatchObject({ outcome: 'posted', generation: 2 });
  });

  it('after a crash before posting, takes the expired claim over and posts exactly once', async () => {
    const slack = createFakeSlack();
    await crashedRun(slack, false);
    const live = await rig({ slack, time: afterExpiry() });
    expect((await live.digest.runScheduledSlot(SLOT)).status).toBe('posted');
    expect((await live.digest.runScheduledSlot(SLOT)).status).toBe('already-posted');
    expect(live.slack.posted).toHaveLength(1);
  });

  it('leaves an expired claim alone when Slack cannot be checked (no duplicate risked)', async () => {
    const slack = createFakeSlack();
    await crashedRun(slack, false);
    const live = await rig({ slack, history: false, time: afterExpiry() });
    expect(await live.digest.runScheduledSlot(SLOT)).toMatchObject({ status: 'failed', error: { kind: 'uncertain' } });
    expect(live.slack.posted).toHaveLength(0);
  });

  it('on a late catch-up, trusts Slack metadata when the state directory was lost', async () => {
    const slack = createFakeSlack();
    expect((await (await rig({ slack })).digest.runScheduledSlot(SLOT)).status).toBe('posted');
    const fresh = await mkdtemp(join(tmpdir(), 'digest-fresh-'));
    try {
      const redeployed = await rig({ slack, stateDir: fresh });
      expect(await redeployed.digest.runScheduledSlot(SLOT, { late: true })).toMatchObject({
        status: 'already-posted',
        via: 'slack-metadata',
      });
      expect(slack.posted).toHaveLength(1);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});

describe('failures', () => {
  it('retries a run that fails mid-way with backoff, and posts once it recovers', async () => {
    const { digest, inbox, slack, time } = await rig({ count: 450 });
    inbox.failNext(2, inboxError('server'), 2); // pages 1-2 fine, then two failures
    const outcome = await digest.runScheduledSlot(SLOT);
    expect(outcome).toMatchObject({ status: 'posted', total: 450 });
    expect(slack.posted).toHaveLength(1);
    // attempt 1: 2 pages + failure; attempt 2: failure on page 1; attempt 3: 5 pages.
    expect(inbox.requests).toHaveLength(3 + 1 + 5);
    expect(time.now().getTime() - SLOT.getTime()).toBe(5_000 + 10_000);
  });

  it('waits at least the Retry-After of a rate limit', async () => {
    const { digest, time, inbox } = await rig({ count: 50 });
    inbox.failNext(1, inboxError('rate_limited', 60));
    expect((await digest.runScheduledSlot(SLOT)).status).toBe('posted');
    expect(time.now().getTime() - SLOT.getTime()).toBe(60_000);
  });

  it('releases the claim when Inbox keeps failing past the deadline, so a later retry posts exactly once', async () => {
    const { digest, inbox, slack, logger, claims } = await rig({ count: 300 });
    inbox.failNext(1_000, inboxError('server'), 1);
    const failed = await digest.runScheduledSlot(SLOT);
    expect(failed).toMatchObject({ status: 'failed', error: { kind: 'inbox' } });
    expect(slack.posted).toHaveLength(0);
    expect(await claims.get(CHANNEL, SLOT_KEY)).toMatchObject({ outcome: 'released' });
    expect(logger.lines('error').join('\n')).toMatch(
      /the 2026-03-09T09:00 digest for C0DIGEST01 failed: Inbox failed after \d+ attempt\(s\): GET \/threads: HTTP 503\. The slot is released/,
    );
    // Inbox recovers; the next attempt (a restart's catch-up, or a manual retry) posts it, once.
    const heal = createFakeInbox(inbox.threads);
    const retry = await rig({ inbox: heal, slack });
    expect((await retry.digest.runScheduledSlot(SLOT)).status).toBe('posted');
    expect((await retry.digest.runScheduledSlot(SLOT)).status).toBe('already-posted');
    expect(slack.posted).toHaveLength(1);
    expect(heal.requests).toHaveLength(3);
  });

  it('does not retry a refused token', async () => {
    const { digest, inbox } = await rig({ count: 10 });
    inbox.failNext(1, inboxError('unauthorized'));
    expect(await digest.runScheduledSlot(SLOT)).toMatchObject({ status: 'failed', error: { kind: 'inbox' } });
    expect(inbox.requests).toHaveLength(1);
  });

  it.each(['not_in_channel', 'channel_not_found'])('explains how to fix %s and releases the slot', async (code) => {
    const { digest, slack, logger, claims } = await rig({ count: 5 });
    slack.failNextPost(slackPlatformError(code));
    expect(await digest.runScheduledSlot(SLOT)).toMatchObject({ status: 'failed', error: { kind: 'channel' } });
    const line = logger.lines('error').join('\n');
    expect(line).toContain(`cannot post to ${CHANNEL} (${code})`);
    expect(line).toContain('/invite @Inbox');
    expect(await claims.get(CHANNEL, SLOT_KEY)).toMatchObject({ outcome: 'released' });
  });

  it('after a lost post response, checks Slack instead of posting blindly again', async () => {
    const { digest, slack } = await rig({ count: 5 });
    slack.failNextPost(slackRequestError(), { landed: true });
    expect(await digest.runScheduledSlot(SLOT)).toMatchObject({ status: 'posted' });
    expect(slack.posted).toHaveLength(1);
  });

  it('retries a post that did not land after a lost response', async () => {
    const { digest, slack } = await rig({ count: 5 });
    slack.failNextPost(slackRequestError(), { landed: false });
    expect(await digest.runScheduledSlot(SLOT)).toMatchObject({ status: 'posted' });
    expect(slack.posted).toHaveLength(1);
  });

  it('without a way to read Slack history, marks a lost post uncertain and never re-posts it', async () => {
    const { digest, slack, claims } = await rig({ count: 5, history: false });
    slack.failNextPost(slackRequestError(), { landed: true });
    expect(await digest.runScheduledSlot(SLOT)).toMatchObject({ status: 'failed', error: { kind: 'uncertain' } });
    expect(await digest.runScheduledSlot(SLOT)).toMatchObject({ status: 'already-posted' });
    expect(slack.posted).toHaveLength(1);
    expect(await claims.get(CHANNEL, SLOT_KEY)).toMatchObject({ outcome: 'uncertain' });
  });
});

describe('empty inbox and on-demand posts', () => {
  it('posts a short "nothing is waiting" line when the view is empty', async () => {
    const { digest, slack, inbox } = await rig({ count: 0 });
    expect(await digest.runScheduledSlot(SLOT)).toMatchObject({ status: 'posted', total: 0 });
    expect(slack.posted[0]?.text).toBe('Nothing is waiting for a reply in Inbox.');
    expect(inbox.requests).toHaveLength(1);
  });

  it('posts nothing with DIGEST_SKIP_EMPTY, and records the slot as done', async () => {
    const { digest, slack } = await rig({ count: 0, config: { skipEmpty: true } });
    expect((await digest.runScheduledSlot(SLOT)).status).toBe('empty-skipped');
    expect((await digest.runScheduledSlot(SLOT)).status).toBe('already-posted');
    expect(slack.posted).toHaveLength(0);
  });

  it('posts on demand without a slot, marked as manual', async () => {
    const { digest, slack } = await rig({ count: 3 });
    expect(await digest.postNow({ kind: 'command', userId: 'U0ALICE001' })).toMatchObject({
      status: 'posted',
      slot: null,
    });
    expect(slack.posted[0]?.metadata.event_payload).toMatchObject({ slot: 'manual', trigger: 'command', total: 3 });
  });

  it('refuses to post on demand without DIGEST_CHANNEL', async () => {
    const { digest, slack } = await rig({ config: { channel: null } });
    expect(await digest.postNow({ kind: 'cli' })).toMatchObject({ status: 'failed', error: { kind: 'config' } });
    expect(slack.posted).toHaveLength(0);
  });
});

describe('the scheduler driving the job', () => {
  it('posts each weekday at 09:00 New York time across the spring-forward change, once per slot', async () => {
    const time = createFakeTime('2026-03-06T12:00:00Z');
    const r = await rig({ time, count: 20 });
    const at: string[] = [];
    const scheduler = startDigestScheduler({
      digest: r.digest,
      config: config(),
      clock: time.clock,
      timers: time.timers,
      logger: r.logger as unknown as Logger,
      onOutcome: (outcome) => {
        if (outcome.status === 'posted') at.push(time.now().toISOString());
      },
    });
    await time.advanceTo('2026-03-10T14:00:00Z');
    await scheduler.stop();
    expect(at).toEqual(['2026-03-06T14:00:00.000Z', '2026-03-09T13:00:00.000Z', '2026-03-10T13:00:00.000Z']);
    expect(r.slack.posted.map((m) => m.metadata.event_payload.slot)).toEqual([
      '2026-03-06T09:00',
      '2026-03-09T09:00',
      '2026-03-10T09:00',
    ]);
  });

  it('catches up a run missed while the app was down, inside the grace window only', async () => {
    const inside = createFakeTime('2026-03-09T15:59:00Z'); // 2 h 59 min late
    const r1 = await rig({ time: inside });
    const s1 = startDigestScheduler({
      digest: r1.digest,
      config: config(),
      clock: inside.clock,
      timers: inside.timers,
      logger: r1.logger as unknown as Logger,
    });
    await inside.flush();
    await s1.stop();
    expect(r1.slack.posted.map((m) => m.metadata.event_payload.slot)).toEqual([SLOT_KEY]);

    const outside = createFakeTime('2026-03-09T16:01:00Z'); // 3 h 1 min late
    const r2 = await rig({ time: outside });
    const s2 = startDigestScheduler({
      digest: r2.digest,
      config: config(),
      clock: outside.clock,
      timers: outside.timers,
      logger: r2.logger as unknown as Logger,
    });
    await outside.flush();
    await s2.stop();
    expect(r2.slack.posted).toHaveLength(0);
  });

  it('stops during a retry backoff without posting, and gives the slot back', async () => {
    const time = createFakeTime('2026-03-09T12:59:00Z');
    const r = await rig({ time, deps: { sleep: time.sleep } });
    r.inbox.failNext(1_000, inboxError('server'));
    const scheduler = startDigestScheduler({
      digest: r.digest,
      config: config(),
      clock: time.clock,
      timers: time.timers,
      logger: r.logger as unknown as Logger,
    });
    await time.advanceTo('2026-03-09T13:00:01Z'); // the run started and is sleeping before its 2nd attempt
    expect(r.inbox.requests).toHaveLength(1);
    await scheduler.stop();
    expect(r.slack.posted).toHaveLength(0);
    expect(await r.claims.get(CHANNEL, SLOT_KEY)).toMatchObject({ outcome: 'released' });
  });

  it('does nothing without DIGEST_CHANNEL', async () => {
    const r = await rig({ config: { channel: null } });
    const scheduler = startDigestScheduler({
      digest: r.digest,
      config: config({ channel: null }),
      clock: r.time.clock,
      timers: r.time.timers,
      logger: r.logger as unknown as Logger,
    });
    expect(scheduler.nextRun()).toBeNull();
    expect(r.time.pendingTimers()).toBe(0);
    await scheduler.stop();
  });
});
