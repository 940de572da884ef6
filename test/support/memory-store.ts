/**
 * An in-memory stand-in for the state store's records, keeping the same promise (compare-and-set on a version). For unit tests of the features
 * built on the store; the store itself is tested on SQLite and PostgreSQL in test/store.
 */
import type { RecordsPort, StoreKey, VersionedRecord } from '../../src/services/store-ports.js';

const id = (k: StoreKey) => `${k.teamId}\u0000${k.scope}\u0000${k.key}`;

export function memoryRecords(clock: () => Date = () => new Date()): RecordsPort & { writes: number } {
  const rows = new Map<string, VersionedRecord<unknown> & { key: StoreKey }>();
  const store = {
    writes: 0,
    async get<T>(key: StoreKey) {
      const row = rows.get(id(key));
      return row
        ? (structuredClone({ value: row.value, version: row.version, updatedAt: row.updatedAt }) as VersionedRecord<T>)
        : null;
    },
    async put<T>(key: StoreKey, value: T, options: { expectedVersion?: number | null } = {}) {
      const row = rows.get(id(key));
      const expected = options.expectedVersion;
      if (expected !== undefined && (row?.version ?? null) !== expected) {
        return {
          ok: false as const,
          current: row
            ? (structuredClone({
                value: row.value,
                version: row.version,
                updatedAt: row.updatedAt,
              }) as VersionedRecord<T>)
            : null,
        };
      }
      const version = (row?.version ?? 0) + 1;
      rows.set(id(key), { key, value: structuredClone(value), version, updatedAt: clock() });
      store.writes++;
      return { ok: true as const, version };
    },
    async delete(key: StoreKey, options: { expectedVersion?: number } = {}) {
      const row = rows.get(id(key));
      if (!row || (options.expectedVersion !== undefined && row.version !== options.expectedVersion)) return false;
      rows.delete(id(key));
      return true;
    },
    async list<T>(teamId: string, scope: string, options: { prefix?: string } = {}) {
      return [...rows.values()]
        .filter((r) => r.key.teamId === teamId && r.key.scope === scope && r.key.key.startsWith(options.prefix ?? ''))
        .sort((a, b) => a.key.key.localeCompare(b.key.key))
        .map(
          (r) =>
            structuredClone({
              key: r.key.key,
              value: r.value,
              version: r.version,
              updatedAt: r.updatedAt,
            }) as VersionedRecord<T> & { key: string },
        );
    },
  };
  return store;
}
