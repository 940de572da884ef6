/**
 * Two small tables for live events, generic enough to know nothing of Slack or Inbox:
 * - live messages: one message per (team, channel, item) that the app keeps updating; `claim()` is an
 *   INSERT … ON CONFLICT DO NOTHING, so exactly one replica posts the first one; found again by item or group.
 * - subscriptions: a channel's subscriptions, each a JSON value owned by the feature.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface LiveMessage {
  channelId: string;
  itemId: string;
  ts: string | null;
  groupId: string | null;
  state: string;
}

export interface LiveMessageStore {
  get(teamId: string, channelId: string, itemId: string): Promise<LiveMessage | null>;
  /** true for exactly one caller per (team, channel, item): it posts the message, then save()s its ts. */
  claim(teamId: string, channelId: string, itemId: string, groupId: string | null): Promise<boolean>;
  save(teamId: string, message: LiveMessage): Promise<void>;
  /** Drops a claim whose message was never posted (ts still null). */
  release(teamId: string, channelId: string, itemId: string): Promise<void>;
  byGroup(teamId: string, groupId: string): Promise<LiveMessage[]>;
}

export interface SubscriptionRow<T = unknown> {
  teamId: string;
  channelId: string;
  id: string;
  value: T;
}

export interface SubscriptionRowStore {
  add<T>(row: SubscriptionRow<T>): Promise<void>;
  /** Oldest first; all teams without `teamId`, a team's without `channelId`. */
  list<T>(teamId?: string, channelId?: string): Promise<SubscriptionRow<T>[]>;
  remove(teamId: string, channelId: string, id: string): Promise<boolean>;
  removeAll(teamId: string, channelId: string): Promise<number>;
}

const toMessage = (r: {
  channel_id: string;
  item_id: string;
  ts: string | null;
  group_id: string | null;
  state: string;
}) => ({
  channelId: r.channel_id,
  itemId: r.item_id,
  ts: r.ts,
  groupId: r.group_id,
  state: r.state,
});

export function createLiveMessageStore(db: Kysely<Database>, clock: () => Date): LiveMessageStore {
  const cols = ['channel_id', 'item_id', 'ts', 'group_id', 'state'] as const;
  return {
    async get(teamId, channelId, itemId) {
      const row = await db
        .selectFrom('live_messages')
        .select(cols)
        .where('team_id', '=', teamId)
        .where('channel_id', '=', channelId)
        .where('item_id', '=', itemId)
        .executeTakeFirst();
      return row ? toMessage(row) : null;
    },
    async claim(teamId, channelId, itemId, groupId) {
      const row = await db
        .insertInto('live_messages')
        .values({
          team_id: teamId,
          channel_id: channelId,
          item_id: itemId,
          ts: null,
          group_id: groupId,
          state: 'posting',
          updated_at: clock().getTime(),
        })
        .onConflict((oc) => oc.columns(['team_id', 'channel_id', 'item_id']).doNothing())
        .returning('item_id')
        .executeTakeFirst();
      return row !== undefined;
    },
    async save(teamId, m) {
      const values = { ts: m.ts, group_id: m.groupId, state: m.state, updated_at: clock().getTime() };
      await db
        .insertInto('live_messages')
        .values({ team_id: teamId, channel_id: m.channelId, item_id: m.itemId, ...values })
        .onConflict((oc) => oc.columns(['team_id', 'channel_id', 'item_id']).doUpdateSet(values))
        .execute();
    },
    async release(teamId, channelId, itemId) {
      await db
        .deleteFrom('live_messages')
        .where('team_id', '=', teamId)
        .where('channel_id', '=', channelId)
        .where('item_id', '=', itemId)
        .where('ts', 'is', null)
        .execute();
    },
    async byGroup(teamId, groupId) {
      const rows = await db
        .selectFrom('live_messages')
        .select(cols)
        .where('team_id', '=', teamId)
        .where('group_id', '=', groupId)
        .where('ts', 'is not', null)
        .execute();
      return rows.map(toMessage);
    },
  };
}

export function createSubscriptionRowStore(db: Kysely<Database>, clock: () => Date): SubscriptionRowStore {
  return {
    async add(row) {
      await db
        .insertInto('subscriptions')
        .values({
          team_id: row.teamId,
          channel_id: row.channelId,
          id: row.id,
          value: JSON.stringify(row.value),
          created_at: clock().getTime(),
        })
        .execute();
    },
    async list<T>(teamId?: string, channelId?: string) {
      let query = db.selectFrom('subscriptions').select(['team_id', 'channel_id', 'id', 'value']);
      if (teamId !== undefined) query = query.where('team_id', '=', teamId);
      if (channelId !== undefined) query = query.where('channel_id', '=', channelId);
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map((r) => ({
        teamId: r.team_id,
        channelId: r.channel_id,
        id: r.id,
        value: JSON.parse(r.value) as T,
      }));
    },
    async remove(teamId, channelId, id) {
      const result = await db
        .deleteFrom('subscriptions')
        .where('team_id', '=', teamId)
        .where('channel_id', '=', channelId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async removeAll(teamId, channelId) {
      const result = await db
        .deleteFrom('subscriptions')
        .where('team_id', '=', teamId)
        .where('channel_id', '=', channelId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
