/**
 * Round-robin over real HTTP (the contract-checked Inbox emulator) with the real state store on SQLite files:
 * an even rotation, one that survives a restart and is shared by two replicas (two store connections to one
 * database), skipped members, and threads a human assigned left alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED_MEMBERS, SEED_THREADS } from '../../sandbox/inbox-emulator/seed.js';
import { createInboxClient } from '../../src/inbox/client.js';
import { createAccessPolicy } from '../../src/services/access.js';
import { createAutoassignService } from '../../src/services/autoassign.js';
import { createDirectoryService } from '../../src/services/directory.js';
import { createIdentityService } from '../../src/services/identity.js';
import { openStore, type Store } from '../../src/store/index.js';
import { useCheckedInboxEmulator } from '../support/inbox-emulator.js';

const TOKEN = 'ibx_rotation_test_token_0123456789';
const TEAM = 'T0ACME0001';
const ADMIN = 'U0ADMIN001';
const [A, B, C, D] = SEED_MEMBERS.map((m) => m.id) as [string, string, string, string];
const ref = (id: string) => ({ type: 'name' as const, value: SEED_MEMBERS.find((m) => m.id === id)?.email ?? '' });

const inbox = useCheckedInboxEmulator({ token: TOKEN, resetEachTest: true });

let dir = '';
const stores: Store[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'inbox-slack-rotation-'));
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** One "replica": its own Inbox client, directory and store connection to the shared SQLite file. */
async function replica(clock: () => Date = () => new Date('2026-11-25T12:00:00Z')) {
  const store = await openStore({ stateDir: dir, clock });
  stores.push(store);
  const client = createInboxClient({ baseUrl: inbox().url, token: TOKEN, retryBaseMs: 1 });
  const directory = createDirectoryService(client, []);
  const identity = createIdentityService({ directory, memberMap: { [ADMIN]: A }, lookupEmail: async () => null });
  return createAutoassignService({
    inbox: client,
    directory,
    identity,
    access: createAccessPolicy({ identity, readPolicy: 'members', actionPolicy: 'members' }),
    records: store.records,
    clock,
  });
}

async function turnOn(service: Awaited<ReturnType<typeof replica>>, members: string[]) {
  const outcome = await service.configure(TEAM, ADMIN, { members: members.map(ref), accounts: [], tags: [] });
  expect(outcome.ok).toBe(true);
}

function tally(ids: Array<string | null>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const id of ids) counts[id ?? 'none'] = (counts[id ?? 'none'] ?? 0) + 1;
  return counts;
}

describe('round-robin rotation', () => {
  it('goes round evenly, in order, and counts this week', async () => {
    const service = await replica();
    await turnOn(service, [A, B, C]);
    const picks: Array<string | null> = [];
    for (let i = 0; i < 9; i++) picks.push(await service.pick(TEAM));
    expect(picks).toEqual([A, B, C, A, B, C, A, B, C]);
    expect((await service.getRotation(TEAM)).counts['2026-W48']).toEqual({ [A]: 3, [B]: 3, [C]: 3 });
  });

  it('continues after a restart instead of starting over', async () => {
    const first = await replica();
    await turnOn(first, [A, B, C]);
    expect([await first.pick(TEAM), await first.pick(TEAM)]).toEqual([A, B]);
    await stores.splice(0)[0]?.close();

    const restarted = await replica();
    expect(await restarted.pick(TEAM)).toBe(C);
    expect(await restarted.pick(TEAM)).toBe(A);
  });

  it('is shared by two replicas picking at the same time: each member gets the same number', async () => {
    const one = await replica();
    const two = await replica();
    await turnOn(one, [A, B, C]);
    const picks = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? one : two).pick(TEAM)));
    expect(tally(picks)).toEqual({ [A]: 4, [B]: 4, [C]: 4 });
    expect((await two.getRotation(TEAM)).counts['2026-W48']).toEqual({ [A]: 4, [B]: 4, [C]: 4 });
  });

  it('skips a member until the day they are back (Wednesday → Friday)', async () => {
    let now = new Date('2026-11-25T12:00:00Z'); // a Wednesday
    const service = await replica(() => now);
    await turnOn(service, [A, B, C]);
    const skip = await service.skip(TEAM, ADMIN, ref(B), 'friday');
    expect(skip.ok && skip.until?.toISOString()).toBe('2026-11-27T00:00:00.000Z');
    const away: Array<string | null> = [];
    for (let i = 0; i < 4; i++) away.push(await service.pick(TEAM));
    expect(away).toEqual([A, C, A, C]);
    now = new Date('2026-11-27T09:00:00Z');
    const back: Array<string | null> = [];
    for (let i = 0; i < 3; i++) back.push(await service.pick(TEAM));
    expect(back.sort()).toEqual([A, B, C].sort());
  });

  it('assigns nobody while round-robin is off, and only members who are not all away', async () => {
    const service = await replica();
    await turnOn(service, [A, B]);
    await service.off(TEAM);
    expect(await service.pick(TEAM)).toBeNull();
    await turnOn(service, [A, B]);
    await service.skip(TEAM, ADMIN, ref(A), 'friday');
    await service.skip(TEAM, ADMIN, ref(B), 'friday');
    expect(await service.pick(TEAM)).toBeNull();
  });
});

describe('assignNew: the hook for new threads from live events', () => {
  const unassign = (threadId: string) => inbox().controls.store.thread(threadId);

  async function freshUnassigned() {
    // A no-reply thread, unassigned in Inbox.
    const thread = inbox()
      .controls.store.threads({ inbox: 'no-reply' })
      .find((t) => t.assigneeId === null);
    if (!thread) throw new Error('the seed has no unassigned no-reply thread');
    return thread;
  }

  it('assigns a new unassigned thread awaiting a reply to the next member, once', async () => {
    const service = await replica();
    await turnOn(service, [C, D]);
    const thread = await freshUnassigned();
    const outcome = await service.assignNew(TEAM, thread as never);
    expect(outcome).toMatchObject({ assigned: true, memberId: C });
    expect(unassign(thread.id)?.assigneeId).toBe(C);
    // The same event again (webhooks are at-least-once), from either replica: nothing more happens.
    const other = await replica();
    expect(await other.assignNew(TEAM, thread as never)).toEqual({ assigned: false, reason: 'claimed' });
    expect(await other.pick(TEAM)).toBe(D);
  });

  it('leaves alone a thread someone assigned by hand before the hook ran, and does not use up a turn', async () => {
    const service = await replica();
    await turnOn(service, [C, D]);
    const thread = await freshUnassigned();
    await fetch(`${inbox().url}/threads/${thread.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ assigneeId: A }),
    });
    // The event still shows it unassigned; Inbox says otherwise now.
    expect(await service.assignNew(TEAM, thread as never)).toEqual({ assigned: false, reason: 'hand_assigned' });
    expect(unassign(thread.id)?.assigneeId).toBe(A);
    expect(await service.pick(TEAM)).toBe(C);
  });

  it('does not touch a thread that is assigned, done, or where we spoke last', async () => {
    const service = await replica();
    await turnOn(service, [C, D]);
    const assigned = inbox().controls.store.thread(SEED_THREADS.jordanNoReply);
    const weSpokeLast = inbox().controls.store.thread(SEED_THREADS.jordanActive);
    expect(await service.assignNew(TEAM, assigned as never)).toEqual({ assigned: false, reason: 'no_match' });
    expect(await service.assignNew(TEAM, { ...weSpokeLast, assigneeId: null } as never)).toEqual({
      assigned: false,
      reason: 'no_match',
    });
    expect(await service.pick(TEAM)).toBe(C);
  });
});
