/**
 * Two replicas of the real app (separate processes) over one PostgreSQL, with a digest every 10 seconds: every
 * slot is posted exactly once, also when the replica in the middle of a run is SIGKILLed (the other one waits
 * for the dead replica's claim to expire, checks Slack, and posts the slot itself).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIGEST_CHANNEL } from '../../sandbox/demo-team.js';
import { openStore, type Store } from '../../src/store/index.js';
import { type RunningApp, startAppProcess, useProcessEmulators } from '../support/app-process.js';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../support/postgres.js';

const postgres = await postgresForTests();

const emulators = useProcessEmulators();
let database: TestDatabase;
let store: Store;
beforeAll(async () => {
  if (!postgres.available) return;
  database = await createTestDatabase('replicas');
  store = await openStore({ databaseUrl: database.url });
});
afterAll(async () => {
  if (!postgres.available) return;
  await store?.close();
  await database?.drop();
});

/** Posted digests by slot key. */
function postsBySlot(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of emulators().slack.messages(DEMO_DIGEST_CHANNEL)) {
    if (m.source !== 'chat.postMessage' || m.metadata?.event_type !== 'inbox_digest_posted') continue;
    const slot = String((m.metadata.event_payload as { slot?: string }).slot);
    counts.set(slot, (counts.get(slot) ?? 0) + 1);
  }
  return counts;
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A digest claim held right now (a run in flight), with its owner's pid. */
async function heldClaim(): Promise<{ slot: string; pid: number } | undefined> {
  const row = await store.db
    .selectFrom('claims')
    .select(['key', 'owner'])
    .where('scope', '=', 'digest')
    .where('status', '=', 'held')
    .executeTakeFirst();
  if (!row) return undefined;
  return { slot: row.key.split('/').slice(1).join('/'), pid: Number(row.owner.split(':')[1]) };
}

describe.skipIf(!postgres.available)('two replicas over one PostgreSQL', () => {
  it('post each slot once, also when the replica running a slot is SIGKILLed mid-run', async () => {
    // Slow Inbox: each run takes a few seconds, so there is a run in flight to kill.
    emulators().inbox.controls.setLatency(600);
    const env = {
      DATABASE_URL: database.url,
      DIGEST_CHANNEL: DEMO_DIGEST_CHANNEL,
      DIGEST_SCHEDULE: '*/10 * * * * *',
      DIGEST_TIMEZONE: 'UTC',
      DIGEST_CLAIM_TTL: '5s',
    };
    const replicas: RunningApp[] = await Promise.all([
      startAppProcess(emulators(), env, { receiveSlack: false }),
      startAppProcess(emulators(), env, { receiveSlack: false }),
    ]);
    const byPid = new Map(replicas.map((r) => [r.child.pid, r]));

    // Two slots posted by the pair, then kill whichever replica is in the middle of the next one.
    await until(() => (postsBySlot().size >= 2 ? true : undefined), 60_000, 'two slots posted');
    const posted = new Set(postsBySlot().keys());
    const victim = await until(
      async () => {
        const held = await heldClaim();
        return held && !posted.has(held.slot) && byPid.has(held.pid) ? held : undefined;
      },
      30_000,
      'a run in flight',
    );
    byPid.get(victim.pid)?.child.kill('SIGKILL');
    const survivor = replicas.find((r) => r.child.pid !== victim.pid);

    // The survivor posts the killed slot (after the claim expires) and carries on alone.
    await until(() => (postsBySlot().has(victim.slot) ? true : undefined), 40_000, `the killed slot ${victim.slot}`);
    const after = postsBySlot().size;
    await until(() => (postsBySlot().size >= after + 2 ? true : undefined), 40_000, 'two more slots');

    const counts = postsBySlot();
    expect(
      [...counts.values()].every((n) => n === 1),
      JSON.stringify([...counts]),
    ).toBe(true);
    expect(counts.size).toBeGreaterThanOrEqual(5);
    expect(survivor?.child.exitCode).toBeNull();
    // No claim is left held by the dead replica: the survivor took its slot over.
    const rows = await store.db.selectFrom('claims').select(['key', 'status', 'owner']).execute();
    expect(rows.filter((r) => r.status === 'held' && r.owner.split(':')[1] === String(victim.pid))).toEqual([]);
  }, 240_000);
});
