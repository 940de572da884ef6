/**
 * What the listeners need, injected by main.ts (or by a test). Nothing here reads the environment.
 */
import type { Logger } from '@slack/bolt';
import type { ThreadService } from './services/threads.js';

/** The digest as the /inbox command sees it (preview for the caller, post to the channel now). */
export interface DigestCommands {
  preview(): Promise<{ text: string; blocks: unknown[] }>;
  postNow(): Promise<{ channel: string; outcome: string }>;
}

export interface AppDeps {
  threads: ThreadService;
  /** null when no DIGEST_CHANNEL is configured. */
  digest: DigestCommands | null;
  settings: {
    /** "Open in Inbox" link template with `{threadId}`. */
    inboxAppUrl: string;
    /** After this long without an answer, the user gets a "working on it" message. */
    slowNoticeMs: number;
  };
  clock: () => Date;
  logger: Logger;
}
