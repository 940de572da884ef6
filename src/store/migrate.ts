/**
 * Runs MIGRATIONS at start with Kysely's Migrator (in-code provider), safe from several replicas at once:
 * - PostgreSQL: Kysely takes a session advisory lock (pg_advisory_lock) around a transaction, so a second
 *   replica waits, then finds nothing left to do.
 * - SQLite: Kysely's adapter takes no lock (it assumes one process). LockingSqliteAdapter takes SQLite's write
 *   lock with BEGIN IMMEDIATE (a second process waits up to the busy timeout) and commits the migrations as one
 *   transaction, or rolls them all back when one fails.
 * A database that has migrations this build does not know (a newer build ran) is refused before anything runs.
 */
import { type Kysely, type Migration, Migrator, SqliteAdapter, sql } from 'kysely';
import { StoreUnavailableError } from './errors.js';
import { MIGRATIONS } from './migrations.js';
import type { Database } from './schema.js';

export const MIGRATION_TABLE = 'kysely_migration';

/** Shared between the adapter and the migrations it wraps: did one of them fail? */
export interface MigrationLockState {
  failed: boolean;
}

export class LockingSqliteAdapter extends SqliteAdapter {
  constructor(private readonly state: MigrationLockState) {
    super();
  }
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's adapter signature.
  override async acquireMigrationLock(db: Kysely<any>): Promise<void> {
    this.state.failed = false;
    await sql`begin immediate`.execute(db);
  }
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's adapter signature.
  override async releaseMigrationLock(db: Kysely<any>): Promise<void> {
    await sql.raw(this.state.failed ? 'rollback' : 'commit').execute(db);
  }
}

/** The migrations the database has run, or [] when it has never been migrated. */
async function executedMigrations(db: Kysely<Database>): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === MIGRATION_TABLE)) return [];
  const rows = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(db);
  return rows.rows.map((r) => r.name);
}

export const LATEST_MIGRATION = MIGRATIONS.at(-1)?.name ?? '';

/** Brings the schema up to date; throws StoreUnavailableError when it cannot (newer schema, failed migration). */
export async function migrateToLatest(db: Kysely<Database>, lock: MigrationLockState): Promise<string[]> {
  const known = new Set(MIGRATIONS.map((m) => m.name));
  const unknown = (await executedMigrations(db)).filter((name) => !known.has(name)).sort();
  if (unknown.length > 0) {
    throw new StoreUnavailableError(
      `the database's schema is newer than this build (it has migration ${unknown.at(-1)}; this build knows up to ${LATEST_MIGRATION}): run the newer build, or restore a backup`,
    );
  }
  const wrap = (m: Migration): Migration => ({
    async up(trx) {
      try {
        await m.up(trx);
      } catch (error) {
        lock.failed = true;
        throw error;
      }
    },
  });
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => Object.fromEntries(MIGRATIONS.map((m) => [m.name, wrap(m.migration)])) },
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const message = error instanceof Error ? error.message : String(error);
    throw new StoreUnavailableError(`migration ${failed ?? '(setup)'} failed: ${message}`, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
