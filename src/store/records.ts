/**
 * Small per-team JSON values with a version, for compare-and-set: the last Inbox event seq, a round-robin
 * position, a user's settings. put() without `expectedVersion` is last-write-wins; with it, the write happens only
 * if nobody wrote in between, and the loser is told (with the current value) instead of overwriting.
 * update() is the read-modify-write loop built on that. Values are JSON: validate what you read (zod) in the
 * feature that owns the scope.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import { checkKey, type StoreKey, where } from './keys.js';
import type { Database, RecordsTable } from './schema.js';

export interface VersionedRecord<T = unknown> {
  value: T;
  /** 1 on the first write, +1 on every write. */
  version: number;
  updatedAt: Date;
}

export interface PutOptions {
  /** undefined: write whatever is there. null: only if absent. n: only if the stored version is n. */
  expectedVersion?: number | null;
  /** The record disappears after this long (pruned; reads ignore it once expired). */
  ttlMs?: number;
}

export type PutResult<T> =
  | { ok: true; version: number }
  /** Someone else wrote first (or it is absent when you expected a version): `current` is what is there now. */
  | { ok: false; current: VersionedRecord<T> | null };

export interface RecordStore {
  get<T = unknown>(key: StoreKey): Promise<VersionedRecord<T> | null>;
  put<T = unknown>(key: StoreKey, value: T, options?: PutOptions): Promise<PutResult<T>>;
  /** Read, change, compare-and-set; retried (up to `attempts`) when another writer got in between. */
  update<T = unknown>(
    key: StoreKey,
    change: (current: T | null) => T,
    options?: { attempts?: number; ttlMs?: number },
  ): Promise<VersionedRecord<T>>;
  /** false when there was nothing to delete or the version did not match. */
  delete(key: StoreKey, options?: { expectedVersion?: number }): Promise<boolean>;
  /** Every live record of a team in one scope, optionally whose key starts with `prefix`, by key. */
  list<T = unknown>(
    teamId: string,
    scope: string,
    options?: { prefix?: string; limit?: number },
  ): Promise<Array<VersionedRecord<T> & { key: string }>>;
}

function toRecord<T>(r: Pick<Selectable<RecordsTable>, 'value' | 'version' | 'updated_at'>): VersionedRecord<T> {
  return { value: JSON.parse(r.value) as T, version: Number(r.version), updatedAt: new Date(Number(r.updated_at)) };
}

export function createRecordStore(db: Kysely<Database>, clock: () => Date): RecordStore {
  async function get<T>(key: StoreKey): Promise<VersionedRecord<T> | null> {
    const now = clock().getTime();
    const row = await db
      .selectFrom('records')
      .select(['value', 'version', 'updated_at'])
      .where((eb) => eb.and([eb.and(where(key)), eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)])]))
      .executeTakeFirst();
    return row ? toRecord<T>(row) : null;
  }

  async function put<T>(key: StoreKey, value: T, options: PutOptions = {}): Promise<PutResult<T>> {
    checkKey(key);
    const now = clock().getTime();
    const text = JSON.stringify(value);
    const expiresAt = options.ttlMs === undefined ? null : now + options.ttlMs;
    const expected = options.expectedVersion;

    if (expected === undefined || expected === null) {
      // Insert; on conflict overwrite (last write wins) or, when it must be absent, only over an expired record.
      const row = await db
        .insertInto('records')
        .values({ ...where(key), value: text, version: 1, updated_at: now, expires_at: expiresAt })
        .onConflict((oc) => {
          const update = oc.columns(['team_id', 'scope', 'key']).doUpdateSet((eb) => ({
            value: text,
            version: eb('records.version', '+', 1),
            updated_at: now,
            expires_at: expiresAt,
          }));
          return expected === null ? update.where('records.expires_at', '<=', now) : update;
        })
        .returning('version')
        .executeTakeFirst();
      if (row) return { ok: true, version: Number(row.version) };
      return { ok: false, current: await get<T>(key) };
    }

    const row = await db
      .updateTable('records')
      .set({ value: text, version: expected + 1, updated_at: now, expires_at: expiresAt })
      .where((eb) =>
        eb.and([
          eb.and({ ...where(key), version: expected }),
          eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]),
        ]),
      )
      .returning('version')
      .executeTakeFirst();
    if (row) return { ok: true, version: Number(row.version) };
    return { ok: false, current: await get<T>(key) };
  }

  return {
    get,
    put,

    async update(key, change, options = {}) {
      const attempts = options.attempts ?? 10;
      for (let attempt = 0; attempt < attempts; attempt++) {
        const current = await get<Parameters<typeof change>[0]>(key);
        const value = change(current?.value ?? null);
        const result = await put(key, value, {
          expectedVersion: current?.version ?? null,
          ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
        });
        if (result.ok) return { value, version: result.version, updatedAt: clock() };
      }
      throw new Error(`records: ${key.scope}/${key.key} kept changing under ${attempts} attempts to update it`);
    },

    async delete(key, options = {}) {
      let query = db.deleteFrom('records').where((eb) => eb.and(where(key)));
      if (options.expectedVersion !== undefined) query = query.where('version', '=', options.expectedVersion);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    async list<T>(teamId: string, scope: string, options: { prefix?: string; limit?: number } = {}) {
      const now = clock().getTime();
      let query = db
        .selectFrom('records')
        .select(['key', 'value', 'version', 'updated_at'])
        .where('team_id', '=', teamId)
        .where('scope', '=', scope)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .limit(options.limit ?? 1000);
      if (options.prefix) {
        // substr, not LIKE: no escaping of % and _, and SQLite's LIKE ignores case.
        const prefix = options.prefix;
        query = query.where(sql`substr(key, 1, ${[...prefix].length})`, '=', prefix);
      }
      const rows = await query.execute();
      // Sorted here, not in SQL: PostgreSQL's collation and SQLite's byte order disagree on mixed case.
      return rows
        .map((r) => ({ key: r.key, ...toRecord<T>(r) }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
  };
}
