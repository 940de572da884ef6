/**
 * Personal digests (`/inbox remind`): when each person's DM goes out, in their own Slack time zone, across DST
 * changes and a change of zone, exactly once per person and slot across replicas and restarts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ReminderSchedule, WEEKDAYS } from '../../src/commands/remind.js';
import { createPersonalDigests, type PersonalDigests } from '../../src/digest/personal.js';
import type { Member } from '../../src/inbox/schemas.js';
import type { Queue } from '../../src/services/queue.js';
import { createReminderService } from '../../src/services/reminders.js';
import type { ClaimsPort, RecordsPort } from '../../src/services/store-ports.js';
import { openStore, type Store } from '../../src/store/index.js';
import { ALICE, makeDirectory, makeThreads } from '../support/block-fixtures.js';
import { createTestLogger } from './support/test-logger.js';

const TEAM = 'T0ACMEGROW';
const USER = 'U0ALICE001';

interface World {
  now: Date;
  zone: string | null;
  waiting: number;
  sent: Array<{ at: string; user: string; text: string }>;
  records: RecordsPort;
  claims: ClaimsPort;
  sendFailure: Error | null;
}

const opened: Array<{ store: Store; dir: string }> = [];
afterEach(async () => {
  for (const { store, dir } of opened.splice(0)) {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A person and their world: a SQLite state store (a file, so a replica can open it again), Slack and Inbox. */
async function world(zone: string | null, waiting = 3): Promise<World & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'inbox-slack-remind-'));
  const w = { now: new Date(0), zone, waiting, sent: [], sendFailure: null, dir } as unknown as World & { dir: string };
  const store = await openStore({ stateDir: dir, clock: () => w.now });
  opened.push({ store, dir });
  w.records = store.records;
  w.claims = store.claims;
  return w;
}

/** One app process (a replica): its own caches and, with `ownConnection`, its own connection to the store file. */
async function replica(w: World & { dir?: string }, ownConnection = false): Promise<PersonalDigests> {
  let claims = w.claims;
  if (ownConnection && w.dir) {
    const store = await openStore({ stateDir: w.dir, clock: () => w.now });
    opened.push({ store, dir: w.dir });
    claims = store.claims;
  }
  const reminders = createReminderService({ records: w.records, lookupTimeZone: async () => w.zone });
  return createPersonalDigests({
    reminders,
    claims,
    identity: { memberFor: async (id) => (id === USER ? ALICE : null) },
    queue: {
      forMember: async (member: Member): Promise<Queue> => ({
        member,
        directory: makeDirectory(),
        awaiting: makeThreads(Math.min(w.waiting, 10), { assigneeId: ALICE.id }),
        awaitingTotal: w.waiting,
        oldestSince: w.waiting ? new Date(w.now.getTime() - 3_600_000) : null,
        other: [],
        otherTotal: 0,
        capped: false,
      }),
    },
    sendDm: async (user, message) => {
      if (w.sendFailure) throw w.sendFailure;
      w.sent.push({ at: w.now.toISOString(), user, text: message.text });
      return { ts: `${w.sent.length}.000100` };
    },
    clock: () => w.now,
    logger: createTestLogger(),
    inboxAppUrl: 'https://inboxapp.com/',
  });
}

async function remind(w: World, schedule: Partial<ReminderSchedule>) {
  const full: ReminderSchedule = {
    days: [...WEEKDAYS],
    hour: 9,
    minute: 0,
    minAgeMs: null,
    allClear: false,
    ...schedule,
  };
  await createReminderService({ records: w.records, lookupTimeZone: async () => w.zone }).set(TEAM, USER, full);
}

/** Runs every replica every `stepMin` minutes from `from` to `to`; `during(now)` may change the world first. */
async function tick(
  w: World,
  replicas: PersonalDigests[],
  from: string,
  to: string,
  stepMin = 5,
  during?: (now: Date) => void,
) {
  for (let t = Date.parse(from); t <= Date.parse(to); t += stepMin * 60_000) {
    w.now = new Date(t);
    during?.(w.now);
    for (const r of replicas) await r.runDue(TEAM);
  }
}

describe('personal digests across a DST change in the person’s zone', () => {
  it('sends weekdays at 9:00 New York time: 14:00 UTC before the March change, 13:00 UTC after, once each day', async () => {
    const w = await world('America/New_York');
    await remind(w, {});
    await tick(w, [await replica(w)], '2026-03-05T00:00:00Z', '2026-03-10T23:45:00Z', 15);
    expect(w.sent.map((s) => s.at)).toEqual([
      '2026-03-05T14:00:00.000Z', // Thu, EST (UTC-5)
      '2026-03-06T14:00:00.000Z', // Fri, EST
      // Sat 7 and Sun 8 (the change, 2:00 → 3:00) are not weekdays
      '2026-03-09T13:00:00.000Z', // Mon, EDT (UTC-4)
      '2026-03-10T13:00:00.000Z', // Tue, EDT
    ]);
  });

  it('sends a 2:30 reminder once on the day 2:30 does not exist (at 3:00), and once on the day 1:30 happens twice', async () => {
    const spring = await world('America/New_York');
    await remind(spring, { days: [0, 1, 2, 3, 4, 5, 6], hour: 2, minute: 30 });
    await tick(spring, [await replica(spring)], '2026-03-07T00:00:00Z', '2026-03-09T23:45:00Z', 15);
    expect(spring.sent.map((s) => s.at)).toEqual([
      '2026-03-07T07:30:00.000Z',
      '2026-03-08T07:00:00.000Z', // 3:00 EDT, the first valid time after the gap
      '2026-03-09T06:30:00.000Z',
    ]);

    const fall = await world('America/New_York');
    await remind(fall, { days: [0, 1, 2, 3, 4, 5, 6], hour: 1, minute: 30 });
    await tick(fall, [await replica(fall)], '2026-10-31T00:00:00Z', '2026-11-02T23:45:00Z', 15);
    expect(fall.sent.map((s) => s.at)).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z', // the first 1:30 (EDT); the repeated 1:30 (EST) sends nothing
      '2026-11-02T06:30:00.000Z',
    ]);
  });
});

