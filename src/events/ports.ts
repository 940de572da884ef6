/**
 * What the live-events pipeline needs from the state store, as narrow ports. The store implements them
 * with database constraints (exactly once across replicas); `memory.ts` implements them for unit tests.
 * Every key starts with a team ID: the Inbox team for the event ledger (seq is per Inbox team), the Slack
 * team for what was posted where.
 */

export interface EventLedger {
  /**
   * Records an event ID the first time any replica sees it (`INSERT … ON CONFLICT DO NOTHING`): true for
   * exactly one caller, false for every later one (a duplicate delivery, a backfill, another replica).
   */
  firstSeen(inboxTeamId: string, eventId: string, seq: number, type: string): Promise<boolean>;
  /** The last seq handled for the team, or null before the first event. */
  lastSeq(inboxTeamId: string): Promise<number | null>;
  /** Moves the stored seq forward to `seq` (never back: compare-and-set); true when it moved. */
  advance(inboxTeamId: string, seq: number): Promise<boolean>;
}

/** The live card of one Inbox thread in one channel. */
export interface LiveCard {
  channelId: string;
  threadId: string;
  /** The Slack message; null while the replica that claimed it is posting it. */
  ts: string | null;
  /** The thread was archived when the card was last drawn (a reopen moves the card back into view). */
  archived: boolean;
  /** Prospect (externalId) of the thread, to redraw the card on prospect.* events. */
  prospectId: string | null;
}

export interface CardIndex {
  get(slackTeamId: string, channelId: string, threadId: string): Promise<LiveCard | null>;
  /** Claims the right to post the first card for (channel, thread): true for exactly one caller. */
  claim(slackTeamId: string, channelId: string, threadId: string, prospectId: string | null): Promise<boolean>;
  /** Records the posted (or moved) card. */
  save(slackTeamId: string, card: LiveCard): Promise<void>;
  /** Gives a claim back after a failed post, so a later event can post. */
  release(slackTeamId: string, channelId: string, threadId: string): Promise<void>;
  /** Every card of a prospect's threads (prospect.* events). */
  byProspect(slackTeamId: string, prospectId: string): Promise<LiveCard[]>;
}
