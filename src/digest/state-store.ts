/**
 * Exactly-once claims for scheduled digests: one claim per (channel, slot).
 *
 * The file store's real cross-process guard is an O_EXCL claim file per (channel, slot, generation):
 * `open(…, 'wx')` succeeds for exactly one process on the machine. A released claim (the run failed) or a
 * stale one (its owner died mid-run and Slack shows no digest) is superseded by creating the next
 * generation, again with 'wx', so takeovers race safely too. Outcomes (posted / empty-skipped / released /
 * uncertain) are recorded in a JSON file written atomically (temp file, fsync, rename) under a 'wx' lock.
 *
 * One machine only: do not share STATE_DIR between hosts (use a database-backed StateStore for replicas).
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export type ClaimOutcome = 'claimed' | 'posted' | 'empty-skipped' | 'released' | 'uncertain';

export interface ClaimOwner {
  host: string;
  pid: number;
  /** Distinguishes two stores (or two runs after a restart) inside one process. */
  instance: string;
}

export interface ClaimRecord {
  channel: string;
  slot: string;
  generation: number;
  owner: ClaimOwner;
  claimedAt: string;
  outcome: ClaimOutcome;
  finishedAt?: string;
  ts?: string;
  total?: number;
  reason?: string;
}

/** A claim this process holds: pass it back to complete() or release(). */
export interface Claim {
  channel: string;
  slot: string;
  generation: number;
  owner: ClaimOwner;
  claimedAt: string;
}

export type ClaimResult =
  | { status: 'claimed'; claim: Claim }
  /** Posted, skipped as empty, or possibly posted (uncertain): never run again. */
  | { status: 'done'; record: ClaimRecord }
  /** Another live owner holds it right now. */
  | { status: 'in-progress'; record: ClaimRecord }
  /** Its owner is gone and recorded no outcome: it may or may not have posted. */
  | { status: 'stale'; record: ClaimRecord };

export type FinishedOutcome =
  | { outcome: 'posted'; ts: string; total: number }
  | { outcome: 'empty-skipped'; total: 0 }
  | { outcome: 'uncertain'; reason: string };

export interface ClaimOptions {
  /** Supersede a stale claim (the caller has checked Slack and found no digest for the slot). */
  takeOverStale?: boolean;
}

export interface StateStore {
  claim(channel: string, slot: string, now: Date, options?: ClaimOptions): Promise<ClaimResult>;
  complete(claim: Claim, result: FinishedOutcome, now: Date): Promise<void>;
  /** Gives the slot back so that a later attempt can post it. */
  release(claim: Claim, reason: string, now: Date): Promise<void>;
  get(channel: string, slot: string): Promise<ClaimRecord | null>;
}

export type OwnerLiveness = (owner: ClaimOwner) => boolean;

