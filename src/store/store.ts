/**
 * openStore(): the one state store. SQLite (better-sqlite3, WAL) in STATE_DIR by default; PostgreSQL (pg Pool)
 * when a postgres:// URL is given. Both go through the same Kysely methods, the same migrations and the same
 * contract tests. Opening checks the store completely (reachable, readable, writable, schema not newer) and
 * throws a StoreUnavailableError with one line when it is not usable.
 */
import { randomUUID } from 'node:crypto';
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { type Dialect, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { type ClaimStore, createClaimStore } from './claims.js';
import { describeDatabaseUrl, describeStoreError, StoreUnavailableError } from './errors.js';
import { createHealthTracker, type StoreHealth } from './health.js';
import {
  createLiveMessageStore,
  createSubscriptionRowStore,
  type LiveMessageStore,
  type SubscriptionRowStore,
} from './live.js';
import { LockingSqliteAdapter, type MigrationLockState, migrateToLatest } from './migrate.js';
import { DEFAULT_CLAIM_RETENTION_MS, type PruneCounts, pruneExpired } from './prune.js';
import { createRecordStore, type RecordStore } from './records.js';
import type { Database } from './schema.js';
import { createSeenStore, type SeenStore } from './seen.js';
import { observeDialect } from './tracking.js';

export const SQLITE_FILE_NAME = 'inbox-slack.sqlite';

export interface StoreLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface StoreOptions {
  /** postgres://… → PostgreSQL; null/undefined → SQLite under stateDir. */
  databaseUrl?: string | null;
  /** Directory of the SQLite file (created if missing). */
  stateDir?: string;
  /** ':memory:' for a throwaway SQLite store (tests). Default `${stateDir}/inbox-slack.sqlite`. */
  sqliteFile?: string;
  clock?: () => Date;
  log?: StoreLog;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** How long one query may take before it fails (default 10 s); connecting fails after 5 s. */
  queryTimeoutMs?: number;
  claimRetentionMs?: number;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** The SQLite file or the database URL without its password: for log lines. */
  readonly location: string;
  /** This process's owner id for claims: host:pid:random. */
  readonly owner: string;
  /** For methods inside src/store/ only (features add a file here rather than querying from outside). */
  readonly db: Kysely<Database>;
  readonly claims: ClaimStore;
  readonly seen: SeenStore;
  readonly records: RecordStore;
  /** Messages kept up to date per (channel, item), with exactly-one first post (live events). */
  readonly liveMessages: LiveMessageStore;
  /** Channel subscriptions (live events). */
  readonly subscriptions: SubscriptionRowStore;
  /** 503-worthy or not, with a reason; probes the database (cached ~1 s). */
  health(): Promise<StoreHealth>;
  prune(): Promise<PruneCounts>;
  close(): Promise<void>;
}

const quietLog: StoreLog = { info() {}, warn() {}, error() {} };

function prepareStateDir(dir: string): void {
  let stat: ReturnType<typeof statSync> | undefined;
  try {
    stat = statSync(dir);
  } catch {
    // missing: created below
  }
  if (stat && !stat.isDirectory()) {
    throw new StoreUnavailableError(`STATE_DIR ${dir} is a file, not a directory: move it away or set STATE_DIR`);
  }
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.R_OK | constants.W_OK);
  } catch (error) {
    throw new StoreUnavailableError(
      `STATE_DIR ${dir} cannot be used: ${describeStoreError(error, 'it').replace(/^it:? ?/, '')}`,
      { cause: error },
    );
  }
}

function openSqlite(file: string, timeoutMs: number): SqliteDatabase.Database {
  const db = new SqliteDatabase(file, { timeout: timeoutMs });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // A cheap full read of every page: a truncated or damaged file is refused here, not at the first digest.
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw Object.assign(new Error(String(check)), { code: 'SQLITE_CORRUPT' });
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function postgresPool(url: string, options: StoreOptions, log: StoreLog): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    query_timeout: options.queryTimeoutMs ?? 10_000,
    application_name: 'inbox-slack',
    // BIGINT columns hold epoch milliseconds: read them as numbers (they fit in 2^53).
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === pg.types.builtins.INT8
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection dropped by the server must not crash the process: the pool replaces it; health shows it.
  pool.on('error', (error) => log.warn(`store: PostgreSQL connection lost: ${error.message}`));
  return pool;
}

export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? quietLog;
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const url = options.databaseUrl ?? null;
  const lock: MigrationLockState = { failed: false };

  let kind: Store['kind'];
  let location: string;
  let base: Dialect;
  let adapter: (() => ReturnType<Dialect['createAdapter']>) | null = null;
  let sqlite: SqliteDatabase.Database | null = null;

  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new StoreUnavailableError('DATABASE_URL must be a postgres:// or postgresql:// URL');
    }
    kind = 'postgres';
    location = describeDatabaseUrl(url);
    base = new PostgresDialect({ pool: postgresPool(url, options, log) });
  } else {
    kind = 'sqlite';
    const dir = options.stateDir ?? '.state';
    const file = options.sqliteFile ?? join(dir, SQLITE_FILE_NAME);
    location = file;
    if (file !== ':memory:') prepareStateDir(dir);
    try {
      sqlite = openSqlite(file, 5_000);
    } catch (error) {
      throw new StoreUnavailableError(`the SQLite file ${describeStoreError(error, file)}`, { cause: error });
    }
    const opened = sqlite;
    base = new SqliteDialect({ database: opened });
    adapter = () => new LockingSqliteAdapter(lock);
  }

  let db: Kysely<Database> | null = null;
  const health = createHealthTracker({
    what: kind === 'sqlite' ? `the SQLite file ${location}` : `PostgreSQL at ${location}`,
    probe: async () => {
      await db
        ?.insertInto('store_meta')
        .values({ key: 'probe', value: String(clock().getTime()) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(clock().getTime()) }))
        .execute();
    },
    onChange: (h) =>
      h.ok ? log.info('store: the database answers again') : log.error(`store: unavailable: ${h.reason}`),
  });
  const observed = observeDialect(base, health);
  const dialect: Dialect = adapter ? { ...observed, createAdapter: adapter } : observed;
  db = new Kysely<Database>({ dialect });
  const ready = db;

  try {
    const applied = await migrateToLatest(ready, lock);
    if (applied.length > 0) log.info(`store: applied migration(s) ${applied.join(', ')} to ${location}`);
    // A write at start: a read-only file or a server in recovery is refused now, not at the first claim.
    await ready
      .insertInto('store_meta')
      .values({ key: 'last_start', value: JSON.stringify({ at: clock().toISOString(), owner }) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify({ at: clock().toISOString(), owner }) }))
      .execute();
  } catch (error) {
    await ready.destroy().catch(() => {});
    if (error instanceof StoreUnavailableError) throw error;
    const what = kind === 'sqlite' ? `the SQLite file ${location}` : `PostgreSQL at ${location}`;
    throw new StoreUnavailableError(describeStoreError(error, what), { cause: error });
  }

  let closed = false;
  return {
    kind,
    location,
    owner,
    db: ready,
    claims: createClaimStore(ready, clock, owner),
    seen: createSeenStore(ready, clock),
    records: createRecordStore(ready, clock),
    liveMessages: createLiveMessageStore(ready, clock),
    subscriptions: createSubscriptionRowStore(ready, clock),
    health: () => health.check(),
    prune: () => pruneExpired(ready, clock().getTime(), options.claimRetentionMs ?? DEFAULT_CLAIM_RETENTION_MS),
    async close() {
      if (closed) return;
      closed = true;
      await ready.destroy();
    },
  };
}
