/**
 * In-memory ports for unit tests (one process, so "exactly once" is only as good as a Map here; the store
 * implementations give it across replicas by database constraint).
 */
import type { CardIndex, EventLedger, LiveCard } from './ports.js';

export function createMemoryEventLedger(): EventLedger & { seen: Map<string, number> } {
  const seen = new Map<string, number>();
  const cursors = new Map<string, number>();
  return {
    seen,
    async firstSeen(team, eventId, seq) {
      const key = `${team}:${eventId}`;
      if (seen.has(key)) return false;
      seen.set(key, seq);
      return true;
    },
    async lastSeq(team) {
      return cursors.get(team) ?? null;
    },
    async advance(team, seq) {
      const current = cursors.get(team);
      if (current !== undefined && current >= seq) return false;
      cursors.set(team, seq);
      return true;
    },
  };
}

export function createMemoryCardIndex(): CardIndex & { clear(): void } {
  const cards = new Map<string, LiveCard>();
  const key = (team: string, channel: string, thread: string) => `${team}:${channel}:${thread}`;
  return {
    clear: () => cards.clear(),
    async get(team, channel, thread) {
      const card = cards.get(key(team, channel, thread));
      return card ? { ...card } : null;
    },
    async claim(team, channelId, threadId, prospectId) {
      const k = key(team, channelId, threadId);
      if (cards.has(k)) return false;
      cards.set(k, { channelId, threadId, ts: null, archived: false, prospectId });
      return true;
    },
    async save(team, card) {
      cards.set(key(team, card.channelId, card.threadId), { ...card });
    },
    async release(team, channel, thread) {
      const k = key(team, channel, thread);
      if (cards.get(k)?.ts === null) cards.delete(k);
    },
    async byProspect(team, prospectId) {
      return [...cards.entries()]
        .filter(([k, c]) => k.startsWith(`${team}:`) && c.prospectId === prospectId && c.ts !== null)
        .map(([, c]) => ({ ...c }));
    },
  };
}
