/**
 * Channel digests made in Slack (the fleet): several digests due at the same minute, run by two replicas over
 * one state store, each (channel, slot) posted exactly once; a settings change applies at the next minute.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIGEST_DEFAULTS } from '../../src/config.js';
import { createDigestClaims } from '../../src/digest/claims.js';
import { createDigestFleet, type DigestFleet } from '../../src/digest/fleet.js';
import { createDigest } from '../../src/digest/job.js';
import type { ChannelDigestSettings, SettingsSnapshot, TeamSettings } from '../../src/services/team-settings.js';
import { openStore, type Store } from '../../src/store/index.js';
import { ALICE, makeDirectory } from '../support/block-fixtures.js';
import { createFakeTime, type FakeTime } from './support/fake-time.js';
import { createFakeInbox, createFakeSlack, type FakeSlack, fixedDirectory, noReplyThreads } from './support/fakes.js';
import { createTestLogger } from './support/test-logger.js';

let dir: string;
const opened: Store[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'digest-fleet-'));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

const digest = (id: string, channel: string, over: Partial<ChannelDigestSettings> = {}): ChannelDigestSettings => ({
  id,
  channel,
  days: [1, 2, 3, 4, 5],
  times: [{ hour: 9, minute: 0 }],
  timezone: 'Europe/Paris',
  accountIds: [],
  tagIds: [],
  assigneeIds: [],
  minAgeMs: null,
  skipEmpty: false,
  ...over,
});

function snapshotOf(digests: ChannelDigestSettings[]): SettingsSnapshot {
  const settings: TeamSettings = { digests, memberLinks: {}, actionPolicy: 'members', readPolicy: 'anyone' };
  return { settings, version: 1, updatedBy: 'U0ALICE001', updatedAt: null };
}

/** One replica: its own store connection (the same SQLite file), its own fleet; the same Slack and Inbox. */
async function replica(
  time: FakeTime,
  slack: FakeSlack,
  settings: () => SettingsSnapshot,
  inbox = createFakeInbox(noReplyThreads(30, time.now())),
): Promise<DigestFleet> {
  const store = await openStore({ stateDir: dir, clock: time.clock });
  opened.push(store);
  const claims = createDigestClaims(store, { teamId: async () => 'T0TEAM0001', ttlMs: 120_000 });
  const logger = createTestLogger() as unknown as Logger;
  return createDigestFleet({
    settings: async () => settings(),
    directory: async () => makeDirectory(),
    makeDigest: (config) =>
      createDigest({
        inbox,
        directory: fixedDirectory(),
        poster: slack.poster(),
        claims,
        clock: time.clock,
        logger,
        config,
        inboxAppUrl: 'https://app.inboxapp.com/threads/{threadId}',
      }),
    base: { ...DIGEST_DEFAULTS, claimTtlMs: 120_000 },
    clock: time.clock,
    logger,
  });
}

const postedTo = (slack: FakeSlack) => slack.posted.map((p) => `${p.channel} ${p.metadata.event_payload.slot}`).sort();

describe('channel digests made in Slack', () => {
  it('several digests due at the same minute, on two replicas at once: each channel gets its digest exactly once', async () => {
    // Monday 8 June 2026, 09:00 in Paris = 07:00 UTC; 09:00 in London = 08:00 UTC.
    const time = createFakeTime('2026-06-08T07:00:00Z');
    const slack = createFakeSlack();
    const settings = snapshotOf([
      digest('d1', 'C0SALES001'),
      digest('d2', 'C0SUPPORT1', { assigneeIds: [ALICE.id] }),
      digest('d3', 'C0FOUNDERS', {
        times: [
          { hour: 9, minute: 0 },
          { hour: 17, minute: 30 },
        ],
        skipEmpty: true,
      }),
      digest('d4', 'C0LONDON01', { timezone: 'Europe/London' }),
    ]);
    const a = await replica(time, slack, () => settings);
    const b = await replica(time, slack, () => settings);
    const runs = await Promise.all([a.runDue(), b.runDue(), a.runDue()]);
    expect(postedTo(slack)).toEqual([
      'C0FOUNDERS 2026-06-08T09:00',
      'C0SALES001 2026-06-08T09:00',
      'C0SUPPORT1 2026-06-08T09:00',
    ]);
    const outcomes = runs.flat().map((r) => r.outcome.status);
    expect(outcomes.filter((s) => s === 'posted')).toHaveLength(3);
    expect(outcomes.every((s) => s === 'posted' || s === 'already-posted' || s === 'in-progress')).toBe(true);

    // An hour later London's 09:00 comes, once; Paris's are not posted again.
    time.set('2026-06-08T08:00:00Z');
    await Promise.all([a.runDue(), b.runDue()]);
    time.set('2026-06-08T08:01:00Z');
    await Promise.all([a.runDue(), b.runDue()]);
    expect(postedTo(slack)).toEqual([
      'C0FOUNDERS 2026-06-08T09:00',
      'C0LONDON01 2026-06-08T09:00',
      'C0SALES001 2026-06-08T09:00',
      'C0SUPPORT1 2026-06-08T09:00',
    ]);
    // The digest with a second time posts at 17:30 too.
    time.set('2026-06-08T15:30:00Z');
    await Promise.all([a.runDue(), b.runDue()]);
    expect(postedTo(slack)).toContain('C0FOUNDERS 2026-06-08T17:30');
    expect(slack.posted).toHaveLength(5);
  });

  it('passes each digest’s filters to Inbox (assignees, tags) and applies a settings change at the next minute', async () => {
    const time = createFakeTime('2026-06-08T07:00:00Z');
    const slack = createFakeSlack();
    let current = snapshotOf([digest('d1', 'C0SALES001', { assigneeIds: [ALICE.id], tagIds: ['thot'] })]);
    const inbox = createFakeInbox(noReplyThreads(30, time.now()));
    const fleet = await replica(time, slack, () => current, inbox);
    await fleet.runDue();
    expect(postedTo(slack)).toEqual(['C0SALES001 2026-06-08T09:00']);
    expect(inbox.requests[0]).toMatchObject({
      inbox: 'no-reply',
      filters: { assigneeIds: [ALICE.id], tagIds: ['thot'] },
    });
    // An admin adds a digest for 09:01 in Slack: no restart needed.
    current = snapshotOf([
      ...current.settings.digests,
      digest('d2', 'C0LATE0001', { times: [{ hour: 9, minute: 1 }] }),
    ]);
    time.set('2026-06-08T07:01:00Z');
    await fleet.runDue();
    expect(postedTo(slack)).toEqual(['C0LATE0001 2026-06-08T09:01', 'C0SALES001 2026-06-08T09:00']);
  });

  it('posts nothing when no digest is configured', async () => {
    const time = createFakeTime('2026-06-08T07:00:00Z');
    const slack = createFakeSlack();
    const fleet = await replica(time, slack, () => snapshotOf([]));
    expect(await fleet.runDue()).toEqual([]);
    expect(await fleet.primary()).toBeNull();
    expect(slack.posted).toEqual([]);
  });
});
