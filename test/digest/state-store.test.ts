import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ClaimResult,
  createFileStateStore,
  createMemoryStateStore,
  STATE_FILE_NAME,
  type StateStore,
} from '../../src/digest/state-store.js';

const run = promisify(execFile);
const T0 = new Date('2026-03-09T13:00:00Z');
const T1 = new Date('2026-03-09T13:00:05Z');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'digest-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function claimed(result: ClaimResult) {
  if (result.status !== 'claimed') throw new Error(`expected a claim, got ${result.status}`);
  return result.claim;
}

const stores: Array<[string, (opts?: { alive?: boolean }) => StateStore]> = [
  ['the JSON file store', (opts) => createFileStateStore({ dir, isOwnerAlive: () => opts?.alive ?? true })],
  ['the memory store', (opts) => createMemoryStateStore({ isOwnerAlive: () => opts?.alive ?? true })],
];

describe.each(stores)('%s', (_name, make) => {
  it('grants one claim per (channel, slot) and reports it done once posted', async () => {
    const store = make();
    const claim = claimed(await store.claim('C1', '2026-03-09T09:00', T0));
    expect(claim.generation).toBe(1);
    expect((await store.claim('C1', '2026-03-09T09:00', T0)).status).toBe('in-progress');
    expect((await store.claim('C2', '2026-03-09T09:00', T0)).status).toBe('claimed');
    expect((await store.claim('C1', '2026-03-10T09:00', T0)).status).toBe('claimed');
    await store.complete(claim, { outcome: 'posted', ts: '1.2', total: 3 }, T1);
    const again = await store.claim('C1', '2026-03-09T09:00', T1);
    expect(again).toMatchObject({ status: 'done', record: { outcome: 'posted', ts: '1.2', total: 3 } });
  });

  it('lets a later attempt claim a released slot, under a new generation', async () => {
    const store = make();
    const first = claimed(await store.claim('C1', 's', T0));
    await store.release(first, 'Inbox kept failing', T1);
    expect(await store.get('C1', 's')).toMatchObject({ outcome: 'released', reason: 'Inbox kept failing' });
    const second = claimed(await store.claim('C1', 's', T1));
    expect(second.generation).toBe(2);
    // A late release of the old generation must not free the new claim.
    await store.release(first, 'late', T1);
    expect((await store.claim('C1', 's', T1)).status).toBe('in-progress');
  });

  it('reports a claim whose owner died without an outcome as stale, and takes it over only when asked', async () => {
    const store = make({ alive: false });
    claimed(await store.claim('C1', 's', T0));
    const stale = await store.claim('C1', 's', T1);
    expect(stale.status).toBe('stale');
    const taken = claimed(await store.claim('C1', 's', T1, { takeOverStale: true }));
    expect(taken.generation).toBe(2);
  });

  it('treats an empty-skipped or uncertain slot as done', async () => {
    const store = make();
    await store.complete(claimed(await store.claim('C1', 'a', T0)), { outcome: 'empty-skipped', total: 0 }, T1);
    await store.complete(
      claimed(await store.claim('C1', 'b', T0)),
      { outcome: 'uncertain', reason: 'lost response' },
      T1,
    );
    expect((await store.claim('C1', 'a', T1)).status).toBe('done');
    expect((await store.claim('C1', 'b', T1)).status).toBe('done');
  });
});

describe('the JSON file store on disk', () => {
  it('survives a restart: a new store over the same directory sees the posted slot', async () => {
    const before = createFileStateStore({ dir });
    await before.complete(claimed(await before.claim('C1', 's', T0)), { outcome: 'posted', ts: '9.9', total: 12 }, T1);
    const after = createFileStateStore({ dir });
    expect(await after.claim('C1', 's', T1)).toMatchObject({ status: 'done', record: { ts: '9.9', total: 12 } });
  });

  it('sees a claim left by a live owner as in progress after a restart, and as stale once the owner is gone', async () => {
    const before = createFileStateStore({ dir });
    claimed(await before.claim('C1', 's', T0));
    expect((await createFileStateStore({ dir, isOwnerAlive: () => true }).claim('C1', 's', T1)).status).toBe(
      'in-progress',
    );
    expect((await createFileStateStore({ dir, isOwnerAlive: () => false }).claim('C1', 's', T1)).status).toBe('stale');
  });

  it('gives exactly one of many concurrent claimers the slot', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () => createFileStateStore({ dir }).claim('C1', 's', T0)),
    );
    expect(results.filter((r) => r.status === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'in-progress')).toHaveLength(11);
  });

  it('gives exactly one of many concurrent takeovers of a stale claim the slot', async () => {
    const dead = claimed(await createFileStateStore({ dir }).claim('C1', 's', T0)).owner.instance;
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        createFileStateStore({ dir, isOwnerAlive: (o) => o.instance !== dead }).claim('C1', 's', T1, {
          takeOverStale: true,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'in-progress')).toHaveLength(7);
  });

  it('gives exactly one of several OS processes the slot', async () => {
    const script = join(import.meta.dirname, 'support', 'claim-once.ts');
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () =>
        run(process.execPath, ['--import', 'tsx', script, dir, 'C1', '2026-03-09T09:00'], { cwd: process.cwd() }),
      ),
    );
    const statuses = outputs.map((o) => o.stdout.trim()).sort();
    expect(statuses.filter((s) => s === 'claimed')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'in-progress' || s === 'done')).toHaveLength(3);
    const record = await createFileStateStore({ dir }).get('C1', '2026-03-09T09:00');
    expect(record).toMatchObject({ outcome: 'posted', total: 7 });
  });

  it('keeps the JSON readable and leaves no temporary or lock files behind', async () => {
    const store = createFileStateStore({ dir });
    for (const slot of ['a', 'b', 'c']) {
      await store.complete(claimed(await store.claim('C1', slot, T0)), { outcome: 'posted', ts: slot, total: 1 }, T1);
    }
    const state = JSON.parse(await readFile(join(dir, STATE_FILE_NAME), 'utf8'));
    expect(Object.keys(state.claims).sort()).toEqual(['C1|a', 'C1|b', 'C1|c']);
    expect((await readdir(dir)).sort()).toEqual(['claims', STATE_FILE_NAME]);
    expect((await readdir(join(dir, 'claims'))).sort()).toEqual(['C1__a.1.claim', 'C1__b.1.claim', 'C1__c.1.claim']);
  });
});
