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
  {
    name: '0002_live_events',
    migration: {
      async up(db: AnyDb) {
        // One row per (channel, item) message the app keeps up to date; `ts` null while a replica posts it.
        await db.schema
          .createTable('live_messages')
          .addColumn('team_id', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('item_id', 'text', (c) => c.notNull())
          .addColumn('ts', 'text')
          .addColumn('group_id', 'text')
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('updated_at', MILLIS, (c) => c.notNull())
          .addPrimaryKeyConstraint('live_messages_pk', ['team_id', 'channel_id', 'item_id'])
          .execute();
        await db.schema
          .createIndex('live_messages_group')
          .on('live_messages')
          .columns(['team_id', 'group_id'])
          .execute();

        // A channel's subscriptions to live events (the value is the feature's JSON).
        await db.schema
          .createTable('subscriptions')
          .addColumn('team_id', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('created_at', MILLIS, (c) => c.notNull())
          .addPrimaryKeyConstraint('subscriptions_pk', ['team_id', 'channel_id', 'id'])
          .execute();
      },
    },
  },
];
