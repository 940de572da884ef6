/**
 * The state store: one interface (Store), SQLite by default and PostgreSQL with DATABASE_URL, through Kysely so
 * that every method is written once for both. Nothing here knows about Slack or Inbox; every key starts with the
 * Slack team ID (StoreKey).
 *
 * Generic primitives, enough for most features without a table of their own:
 * - store.claims  — exactly-one holder with an owner and an expiry; an abandoned claim is taken over (claims.ts)
 * - store.seen    — "first seen" with a TTL: dedupe webhooks, replayed requests, "notified once" (seen.ts)
 * - store.records — small versioned JSON values with compare-and-set: last seq, round-robin, settings (records.ts)
 *
 * Adding a table (one place, three steps):
 * 1. migrations.ts: append `{ name: '000N_what', migration: { up } }` (never edit a landed one; SQL both
 *    SQLite and PostgreSQL accept; times as bigint epoch ms; the key starts with team_id).
 * 2. schema.ts: add the table's interface and list it in `Database`.
 * 3. A file here, `what.ts`, exporting `createWhatStore(db, clock)`; add it to the `Store` interface and object in
 *    store.ts; add its cases to test/store/contract.ts (they then run on SQLite and PostgreSQL) and any pruning to
 *    prune.ts.
 */
export type { AcquireOptions, Claim, ClaimAttempt, ClaimRow, ClaimStore } from './claims.js';
export { describeDatabaseUrl, isUnavailable, StoreUnavailableError } from './errors.js';
export type { StoreHealth } from './health.js';
export type { StoreKey } from './keys.js';
export type { LiveMessage, LiveMessageStore, SubscriptionRow, SubscriptionRowStore } from './live.js';
export { LATEST_MIGRATION } from './migrate.js';
export { type PruneCounts, startPruning } from './prune.js';
export type { PutOptions, PutResult, RecordStore, VersionedRecord } from './records.js';
export type { SeenStore } from './seen.js';
export { openStore, SQLITE_FILE_NAME, type Store, type StoreLog, type StoreOptions } from './store.js';
