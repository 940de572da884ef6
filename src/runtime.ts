/**
 * Builds and starts the whole app from a Config: Inbox client, directory, identity, services, the Bolt app
 * (HTTP or Socket Mode) and the digest scheduler. Used by main.ts and by the sandbox; returns a stop()
 * that lets in-flight requests finish, stops the scheduler and closes connections.
 */

import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App, Logger } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { createAckGate } from './ack-gate.js';
import { createApp } from './app.js';
import type { Config } from './config.js';
import type { AppDeps } from './deps.js';
import { createDigestFromConfig, type DigestScheduler, startDigestScheduler } from './digest/index.js';
import { createLiveEvents, type LiveEvents } from './events/index.js';
import { createMemoryCardIndex, createMemoryEventLedger } from './events/memory.js';
import type { CardIndex, EventLedger } from './events/ports.js';
import { createWebLiveSlack } from './events/slack-out.js';
import {
  createStoreActionJournal,
  createStoreCardIndex,
  createStoreEventLedger,
  createStoreSubscriptions,
} from './events/store-state.js';
import { createHealthRegistry } from './health.js';
import { trackInFlight } from './in-flight.js';
import { createInboxClient } from './inbox/client.js';
import { createAnswerQueue } from './listeners/answer.js';
import { createHomePublisher } from './listeners/events/home-publisher.js';
import { type ActionJournal, createMemoryActionJournal } from './services/action-journal.js';
import { createAutoassignService } from './services/autoassign.js';
import { createBulkService } from './services/bulk.js';
import { createDirectoryService } from './services/directory.js';
import { createIdentityService } from './services/identity.js';
import { createQueueService } from './services/queue.js';
import { createReplyService } from './services/reply.js';
import {
  createMemorySubscriptionStore,
  createSubscriptionService,
  type SubscriptionStore,
} from './services/subscriptions.js';
import { createThreadService } from './services/threads.js';
import { openStore, type Store, startPruning } from './store/index.js';

export interface Runtime {
  app: App;
  /** Live Inbox events (null when INBOX_EVENTS=off). */
  live: LiveEvents | null;
  /** The port the HTTP receiver listens on (null in Socket Mode). */
  port: number | null;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  logger: Logger;
  clock?: () => Date;
  slowNoticeMs?: number;
  /** Run the digest scheduler (default true; tests that do not exercise it turn it off). */
  schedule?: boolean;
  /** Socket Mode reconnect backoff (tests shorten it). */
  socketReconnect?: { minTimeout: number; maxTimeout: number };
  /** A scheduled digest run still going after this long is abandoned and reported by /healthz (default 20 min). */
  digestRunTimeoutMs?: number;
  /** How long shutdown waits for listeners still answering after their ack (default 20 s). */
  drainMs?: number;
  /** Answers worked on at once after their acks (default 256; most of them wait for Inbox or Slack). */
  answerConcurrency?: number;
  /** Inbox client time limits (default 10 s per attempt, 25 s per call); hardening tests shorten them. */
  inboxTimeouts?: { timeoutMs?: number; deadlineMs?: number };
  /** Pauses before re-listing messages after an uncertain send (tests shorten them). */
  verifyDelaysMs?: number[];
  /** Cron pattern of the store's pruning (default hourly). */
  prunePattern?: string;
  /** How long a Home refresh waits for more changes of the same person (default 2 s). */
  homeDebounceMs?: number;
  /** Live-event state (tests: share it between two runtimes to act as two replicas). */
  liveState?: LiveState;
  /** Live events: spacing of posts per channel and the reorder window (tests and benchmarks shorten them). */
  live?: { postIntervalMs?: number; reorderWindowMs?: number };
}

/** What live events keep between events and across replicas. */
export interface LiveState {
  ledger: EventLedger;
  cards: CardIndex;
  subscriptions: SubscriptionStore;
  journal: ActionJournal;
}

