/**
 * The tables as Kysely sees them: one interface per table, listed in `Database`. Times are epoch milliseconds
 * (BIGINT in PostgreSQL, INTEGER in SQLite; both read back as numbers); JSON values are TEXT, parsed by the
 * method that owns the table. Every table's key starts with `team_id`.
 */

/** Claims with an owner and an expiry: exactly one holder per (team_id, scope, key) at a time. */
export interface ClaimsTable {
  team_id: string;
  scope: string;
  key: string;
  owner: string;
  /** Bumped on every takeover, so a former holder's late finish/release is recognised and ignored. */
  generation: number;
  status: 'held' | 'done' | 'released';
  claimed_at: number;
  expires_at: number;
  finished_at: number | null;
  /** JSON written by finish()/release(). */
  result: string | null;
}

/** "First seen" records: an INSERT that conflicts means "seen before, within its TTL". */
export interface SeenTable {
  team_id: string;
  scope: string;
  key: string;
  first_seen_at: number;
  expires_at: number;
}

/** Small versioned JSON values (last Inbox seq, round-robin position, settings): compare-and-set by version. */
export interface RecordsTable {
  team_id: string;
  scope: string;
  key: string;
  /** JSON. */
  value: string;
  version: number;
  updated_at: number;
  /** null: kept until deleted. */
  expires_at: number | null;
}

/** The store's own bookkeeping (last start, written at start as a write check). */
export interface StoreMetaTable {
  key: string;
  value: string;
}

/** Messages kept up to date in a channel, one per item (e.g. a card per conversation); exactly one poster. */
export interface LiveMessagesTable {
  team_id: string;
  channel_id: string;
  item_id: string;
  /** Slack message ts; null while the claimant is posting it. */
  ts: string | null;
  /** Items are found by group too (e.g. every card of one person). */
  group_id: string | null;
  /** Feature-defined state of the message (e.g. 'open', 'archived'). */
  state: string;
  updated_at: number;
}

/** Channel subscriptions; `value` is the owning feature's JSON. */
export interface SubscriptionsTable {
  team_id: string;
  channel_id: string;
  id: string;
  value: string;
  created_at: number;
}

export interface Database {
  live_messages: LiveMessagesTable;
  subscriptions: SubscriptionsTable;
  claims: ClaimsTable;
  seen: SeenTable;
  records: RecordsTable;
  store_meta: StoreMetaTable;
}