describe('personal digests when the person changes zone', () => {
  it('follows the Slack time zone: 9:00 in Paris, then 9:00 in New York after the flight, never twice on one local day', async () => {
    const w = await world('Europe/Paris');
    await remind(w, { days: [0, 1, 2, 3, 4, 5, 6] });
    // Mon 8 June: 9:00 in Paris is 07:00 UTC. She lands in New York at 11:00 UTC, where it is 7:00 the same day.
    await tick(w, [await replica(w)], '2026-06-08T00:00:00Z', '2026-06-09T23:55:00Z', 5, (now) => {
      if (now.getTime() >= Date.parse('2026-06-08T11:00:00Z')) w.zone = 'America/New_York';
    });
    expect(w.sent.map((s) => s.at)).toEqual([
      '2026-06-08T07:00:00.000Z', // Mon 9:00 Paris
      // Mon 9:00 New York (13:00 UTC) is the same local slot, 2026-06-08T09:00: not sent again
      '2026-06-09T13:00:00.000Z', // Tue 9:00 New York
    ]);
  });

  it('uses UTC when Slack has no zone for the person', async () => {
    const w = await world(null);
    await remind(w, { days: [1] });
    await tick(w, [await replica(w)], '2026-06-08T08:00:00Z', '2026-06-08T10:00:00Z');
    expect(w.sent.map((s) => s.at)).toEqual(['2026-06-08T09:00:00.000Z']);
  });
});

describe('personal digests are sent exactly once', () => {
  it('two replicas ticking at the same minute send one DM', async () => {
    const w = await world('UTC');
    await remind(w, {});
    await tick(w, [await replica(w), await replica(w, true)], '2026-06-08T08:50:00Z', '2026-06-08T09:30:00Z', 1);
    expect(w.sent).toHaveLength(1);
  });

  it('a restart after the DM (a new process, the same store) within the grace window sends nothing more', async () => {
    const w = await world('UTC');
    await remind(w, {});
    await tick(w, [await replica(w)], '2026-06-08T09:00:00Z', '2026-06-08T09:00:00Z');
    await tick(w, [await replica(w)], '2026-06-08T09:05:00Z', '2026-06-08T10:30:00Z');
    expect(w.sent).toHaveLength(1);
  });

  it('a process that was down at 9:00 sends the slot when it comes back within 2 h, not later', async () => {
    const late = await world('UTC');
    await remind(late, {});
    await tick(late, [await replica(late)], '2026-06-08T10:40:00Z', '2026-06-08T12:00:00Z');
    expect(late.sent.map((s) => s.at)).toEqual(['2026-06-08T10:40:00.000Z']);

    const tooLate = await world('UTC');
    await remind(tooLate, {});
    await tick(tooLate, [await replica(tooLate)], '2026-06-08T11:05:00Z', '2026-06-08T12:00:00Z');
    expect(tooLate.sent).toEqual([]);
  });

  it('retries at the next tick when Slack refused the DM, but never re-sends one whose answer was lost', async () => {
    const refused = await world('UTC');
    await remind(refused, {});
    refused.sendFailure = Object.assign(new Error('An API error occurred: ratelimited'), {
      code: 'slack_webapi_platform_error',
      data: { error: 'ratelimited' },
    });
    await tick(refused, [await replica(refused)], '2026-06-08T09:00:00Z', '2026-06-08T09:00:00Z');
    refused.sendFailure = null;
    await tick(refused, [await replica(refused)], '2026-06-08T09:05:00Z', '2026-06-08T09:30:00Z');
    expect(refused.sent.map((s) => s.at)).toEqual(['2026-06-08T09:05:00.000Z']);

    const lost = await world('UTC');
    await remind(lost, {});
    lost.sendFailure = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    await tick(lost, [await replica(lost)], '2026-06-08T09:00:00Z', '2026-06-08T09:00:00Z');
    lost.sendFailure = null;
    await tick(lost, [await replica(lost)], '2026-06-08T09:05:00Z', '2026-06-08T10:30:00Z');
    expect(lost.sent).toEqual([]);
  });
});

describe('personal digests say nothing when nothing is waiting', () => {
  it('sends no DM when nothing waits, and an all-clear when the person asked for one', async () => {
    const quiet = await world('UTC', 0);
    await remind(quiet, {});
    await tick(quiet, [await replica(quiet)], '2026-06-08T08:55:00Z', '2026-06-08T09:30:00Z');
    expect(quiet.sent).toEqual([]);

    const clear = await world('UTC', 0);
    await remind(clear, { allClear: true });
    await tick(clear, [await replica(clear)], '2026-06-08T08:55:00Z', '2026-06-08T09:30:00Z');
    expect(clear.sent.map((s) => s.text)).toEqual(['✅ Nothing is waiting for your reply in Inbox. All clear!']);
  });

  it('lists what waits: the count in the DM text', async () => {
    const w = await world('UTC', 42);
    await remind(w, {});
    await tick(w, [await replica(w)], '2026-06-08T09:00:00Z', '2026-06-08T09:00:00Z');
    expect(w.sent[0]?.text).toContain('42 threads await your reply');
  });
});
