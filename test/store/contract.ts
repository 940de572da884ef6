/**
 * The store's contract: every behaviour the app relies on, run against each implementation
 * (sqlite.test.ts always, postgres.test.ts when a PostgreSQL server answers).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store, StoreOptions } from '../../src/store/index.js';

export interface ContractTarget {
  /** Opens a store on the target's one database (the same database every call). */
  open(options: Pick<StoreOptions, 'clock'>): Promise<Store>;
  /** Empties every table between tests. */
  reset(store: Store): Promise<void>;
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
}

const T0 = Date.parse('2026-03-09T09:00:00Z');
const team = 'T0TEAM0001';
const k = (key: string, scope = 'test') => ({ teamId: team, scope, key });

export function storeContract(name: string, target: ContractTarget): void {
  describe(`the state store on ${name}`, () => {
    let now = T0;
    const clock = () => new Date(now);
    let store: Store;
    let other: Store;

    beforeAll(async () => {
      await target.setup?.();
      store = await target.open({ clock });
      other = await target.open({ clock });
    });
    afterAll(async () => {
      await store?.close();
      await other?.close();
      await target.teardown?.();
    });
    beforeEach(async () => {
      now = T0;
      await target.reset(store);
    });
    afterEach(() => {});

    describe('claims', () => {
      it('gives a key to exactly one of many concurrent claimants, across two store instances', async () => {
        const attempts = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 ? store : other).claims.acquire(k('slot'), { ttlMs: 60_000, owner: `o${i}` }),
          ),
        );
        expect(attempts.filter((a) => a.status === 'claimed')).toHaveLength(1);
        expect(attempts.filter((a) => a.status === 'held')).toHaveLength(19);
      });

      it('keys are per team and per scope', async () => {
        expect((await store.claims.acquire(k('x'), { ttlMs: 1000 })).status).toBe('claimed');
        expect((await store.claims.acquire({ ...k('x'), teamId: 'T0OTHER' }, { ttlMs: 1000 })).status).toBe('claimed');
        expect((await store.claims.acquire(k('x', 'other'), { ttlMs: 1000 })).status).toBe('claimed');
      });

      it('a finished claim is done for good; its result is kept', async () => {
        const a = await store.claims.acquire(k('slot'), { ttlMs: 60_000 });
        if (a.status !== 'claimed') throw new Error(a.status);
        expect(await store.claims.finish(a.claim, { ts: '123.456', total: 7 })).toBe(true);
        now += 3_600_000;
        const again = await other.claims.acquire(k('slot'), { ttlMs: 60_000 });
        expect(again.status).toBe('done');
        expect(again.status === 'done' && again.row.result).toEqual({ ts: '123.456', total: 7 });
      });

      it('a released claim is taken by the next claimant, with a new generation', async () => {
        const a = await store.claims.acquire(k('slot'), { ttlMs: 60_000, owner: 'first' });
        if (a.status !== 'claimed') throw new Error(a.status);
        expect(await store.claims.release(a.claim, { reason: 'Inbox down' })).toBe(true);
        const b = await other.claims.acquire(k('slot'), { ttlMs: 60_000, owner: 'second' });
        expect(b.status).toBe('claimed');
        if (b.status !== 'claimed') return;
        expect(b.claim.generation).toBe(2);
        expect(b.previous).toMatchObject({ owner: 'first', status: 'released', result: { reason: 'Inbox down' } });
      });

      it('a live claim is held; once it expires (its owner crashed) it is taken over by exactly one', async () => {
        const a = await store.claims.acquire(k('slot'), { ttlMs: 60_000, owner: 'crashed' });
        if (a.status !== 'claimed') throw new Error(a.status);
        now += 59_000;
        expect((await other.claims.acquire(k('slot'), { ttlMs: 60_000 })).status).toBe('held');
        now += 2_000;
        const looked = await other.claims.acquire(k('slot'), { ttlMs: 60_000, takeOverExpired: false });
        expect(looked).toMatchObject({ status: 'expired', row: { owner: 'crashed' } });
        const racers = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? store : other).claims.acquire(k('slot'), { ttlMs: 60_000, owner: `r${i}` }),
          ),
        );
        expect(racers.filter((r) => r.status === 'claimed')).toHaveLength(1);
        // The crashed owner's late finish is refused: the claim is no longer its.
        expect(await store.claims.finish(a.claim, { late: true })).toBe(false);
      });

      it('renew() keeps a claim alive past its first expiry, and fails once it was taken over', async () => {
        const a = await store.claims.acquire(k('slot'), { ttlMs: 10_000 });
        if (a.status !== 'claimed') throw new Error(a.status);
        now += 8_000;
        expect(await store.claims.renew(a.claim, 10_000)).toBe(true);
        now += 8_000;
        expect((await other.claims.acquire(k('slot'), { ttlMs: 10_000 })).status).toBe('held');
        now += 20_000;
        expect((await other.claims.acquire(k('slot'), { ttlMs: 10_000 })).status).toBe('claimed');
        expect(await store.claims.renew(a.claim, 10_000)).toBe(false);
        expect(await store.claims.release(a.claim)).toBe(false);
      });

      it('get() shows the row (or null)', async () => {
        expect(await store.claims.get(k('none'))).toBeNull();
        await store.claims.acquire(k('slot'), { ttlMs: 1_000, owner: 'me' });
        expect(await other.claims.get(k('slot'))).toMatchObject({
          teamId: team,
          status: 'held',
          owner: 'me',
          generation: 1,
          expiresAt: new Date(T0 + 1_000),
          result: null,
        });
      });

      it('refuses an empty or oversized key part', async () => {
        await expect(store.claims.acquire({ teamId: '', scope: 's', key: 'k' }, { ttlMs: 1 })).rejects.toThrow(
          /teamId/,
        );
        await expect(store.claims.acquire(k('x'.repeat(600)), { ttlMs: 1 })).rejects.toThrow(/key/);
      });
    });

    describe('seen (dedupe with a TTL)', () => {
      it('answers true exactly once among concurrent inserts of the same key', async () => {
        const answers = await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 ? store : other).seen.firstSeen(k('evt_1'), 60_000)),
        );
        expect(answers.filter(Boolean)).toHaveLength(1);
        expect(await store.seen.has(k('evt_1'))).toBe(true);
        expect(await store.seen.firstSeen(k('evt_2'), 60_000)).toBe(true);
      });

      it('forgets a key once its TTL has passed', async () => {
        expect(await store.seen.firstSeen(k('sig'), 300_000)).toBe(true);
        now += 299_000;
        expect(await store.seen.firstSeen(k('sig'), 300_000)).toBe(false);
        now += 2_000;
        expect(await store.seen.has(k('sig'))).toBe(false);
        expect(await other.seen.firstSeen(k('sig'), 300_000)).toBe(true);
        expect(await store.seen.firstSeen(k('sig'), 300_000)).toBe(false);
      });
    });

    describe('records (versioned values, compare-and-set)', () => {
      it('put without a version is last-write-wins and bumps the version', async () => {
        expect(await store.records.get(k('seq'))).toBeNull();
        expect(await store.records.put(k('seq'), { seq: 1 })).toEqual({ ok: true, version: 1 });
        expect(await other.records.put(k('seq'), { seq: 2 })).toEqual({ ok: true, version: 2 });
        expect(await store.records.get(k('seq'))).toMatchObject({ value: { seq: 2 }, version: 2 });
      });

      it('compare-and-set: the loser is told, with what is there now', async () => {
        await store.records.put(k('rr'), { next: 0 });
        const a = await store.records.put(k('rr'), { next: 1 }, { expectedVersion: 1 });
        const b = await other.records.put(k('rr'), { next: 5 }, { expectedVersion: 1 });
        expect(a).toEqual({ ok: true, version: 2 });
        expect(b).toMatchObject({ ok: false, current: { value: { next: 1 }, version: 2 } });
      });

      it('expectedVersion null creates only when absent, once among racers', async () => {
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? store : other).records.put(k('once'), { by: i }, { expectedVersion: null }),
          ),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(1);
      });

      it('update() loses no increment among concurrent writers', async () => {
        await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            (i % 2 ? store : other).records.update<number>(k('counter'), (n) => (n ?? 0) + 1, { attempts: 50 }),
          ),
        );
        expect(await store.records.get(k('counter'))).toMatchObject({ value: 12 });
      });

      it('a record with a TTL disappears when it expires', async () => {
        await store.records.put(k('not-member:U1'), true, { ttlMs: 60_000 });
        expect(await store.records.get(k('not-member:U1'))).toMatchObject({ value: true });
        now += 61_000;
        expect(await store.records.get(k('not-member:U1'))).toBeNull();
        expect(await store.records.put(k('not-member:U1'), false, { expectedVersion: null })).toMatchObject({
          ok: true,
        });
      });

      it('list() returns one team and scope, by key, optionally by prefix; delete() checks the version', async () => {
        await store.records.put(k('user:U2', 'settings'), { dm: false });
        await store.records.put(k('user:U1', 'settings'), { dm: true });
        await store.records.put(k('channel:C1', 'settings'), { on: true });
        await store.records.put({ teamId: 'T0OTHER', scope: 'settings', key: 'user:U3' }, {});
        await store.records.put(k('user_x%', 'settings'), {});
        const users = await other.records.list(team, 'settings', { prefix: 'user:' });
        expect(users.map((r) => r.key)).toEqual(['user:U1', 'user:U2']);
        expect((await other.records.list(team, 'settings')).map((r) => r.key)).toEqual([
          'channel:C1',
          'user:U1',
          'user:U2',
          'user_x%',
        ]);
        expect(await store.records.delete(k('user:U1', 'settings'), { expectedVersion: 7 })).toBe(false);
        expect(await store.records.delete(k('user:U1', 'settings'), { expectedVersion: 1 })).toBe(true);
        expect(await store.records.get(k('user:U1', 'settings'))).toBeNull();
      });

      it('keeps JSON values intact (unicode, nesting, null)', async () => {
        const value = { text: 'héllo 👋 <!channel> "q"', list: [1, null, { a: [] }], none: null };
        await store.records.put(k('json'), value);
        expect((await other.records.get(k('json')))?.value).toEqual(value);
      });
    });

    describe('live messages and subscriptions', () => {
      it('lets exactly one of many concurrent claimants post a channel message, across two store instances', async () => {
        const claims = await Promise.all(
          Array.from({ length: 12 }, (_, i) => (i % 2 ? store : other).liveMessages.claim(team, 'C1', 'thread1', 'p1')),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(await other.liveMessages.get(team, 'C1', 'thread1')).toMatchObject({ ts: null, groupId: 'p1' });
        await store.liveMessages.save(team, {
          channelId: 'C1',
          itemId: 'thread1',
          ts: '1.2',
          groupId: 'p1',
          state: 'open',
        });
        expect(await other.liveMessages.byGroup(team, 'p1')).toEqual([
          { channelId: 'C1', itemId: 'thread1', ts: '1.2', groupId: 'p1', state: 'open' },
        ]);
        // A posted message is not released; an unposted claim is, and can be claimed again.
        await store.liveMessages.release(team, 'C1', 'thread1');
        expect((await store.liveMessages.get(team, 'C1', 'thread1'))?.ts).toBe('1.2');
        expect(await store.liveMessages.claim(team, 'C2', 'thread1', null)).toBe(true);
        await store.liveMessages.release(team, 'C2', 'thread1');
        expect(await other.liveMessages.claim(team, 'C2', 'thread1', null)).toBe(true);
        expect(await store.liveMessages.get('T0OTHER', 'C1', 'thread1')).toBeNull();
      });

      it('adds, lists (oldest first; by team and channel) and removes subscriptions', async () => {
        await store.subscriptions.add({ teamId: team, channelId: 'C1', id: 'a', value: { events: ['replies'] } });
        now += 1_000;
        await store.subscriptions.add({ teamId: team, channelId: 'C1', id: 'b', value: { text: 'tag:"hot lead" 👋' } });
        await store.subscriptions.add({ teamId: team, channelId: 'C2', id: 'c', value: 1 });
        await store.subscriptions.add({ teamId: 'T0OTHER', channelId: 'C1', id: 'd', value: 2 });
        expect((await other.subscriptions.list(team, 'C1')).map((r) => [r.id, r.value])).toEqual([
          ['a', { events: ['replies'] }],
          ['b', { text: 'tag:"hot lead" 👋' }],
        ]);
        expect((await other.subscriptions.list(team)).map((r) => r.id)).toEqual(['a', 'b', 'c']);
        expect((await other.subscriptions.list()).map((r) => r.id).sort()).toEqual(['a', 'b', 'c', 'd']);
        expect(await store.subscriptions.remove(team, 'C1', 'a')).toBe(true);
        expect(await store.subscriptions.remove(team, 'C1', 'a')).toBe(false);
        expect(await store.subscriptions.removeAll(team, 'C1')).toBe(1);
        expect((await other.subscriptions.list()).map((r) => r.id).sort()).toEqual(['c', 'd']);
      });
    });

    describe('pruning', () => {
      it('deletes expired seen and records, and claims older than the retention; keeps the rest', async () => {
        await store.seen.firstSeen(k('old'), 1_000);
        await store.seen.firstSeen(k('fresh'), 10 * 86_400_000);
        await store.records.put(k('ttl'), 1, { ttlMs: 1_000 });
        await store.records.put(k('kept'), 1);
        const done = await store.claims.acquire(k('2026-01-01'), { ttlMs: 1_000 });
        if (done.status === 'claimed') await store.claims.finish(done.claim, {});
        await store.claims.acquire(k('abandoned'), { ttlMs: 1_000 });
        now += 31 * 86_400_000;
        await store.claims.acquire(k('recent'), { ttlMs: 1_000 });
        await store.seen.firstSeen(k('fresh2'), 60_000);
        expect(await store.prune()).toEqual({ claims: 2, seen: 2, records: 1 });
        expect(await store.records.get(k('kept'))).not.toBeNull();
        expect(await store.claims.get(k('recent'))).not.toBeNull();
        expect(await store.seen.has(k('fresh2'))).toBe(true);
        expect(await store.prune()).toEqual({ claims: 0, seen: 0, records: 0 });
      });
    });

    it('is healthy when the database answers', async () => {
      expect(await store.health()).toEqual({ ok: true });
    });
  });
}

/** Deletes every row of the store's tables (between contract tests). */
export async function emptyTables(store: Store): Promise<void> {
  for (const table of ['claims', 'seen', 'records', 'live_messages', 'subscriptions'] as const) {
    await store.db.deleteFrom(table).execute();
  }
}
