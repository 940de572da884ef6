/**
 * The small piece of the state store the reply, bulk-undo and round-robin services need: a per-team key/value
 * with a version, written by compare-and-set, so two replicas (or two clicks) never both win. The store
 * (src/store/) provides it in production; `createMemoryKeyValue` serves tests and a store-less start.
 */

export interface VersionedValue<T> {
  value: T;
  /** Starts at 1 and grows by one on every write. */
  version: number;
}

export interface KeyValuePort {
  get<T>(teamId: string, key: string): Promise<VersionedValue<T> | null>;
  /**
   * Writes `value` when the key's current version is `expected` (`null`: the key must not exist). Returns the
   * new version, or null when someone else wrote first (nothing is written then). `ttlMs` lets a record expire.
   */
  compareAndSet<T>(
    teamId: string,
    key: string,
    value: T,
    expected: number | null,
    opts?: { ttlMs?: number },
  ): Promise<number | null>;
  delete(teamId: string, key: string): Promise<void>;
}

/** Reads, changes and writes a key until the compare-and-set wins (bounded); null when `change` returns null. */
export async function updateValue<T>(
  kv: KeyValuePort,
  teamId: string,
  key: string,
  change: (current: T | null) => T | null,
  opts: { ttlMs?: number; attempts?: number } = {},
): Promise<VersionedValue<T> | null> {
  for (let attempt = 0; attempt < (opts.attempts ?? 10); attempt++) {
    const current = await kv.get<T>(teamId, key);
    const next = change(current ? current.value : null);
    if (next === null) return null;
    const version = await kv.compareAndSet(teamId, key, next, current?.version ?? null, opts);
    if (version !== null) return { value: next, version };
  }
  throw new Error(`could not update ${key}: too many concurrent writers`);
}

/** In-process implementation (JSON copies, so callers never share objects with the "store"). */
export function createMemoryKeyValue(clock: () => Date = () => new Date()): KeyValuePort {
  const entries = new Map<string, { json: string; version: number; expiresAt: number | null }>();
  const id = (teamId: string, key: string) => `${teamId}\u0000${key}`;
  const live = (k: string) => {
    const entry = entries.get(k);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= clock().getTime()) {
      entries.delete(k);
      return undefined;
    }
    return entry;
  };
  return {
    async get<T>(teamId: string, key: string) {
      const entry = live(id(teamId, key));
      return entry ? { value: JSON.parse(entry.json) as T, version: entry.version } : null;
    },
    async compareAndSet(teamId, key, value, expected, opts = {}) {
      const k = id(teamId, key);
      const entry = live(k);
      if ((entry?.version ?? null) !== expected) return null;
      const version = (entry?.version ?? 0) + 1;
      const expiresAt = opts.ttlMs === undefined ? null : clock().getTime() + opts.ttlMs;
      entries.set(k, { json: JSON.stringify(value), version, expiresAt });
      return version;
    },
    async delete(teamId, key) {
      entries.delete(id(teamId, key));
    },
  };
}
