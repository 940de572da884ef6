/**
 * The live-events ports on the state store, so exactly once holds across replicas by database constraint:
 * - event ledger: `seen` (first-seen per event ID, kept 8 days: past GET /events' 7) and a versioned record
 *   for the last seq, moved forward only (compare-and-set);
 * - cards: the store's live messages (claim = INSERT … ON CONFLICT DO NOTHING);
 * - subscriptions: the store's subscriptions table, values validated with zod when read;
 * - the action journal: records with a short TTL.
 * Ledger rows are keyed by the Inbox team (seq is per Inbox team); journal rows by the Inbox thread (IDs are
 * unique across teams), under the team part `inbox`.
 */
import { z } from 'zod';
import { LIVE_EVENT_KINDS } from '../commands/grammar.js';
import { type ActionJournal, JOURNAL_WINDOW_MS } from '../services/action-journal.js';
import type { Subscription, SubscriptionStore } from '../services/subscriptions.js';
import type { Store } from '../store/index.js';
import type { CardIndex, EventLedger, LiveCard } from './ports.js';

const EVENT_TTL_MS = 8 * 86_400_000;
const SEQ_SCOPE = 'inbox-seq';

export function createStoreEventLedger(store: Pick<Store, 'seen' | 'records'>): EventLedger {
  const seqKey = (team: string) => ({ teamId: team, scope: SEQ_SCOPE, key: 'last' });
  return {
    firstSeen: (team, eventId) =>
      store.seen.firstSeen({ teamId: team, scope: 'inbox-event', key: eventId }, EVENT_TTL_MS),
    async lastSeq(team) {
      const record = await store.records.get<number>(seqKey(team));
      return typeof record?.value === 'number' ? record.value : null;
    },
    async advance(team, seq) {
      let moved = false;
      await store.records.update<number>(seqKey(team), (current) => {
        moved = current === null || seq > current;
        return moved ? seq : (current as number);
      });
      return moved;
    },
  };
}

export function createStoreCardIndex(store: Pick<Store, 'liveMessages'>): CardIndex {
  const toCard = (m: { channelId: string; itemId: string; ts: string | null; groupId: string | null; state: string }) =>
    ({
      channelId: m.channelId,
      threadId: m.itemId,
      ts: m.ts,
      archived: m.state === 'archived',
      prospectId: m.groupId,
    }) satisfies LiveCard;
  return {
    async get(team, channel, thread) {
      const m = await store.liveMessages.get(team, channel, thread);
      return m ? toCard(m) : null;
    },
    claim: (team, channel, thread, prospectId) => store.liveMessages.claim(team, channel, thread, prospectId),
    save: (team, card) =>
      store.liveMessages.save(team, {
        channelId: card.channelId,
        itemId: card.threadId,
        ts: card.ts,
        groupId: card.prospectId,
        state: card.archived ? 'archived' : 'open',
      }),
    release: (team, channel, thread) => store.liveMessages.release(team, channel, thread),
    async byProspect(team, prospectId) {
      return (await store.liveMessages.byGroup(team, prospectId)).map(toCard);
    },
  };
}

const SubscriptionValue = z.object({
  createdBy: z.string(),
  createdAt: z.string(),
  description: z.string(),
  filters: z
    .object({
      accountLinkIds: z.array(z.string()).optional(),
      filters: z.record(z.string(), z.unknown()).optional(),
    })
    .loose(),
  events: z.array(z.enum(LIVE_EVENT_KINDS as [string, ...string[]])),
  quiet: z.object({ start: z.string(), end: z.string() }).nullable(),
  timezone: z.string(),
});

export function createStoreSubscriptions(store: Pick<Store, 'subscriptions'>): SubscriptionStore {
  return {
    async add(sub) {
      const { id, teamId, channelId, ...value } = sub;
      await store.subscriptions.add({ teamId, channelId, id, value });
    },
    async list(teamId, channelId) {
      const rows = await store.subscriptions.list<unknown>(teamId, channelId);
      return rows.flatMap((row) => {
        // A row this version cannot read is skipped, never a crash of every event.
        const parsed = SubscriptionValue.safeParse(row.value);
        return parsed.success
          ? [{ id: row.id, teamId: row.teamId, channelId: row.channelId, ...parsed.data } as Subscription]
          : [];
      });
    },
    remove: (teamId, channelId, id) => store.subscriptions.remove(teamId, channelId, id),
    removeAll: (teamId, channelId) => store.subscriptions.removeAll(teamId, channelId),
  };
}

export function createStoreActionJournal(store: Pick<Store, 'records'>, clock: () => Date): ActionJournal {
  const key = (threadId: string, change: string) => ({
    teamId: 'inbox',
    scope: 'action-journal',
    key: `${threadId}:${change}`,
  });
  return {
    async record(threadId, change, slackUserId) {
      await store.records.put(
        key(threadId, change),
        { slackUserId, at: clock().getTime() },
        { ttlMs: JOURNAL_WINDOW_MS },
      );
    },
    async actor(threadId, change, withinMs = JOURNAL_WINDOW_MS) {
      const hit = await store.records.get<{ slackUserId: string; at: number }>(key(threadId, change));
      return hit && clock().getTime() - hit.value.at <= withinMs ? hit.value.slackUserId : null;
    },
  };
}
