/**
 * The schema's history: one entry per change, applied in order at start (see migrate.ts) and never edited once
 * landed. To change the schema, append an entry whose name sorts after the last one (`0002_…`) and update
 * schema.ts. Use only what both SQLite and PostgreSQL accept (text, integer/bigint, primary keys, indexes):
 * the same migration runs on both.
 */
import type { Kysely, Migration } from 'kysely';

/** Epoch milliseconds: BIGINT (PostgreSQL's integer is 32-bit); SQLite's INTEGER is 64-bit already. */
const MILLIS = 'bigint';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's schema types.
type AnyDb = Kysely<any>;

export const MIGRATIONS: ReadonlyArray<{ name: string; migration: Migration }> = [
  {
    name: '0001_core',
    migration: {
      async up(db: AnyDb) {
        await db.schema
          .createTable('claims')
          .addColumn('team_id', 'text', (c) => c.notNull())
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('generation', 'integer', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('claimed_at', MILLIS, (c) => c.notNull())
          .addColumn('expires_at', MILLIS, (c) => c.notNull())
          .addColumn('finished_at', MILLIS)
          .addColumn('result', 'text')
          .addPrimaryKeyConstraint('claims_pk', ['team_id', 'scope', 'key'])
          .execute();
        await db.schema.createIndex('claims_expires_at').on('claims').column('expires_at').execute();

        await db.schema
          .createTable('seen')
          .addColumn('team_id', 'text', (c) => c.notNull())
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('first_seen_at', MILLIS, (c) => c.notNull())
          .addColumn('expires_at', MILLIS, (c) => c.notNull())
          .addPrimaryKeyConstraint('seen_pk', ['team_id', 'scope', 'key'])
          .execute();
        await db.schema.createIndex('seen_expires_at').on('seen').column('expires_at').execute();

        await db.schema
          .createTable('records')
          .addColumn('team_id', 'text', (c) => c.notNull())
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('updated_at', MILLIS, (c) => c.notNull())
          .addColumn('expires_at', MILLIS)
          .addPrimaryKeyConstraint('records_pk', ['team_id', 'scope', 'key'])
          .execute();
        await db.schema.createIndex('records_expires_at').on('records').column('expires_at').execute();

        await db.schema
          .createTable('store_meta')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
      },
    },
  },
];
