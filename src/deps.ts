/**
 * What the listeners need, injected by main.ts (or by a test). Nothing here reads the environment.
 */
import type { Logger } from '@slack/bolt';
import type { Digest } from './digest/index.js';
import type { ThreadService } from './services/threads.js';

export interface AppDeps {
  threads: ThreadService;
  /** null when no DIGEST_CHANNEL is configured. */
  digest: Pick<Digest, 'preview' | 'postNow' | 'redraw'> | null;
  settings: {
    /** "Open in Inbox" link template with `{threadId}`. */
    inboxAppUrl: string;
    /** After this long without an answer, the user gets a "working on it" message. */
    slowNoticeMs: number;
  };
  clock: () => Date;
  logger: Logger;
}
