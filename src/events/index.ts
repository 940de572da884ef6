/**
 * Live Inbox events, assembled: the pipeline (dedupe, order, backfill, stored seq), the Slack notifier,
 * and the source — the webhook route (served by the app's HTTP receiver) or the poller.
 */
import type { Logger } from '@slack/bolt';
import type { EventsConfig } from '../config.js';
import type { Thread } from '../inbox/schemas.js';
import type { InboxClient } from '../inbox/types.js';
import type { ActionJournal } from '../services/action-journal.js';
import type { DirectoryService } from '../services/directory.js';
import type { SlackUserLookup } from '../services/identity.js';
import type { SubscriptionStore } from '../services/subscriptions.js';
import { classifyEvent } from './classify.js';
import { createNotifier, type Notifier } from './notifier.js';
import { createEventPipeline, type EventPipeline } from './pipeline.js';
import { type Poller, startPoller } from './poller.js';
import type { CardIndex, EventLedger } from './ports.js';
import { createChannelQueues, type LiveSlack } from './slack-out.js';
import { INBOX_WEBHOOK_PATH, inboxWebhookHandler } from './webhook-route.js';

export { INBOX_WEBHOOK_PATH } from './webhook-route.js';

export interface LiveEventsDeps {
  config: EventsConfig;
  inbox: Pick<InboxClient, 'iterateEvents' | 'getThread' | 'getTeam'>;
  slack: LiveSlack;
  ledger: EventLedger;
  cards: CardIndex;
  subscriptions: Pick<SubscriptionStore, 'list'>;
  directory: DirectoryService;
  identity: SlackUserLookup;
  journal: ActionJournal;
  inboxAppUrl: string;
  clock: () => Date;
  logger: Logger;
  onThreadsChanged?: (memberIds: ReadonlyArray<string | null>) => void;
  /**
   * A thread that may need an owner: the prospect wrote, or a thread was created (round-robin's hook). Called
   * once per event, after the notifier, with the thread the event carries; its own failures are its own.
   */
  onNewThread?: (thread: Thread) => Promise<void>;
  /** Tests and benchmarks: spacing of jobs per channel (default 1000 ms). */
  postIntervalMs?: number;
  reorderWindowMs?: number;
}

export interface LiveEvents {
  pipeline: EventPipeline;
  notifier: Notifier;
  /** The custom route for the HTTP receiver (webhook mode), else null. */
  route: { path: string; method: string[]; handler: ReturnType<typeof inboxWebhookHandler> } | null;
  /** Starts polling (poll mode); webhook mode needs no start (a gap in the next delivery is backfilled). */
  start(): void;
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function createLiveEvents(deps: LiveEventsDeps): LiveEvents {
  const { config, logger } = deps;
  const notifier = createNotifier({
    slack: deps.slack,
    queues: createChannelQueues({ intervalMs: deps.postIntervalMs ?? 1_000, logger }),
    cards: deps.cards,
    subscriptions: deps.subscriptions,
    directory: deps.directory,
    identity: deps.identity,
    journal: deps.journal,
    inbox: deps.inbox,
    inboxAppUrl: deps.inboxAppUrl,
    clock: deps.clock,
    logger,
    coalesceMs: config.coalesceMs,
    ...(deps.onThreadsChanged ? { onThreadsChanged: deps.onThreadsChanged } : {}),
  });
  const pipeline = createEventPipeline({
    inbox: deps.inbox,
    ledger: deps.ledger,
    handle: async (event) => {
      await notifier.handle(event);
      if (!deps.onNewThread) return;
      const change = classifyEvent(event);
      if (change.kind === 'inbound' || change.kind === 'created') {
        await deps.onNewThread(change.thread).catch((error: unknown) => {
          logger.warn(`live events: the new-thread hook failed for ${change.thread.id}: ${(error as Error).message}`);
        });
      }
    },
    logger,
    clock: deps.clock,
    ...(deps.reorderWindowMs !== undefined ? { reorderWindowMs: deps.reorderWindowMs } : {}),
  });
  let teamId: Promise<string> | null = null;
  const inboxTeamId = () => {
    teamId ??= deps.inbox.getTeam({ priority: 'notification' }).then(
      (t) => t.id,
      (error: unknown) => {
        teamId = null;
        throw error;
      },
    );
    return teamId;
  };
  let poller: Poller | null = null;

  const route =
    config.mode === 'webhook'
      ? {
          path: INBOX_WEBHOOK_PATH,
          method: ['POST'],
          handler: inboxWebhookHandler({
            secrets: config.webhookSecrets,
            receive: (event) => pipeline.receive(event),
            clock: deps.clock,
            logger,
          }),
        }
      : null;

  return {
    pipeline,
    notifier,
    route,
    start() {
      if (config.mode === 'poll') {
        poller = startPoller({ pipeline, inboxTeamId, intervalMs: config.pollSeconds * 1000, logger });
      }
    },
    async idle() {
      await pipeline.idle();
      await notifier.idle();
    },
    async stop() {
      await poller?.stop();
      await pipeline.stop();
      await notifier.stop();
    },
  };
}
