import type { KnownBlock } from '@slack/types';

/** What every message builder returns: pass it straight to chat.postMessage / respond(). */
export interface SlackMessage {
  /** Fallback for notifications and screen readers (mrkdwn). */
  text: string;
  blocks: KnownBlock[];
}
