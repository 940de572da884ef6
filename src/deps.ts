/**
 * What the listeners need, injected by main.ts (or by a test). Nothing here reads the environment.
 */
import type { Logger } from '@slack/bolt';
import type { Digest } from './digest/index.js';
import type { HealthRegistry } from './health.js';
import type { HomePublisher } from './listeners/events/home-publisher.js';
import type { AutoassignService } from './services/autoassign.js';
import type { BulkService } from './services/bulk.js';
import type { ReminderService } from './services/reminders.js';
import type { ReplyService } from './services/reply.js';
import type { SubscriptionService } from './services/subscriptions.js';
import type { ChannelCheck, TeamSettingsService } from './services/team-settings.js';
import type { ThreadService } from './services/threads.js';
import type { Store } from './store/index.js';

export interface AppDeps {
  threads: ThreadService;
  /** Channel subscriptions to live Inbox events. */
  subscriptions: SubscriptionService;
  /** Answering a prospect: the reply window's sessions and the one send. */
  reply: ReplyService;
  /** Bulk archive/assign: preview, apply, undo (plans in the store). */
  bulk: BulkService;
  /** Round-robin: configuration, rotation (in the store), `now`, and the hook live events call. */
  autoassign: AutoassignService;
  /** The App Home ("My queue") publisher. */
  home: HomePublisher;
  /** Personal reminders (`/inbox remind`). */
  reminders: ReminderService;
  /** Team settings made in Slack (`/inbox settings`). */
  teamSettings: TeamSettingsService;
  /** conversations.info: whether a channel exists and the bot is in it (validating a digest's channel). */
  checkChannel(channelId: string): Promise<ChannelCheck>;
  /** null when no DIGEST_CHANNEL is configured. */
  digest: Pick<Digest, 'preview' | 'postNow' | 'redraw'> | null;
  settings: {
    /** "Open in Inbox" link template with `{threadId}`. */
    inboxAppUrl: string;
    /** After this long without an answer, the user gets a "working on it" message. */
    slowNoticeMs: number;
    /** True once live Inbox events reach the app (new threads are then assigned as they arrive). */
    liveEvents?: boolean;
  };
  /** The state store (SQLite or PostgreSQL); every key starts with the Slack team ID (`context.teamId`). */
  store: Store;
  /** GET /healthz's checks. */
  health: HealthRegistry;
  clock: () => Date;
  logger: Logger;
  /**
   * The bounded queue answers run in after the ack (listeners/answer.ts creates it; p-queue). Absent: each
   * listener answers before it returns (a test that wants the answer inside the request).
   */
  answers?: { add(task: () => Promise<void>): Promise<unknown>; onIdle(): Promise<void> };
  /** Resolves once no request waits for its ack (bounded): answering work awaits it between its steps. */
  acksFirst?: () => Promise<void>;
}
