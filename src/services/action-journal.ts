/**
 * What this app just did to a thread, and for whom: the event Inbox sends back for it must not notify the
 * person who clicked (nobody is notified about their own action). Entries are short-lived; the state store
 * keeps them so that any replica receiving the event knows.
 */
export type JournalChange = 'assign' | 'archive' | 'reopen';

export interface ActionJournal {
  record(threadId: string, change: JournalChange, slackUserId: string): Promise<void>;
  /** The Slack user who made this change through the app within the last `withinMs`, or null. */
  actor(threadId: string, change: JournalChange, withinMs?: number): Promise<string | null>;
}

export const JOURNAL_WINDOW_MS = 5 * 60_000;

export function createMemoryActionJournal(clock: () => Date = () => new Date()): ActionJournal {
  const entries = new Map<string, { slackUserId: string; at: number }>();
  return {
    async record(threadId, change, slackUserId) {
      if (entries.size > 10_000) entries.clear();
      entries.set(`${threadId}:${change}`, { slackUserId, at: clock().getTime() });
    },
    async actor(threadId, change, withinMs = JOURNAL_WINDOW_MS) {
      const hit = entries.get(`${threadId}:${change}`);
      return hit && clock().getTime() - hit.at <= withinMs ? hit.slackUserId : null;
    },
  };
}