/** Same host: the pid is checked with signal 0. Another host: assumed alive (we cannot tell). */
export const defaultOwnerLiveness: OwnerLiveness = (owner) => {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function newOwner(): ClaimOwner {
  return { host: hostname(), pid: process.pid, instance: randomUUID() };
}

const claimKey = (channel: string, slot: string) => `${channel}|${slot}`;

function finishedRecord(claim: Claim, result: FinishedOutcome, now: Date): ClaimRecord {
  const base: ClaimRecord = { ...claim, outcome: result.outcome, finishedAt: now.toISOString() };
  if (result.outcome === 'posted') return { ...base, ts: result.ts, total: result.total };
  if (result.outcome === 'empty-skipped') return { ...base, total: 0 };
  return { ...base, reason: result.reason };
}

/** Decides what the latest generation's record means. */
function classify(record: ClaimRecord, isAlive: OwnerLiveness): ClaimResult | 'supersede' {
  switch (record.outcome) {
    case 'posted':
    case 'empty-skipped':
    case 'uncertain':
      return { status: 'done', record };
    case 'released':
      return 'supersede';
    case 'claimed':
      return isAlive(record.owner) ? { status: 'in-progress', record } : { status: 'stale', record };
  }
}

// ---------------------------------------------------------------------------------------------------------
// In memory (tests, and a process that does not need to survive restarts)

export interface MemoryStateStoreOptions {
  isOwnerAlive?: OwnerLiveness;
}

export function createMemoryStateStore(options: MemoryStateStoreOptions = {}): StateStore & {
  records(): ClaimRecord[];
} {
  const isAlive = options.isOwnerAlive ?? (() => true);
  const owner = newOwner();
  const records = new Map<string, ClaimRecord>();
  return {
    async claim(channel, slot, now, claimOptions = {}) {
      const current = records.get(claimKey(channel, slot));
      let generation = 1;
      if (current) {
        const verdict = classify(current, isAlive);
        if (verdict !== 'supersede' && !(verdict.status === 'stale' && claimOptions.takeOverStale)) return verdict;
        generation = current.generation + 1;
      }
      const claim: Claim = { channel, slot, generation, owner, claimedAt: now.toISOString() };
      records.set(claimKey(channel, slot), { ...claim, outcome: 'claimed' });
      return { status: 'claimed', claim };
    },
    async complete(claim, result, now) {
      records.set(claimKey(claim.channel, claim.slot), finishedRecord(claim, result, now));
    },
    async release(claim, reason, now) {
      const current = records.get(claimKey(claim.channel, claim.slot));
      if (current && current.generation !== claim.generation) return;
      records.set(claimKey(claim.channel, claim.slot), {
        ...claim,
        outcome: 'released',
        finishedAt: now.toISOString(),
        reason,
      });
    },
    async get(channel, slot) {
      return records.get(claimKey(channel, slot)) ?? null;
    },
    records: () => [...records.values()],
  };
}

// ---------------------------------------------------------------------------------------------------------
// JSON file + O_EXCL claim files

export interface FileStateStoreOptions {
  /** STATE_DIR; created if missing. */
  dir: string;
  isOwnerAlive?: OwnerLiveness;
  /** A lock file older than this is considered abandoned (its holder crashed mid-write). */
  staleLockMs?: number;
  /** A claim file that could not be read yet (its creator is still writing it) counts as live this long. */
  youngClaimMs?: number;
}

interface StateFile {
  version: 1;
  claims: Record<string, ClaimRecord>;
}

export const STATE_FILE_NAME = 'digest-state.json';

export function createFileStateStore(options: FileStateStoreOptions): StateStore {
  const dir = options.dir;
  const claimsDir = join(dir, 'claims');
  const statePath = join(dir, STATE_FILE_NAME);
  const lockPath = `${statePath}.lock`;
  const isAlive = options.isOwnerAlive ?? defaultOwnerLiveness;
  const staleLockMs = options.staleLockMs ?? 10_000;
  const youngClaimMs = options.youngClaimMs ?? 60_000;
  const owner = newOwner();
  let ready: Promise<void> | null = null;

  const ensureDirs = () => {
    ready ??= fs.mkdir(claimsDir, { recursive: true }).then(() => undefined);
    return ready;
  };

  const safe = (text: string) => text.replace(/[^A-Za-z0-9-]/g, '_');
  const claimPrefix = (channel: string, slot: string) => `${safe(channel)}__${safe(slot)}.`;
  const claimFile = (channel: string, slot: string, generation: number) =>
    join(claimsDir, `${claimPrefix(channel, slot)}${generation}.claim`);

  async function latestGeneration(channel: string, slot: string): Promise<number> {
    const prefix = claimPrefix(channel, slot);
    let latest = 0;
    for (const name of await fs.readdir(claimsDir)) {
      if (!name.startsWith(prefix) || !name.endsWith('.claim')) continue;
      const generation = Number(name.slice(prefix.length, -'.claim'.length));
      if (Number.isInteger(generation) && generation > latest) latest = generation;
    }
    return latest;
  }

  async function readState(): Promise<StateFile> {
    try {
      const parsed = JSON.parse(await fs.readFile(statePath, 'utf8')) as Partial<StateFile>;
      return { version: 1, claims: parsed.claims ?? {} };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, claims: {} };
      throw new Error(`cannot read ${statePath}: ${(error as Error).message}`);
    }
  }

  async function writeAtomically(path: string, text: string): Promise<void> {
    const temp = `${path}.${process.pid}.${randomUUID()}.tmp`;
    const handle = await fs.open(temp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  }

  async function withLock<T>(fn: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await fs.open(lockPath, 'wx');
        await handle.writeFile(JSON.stringify(owner));
        await handle.close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const stat = await fs.stat(lockPath).catch(() => null);
        // Lock ages are wall-clock file times, not the digest's clock: this guards file writes, not slots.
        if (stat && Date.now() - stat.mtimeMs > staleLockMs) await fs.rm(lockPath, { force: true });
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockPath}`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(5 * 2 ** attempt, 100)));
      }
    }
    try {
      return await fn();
    } finally {
      await fs.rm(lockPath, { force: true });
    }
  }

  async function updateRecord(key: string, update: (current: ClaimRecord | undefined) => ClaimRecord | null) {
    await withLock(async () => {
      const state = await readState();
      const next = update(state.claims[key]);
      if (!next) return;
      state.claims[key] = next;
      await writeAtomically(statePath, `${JSON.stringify(state, null, 2)}\n`);
    });
  }

  /** The record for the latest generation: from the JSON, else from the claim file itself (outcome not yet written). */
  async function recordFor(channel: string, slot: string, generation: number): Promise<ClaimRecord> {
    const state = await readState();
    const recorded = state.claims[claimKey(channel, slot)];
    if (recorded && recorded.generation === generation) return recorded;
    const path = claimFile(channel, slot, generation);
    try {
      const claim = JSON.parse(await fs.readFile(path, 'utf8')) as Claim;
      return { ...claim, outcome: 'claimed' };
    } catch {
      // Created but not written yet (or damaged): live while young, stale after that.
      const stat = await fs.stat(path).catch(() => null);
      const young = stat !== null && Date.now() - stat.mtimeMs < youngClaimMs;
      const unknownOwner: ClaimOwner = { host: young ? '(writing)' : hostname(), pid: young ? 0 : -1, instance: '' };
      return { channel, slot, generation, owner: unknownOwner, claimedAt: '', outcome: 'claimed' };
    }
  }

  const liveness: OwnerLiveness = (o) => (o.host === '(writing)' ? true : o.pid === -1 ? false : isAlive(o));

  async function tryCreate(channel: string, slot: string, generation: number, now: Date): Promise<Claim | null> {
    const claim: Claim = { channel, slot, generation, owner, claimedAt: now.toISOString() };
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(claimFile(channel, slot, generation), 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
      throw error;
    }
    try {
      await handle.writeFile(JSON.stringify(claim));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await updateRecord(claimKey(channel, slot), () => ({ ...claim, outcome: 'claimed' }));
    return claim;
  }

  return {
    async claim(channel, slot, now, claimOptions = {}) {
      await ensureDirs();
      for (let round = 0; round < 5; round++) {
        const latest = await latestGeneration(channel, slot);
        if (latest > 0) {
          const record = await recordFor(channel, slot, latest);
          const verdict = classify(record, liveness);
          if (verdict !== 'supersede' && !(verdict.status === 'stale' && claimOptions.takeOverStale)) return verdict;
        }
        const claim = await tryCreate(channel, slot, latest + 1, now);
        if (claim) return { status: 'claimed', claim };
        // Someone else created that generation first: look again.
      }
      throw new Error(`could not settle the claim for ${channel} ${slot}`);
    },

    async complete(claim, result, now) {
      await updateRecord(claimKey(claim.channel, claim.slot), () => finishedRecord(claim, result, now));
    },

    async release(claim, reason, now) {
      await updateRecord(claimKey(claim.channel, claim.slot), (current) => {
        if (current && current.generation > claim.generation) return null;
        return { ...claim, outcome: 'released', finishedAt: now.toISOString(), reason };
      });
    },

    async get(channel, slot) {
      await ensureDirs();
      const latest = await latestGeneration(channel, slot);
      return latest === 0 ? null : recordFor(channel, slot, latest);
    },
  };
}