export function createStoreLiveState(store: Store, clock: () => Date): LiveState {
  return {
    ledger: createStoreEventLedger(store),
    cards: createStoreCardIndex(store),
    subscriptions: createStoreSubscriptions(store),
    journal: createStoreActionJournal(store, clock),
  };
}

/** Live-event state in this process's memory (unit and end-to-end tests that reset it between tests). */
export function createMemoryLiveState(clock: () => Date = () => new Date()): LiveState & { clear(): void } {
  const cards = createMemoryCardIndex();
  const subscriptions = createMemorySubscriptionStore();
  return {
    ledger: createMemoryEventLedger(),
    cards,
    subscriptions,
    journal: createMemoryActionJournal(clock),
    clear() {
      cards.clear();
      subscriptions.clear();
    },
  };
}

/**
 * Throws StoreUnavailableError (one line: why) when the state store cannot be used; nothing is started then.
 */
export async function startRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const { logger } = options;
  const clock = options.clock ?? (() => new Date());
  // SQLite in STATE_DIR, or PostgreSQL at DATABASE_URL.
  const store = await openStore({ ...config.store, log: logger, ...(options.clock ? { clock: options.clock } : {}) });
  try {
    return await startWithStore(config, options, store, clock);
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
}

async function startWithStore(config: Config, options: RuntimeOptions, store: Store, clock: () => Date) {
  const { logger } = options;
  const health = createHealthRegistry();
  health.register('store', () => store.health());
  const pruning = startPruning({
    prune: () => store.prune(),
    log: logger,
    ...(options.prunePattern ? { pattern: options.prunePattern } : {}),
  });
  const inbox = createInboxClient({
    baseUrl: config.inbox.apiUrl,
    token: config.inbox.token,
    logger,
    ...options.inboxTimeouts,
  });
  const directory = createDirectoryService(inbox, config.campaigns, { clock });
  // A WebClient of its own for background lookups, so a rate-limited call never stalls the listeners' client.
  const slack = new WebClient(config.slack.botToken, {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    logger,
    timeout: 10_000,
    retryConfig: { retries: 2 },
  });
  const identity = createIdentityService({
    directory,
    memberMap: config.memberMap,
    clock,
    lookupEmail: async (user) => (await slack.users.info({ user })).user?.profile?.email ?? null,
    lookupUserByEmail: async (email) => (await slack.users.lookupByEmail({ email })).user?.id ?? null,
  });
  // Live-event state in the store (exactly once across replicas); a test may share one between two runtimes.
  const liveState = options.liveState ?? createStoreLiveState(store, clock);
  const threads = createThreadService({
    inbox,
    directory,
    identity,
    actionPolicy: config.actionPolicy,
    readPolicy: config.readPolicy,
    journal: liveState.journal,
  });
  const subscriptions = createSubscriptionService({
    store: liveState.subscriptions,
    directory,
    identity,
    actionPolicy: config.actionPolicy,
    clock,
    newId: () => randomBytes(10).toString('hex'),
  });
  // Reply sessions live in the store, so any replica can serve the window's next step.
  const reply = createReplyService({
    inbox,
    directory,
    access: threads.access,
    records: store.records,
    ...(options.verifyDelaysMs ? { verifyDelaysMs: options.verifyDelaysMs } : {}),
  });
  const bulk = createBulkService({
    inbox,
    directory,
    identity,
    access: threads.access,
    records: store.records,
  });
  // Round-robin: `assignNew` is the hook for the live-events pipeline (issue 14) once it lands.
  const autoassign = createAutoassignService({
    inbox,
    directory,
    identity,
    access: threads.access,
    records: store.records,
    clock,
  });
  // The digest posts through its own WebClient with no blind retries: a lost response must not post twice.
  const digest = config.digest.channel
    ? createDigestFromConfig(config, { inbox, directory, store, logger, clock })
    : null;
  const answers = createAnswerQueue(options.answerConcurrency);
  const ackGate = createAckGate();
  const home = createHomePublisher({
    queue: createQueueService({ inbox, directory, identity }),
    publish: (user_id, view) => slack.views.publish({ user_id, view }),
    describeReminder: async () => null,
    canManageSettings: async () => false,
    inboxAppUrl: config.inbox.appUrl,
    clock,
    logger,
    ...(options.homeDebounceMs !== undefined ? { debounceMs: options.homeDebounceMs } : {}),
  });
  const live =
    config.events.mode === 'off'
      ? null
      : createLiveEvents({
          config: config.events,
          inbox,
          slack: createWebLiveSlack(config.slack.botToken, config.slack.apiUrl),
          ...liveState,
          directory,
          identity,
          inboxAppUrl: config.inbox.appUrl,
          clock,
          logger,
          onThreadsChanged: (memberIds) => home.threadsChanged(memberIds),
          ...options.live,
        });
  const deps: AppDeps = {
    threads,
    subscriptions,
    reply,
    bulk,
    autoassign,
    home,
    digest,
    settings: { inboxAppUrl: config.inbox.appUrl, slowNoticeMs: options.slowNoticeMs ?? 1_500 },
    store,
    health,
    clock,
    logger,
    answers,
    acksFirst: () => ackGate.idle(),
  };

  const transport =
    config.mode === 'socket' && config.slack.appToken
      ? { mode: 'socket' as const, appToken: config.slack.appToken }
      : { mode: 'http' as const, signingSecret: config.slack.signingSecret ?? '' };
  const app = createApp(deps, {
    botToken: config.slack.botToken,
    transport,
    slackApiUrl: config.slack.apiUrl,
    routes: live?.route ? [live.route] : [],
    ...(options.socketReconnect ? { socketReconnect: options.socketReconnect } : {}),
  });
  const inFlight = trackInFlight(app);
  const started = await app.start(config.port);
  const server = transport.mode === 'http' ? (started as Server) : null;
  if (server) ackGate.track(server);
  const port = server ? (server.address() as AddressInfo).port : null;
  live?.start();
  const scheduler: DigestScheduler | null =
    digest && options.schedule !== false
      ? startDigestScheduler({
          digest,
          config: config.digest,
          clock,
          logger,
          ...(options.digestRunTimeoutMs ? { runTimeoutMs: options.digestRunTimeoutMs } : {}),
        })
      : null;
  // A digest run past its bound, or a slot the loop failed to fire, turns GET /healthz 503 with the reason.
  if (scheduler) health.register('scheduler', () => scheduler.health());

  // Acked requests whose listeners or queued answers are still running (Bolt acks first): wait for them, bounded.
  const drain = async () => {
    const pending = inFlight.size() + answers.size + answers.pending;
    if (pending === 0) return;
    logger.info(`Waiting for ${pending} request(s) still being answered`);
    const until = Date.now() + (options.drainMs ?? 20_000);
    const listenersDone = await inFlight.drain(until - Date.now());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answered = await Promise.race([
      answers.onIdle().then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), Math.max(0, until - Date.now()));
      }),
    ]);
    clearTimeout(timer);
    if (!listenersDone || !answered) {
      logger.warn(
        `Shutting down with ${inFlight.size() + answers.size + answers.pending} request(s) still unanswered (drain timed out)`,
      );
    }
  };

  return {
    app,
    live,
    port,
    async stop() {
      // The scheduler first: it waits for a digest in flight, so none is left half-posted.
      await scheduler?.stop();
      await home.stop();
      if (server) {
        // No new webhooks: close the door first, then let the events already accepted finish posting.
        server.close();
      }
      await live?.stop();
      if (server) {
        // Stop accepting; let in-flight requests finish (bounded), then drop idle keep-alive sockets.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await drain();
        await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000).unref())]);
        server.closeAllConnections();
      } else {
        await app.stop();
        await drain();
      }
      inbox.close();
      pruning.stop();
      await store.close();
    },
  };
}
