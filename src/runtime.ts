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
import { describeSchedule } from './commands/remind.js';
import type { Config } from './config.js';
import type { AppDeps } from './deps.js';
import { createDigestFleet, startDigestFleet } from './digest/fleet.js';
import {
  createDigestFromConfig,
  createDigestWebClient,
  type Digest,
  type DigestPreview,
  teamIdOf,
} from './digest/index.js';
import { createPersonalDigests, startPersonalScheduler } from './digest/personal.js';
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
import { createReminderService } from './services/reminders.js';
import { createReplyService } from './services/reply.js';
import {
  createMemorySubscriptionStore,
  createSubscriptionService,
  type SubscriptionStore,
} from './services/subscriptions.js';
import {
  type ChannelCheck,
  createTeamSettingsService,
  settingsFromEnvironment,
  type TeamSettingsService,
} from './services/team-settings.js';
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
  // The Slack team this install serves (auth.test), the key of its settings in the store.
  const teamId = teamIdOf(slack);
  const environmentSettings = settingsFromEnvironment(config);
  let teamSettings: TeamSettingsService | null = null;
  /** The settings made in Slack (or the environment's until then); the environment's if the store cannot answer. */
  const currentSettings = async () => {
    try {
      if (teamSettings) return (await teamSettings.get(await teamId())).settings;
    } catch (error) {
      logger.warn(`settings: could not read the team settings, using the environment's: ${describeError(error)}`);
    }
    return environmentSettings;
  };
  const identity = createIdentityService({
    directory,
    memberMap: async (user) => (await currentSettings()).memberLinks[user],
    clock,
    lookupEmail: async (user) => (await slack.users.info({ user })).user?.profile?.email ?? null,
    lookupUserByEmail: async (email) => (await slack.users.lookupByEmail({ email })).user?.id ?? null,
  });
  teamSettings = createTeamSettingsService({
    records: store.records,
    defaults: environmentSettings,
    adminUsers: config.adminUsers,
    directory,
    isLinked: async (user) => (await identity.memberFor(user)) !== null,
  });
  // Live-event state in the store (exactly once across replicas); a test may share one between two runtimes.
  const liveState = options.liveState ?? createStoreLiveState(store, clock);
  const threads = createThreadService({
    inbox,
    directory,
    identity,
    actionPolicy: async () => (await currentSettings()).actionPolicy,
    readPolicy: async () => (await currentSettings()).readPolicy,
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
  const queue = createQueueService({ inbox, directory, identity });
  const reminders = createReminderService({
    records: store.records,
    lookupTimeZone: async (user) => (await slack.users.info({ user })).user?.tz ?? null,
  });
  // Digests and reminders post through their own WebClient with no blind retries: a lost response must not post twice.
  const poster = createDigestWebClient(config.slack.botToken, config.slack.apiUrl, logger);
  const fleet = createDigestFleet({
    settings: async () => (teamSettings as TeamSettingsService).get(await teamId()),
    directory: () => directory.get(),
    makeDigest: (digestConfig) =>
      createDigestFromConfig({ ...config, digest: digestConfig }, { inbox, directory, store, logger, clock }),
    base: config.digest,
    clock,
    logger,
  });
  const personal = createPersonalDigests({
    reminders,
    claims: store.claims,
    queue,
    identity,
    sendDm: async (user, message) => {
      const sent = await poster.chat.postMessage({ channel: user, text: message.text, blocks: message.blocks });
      if (!sent.ts) throw new Error('chat.postMessage returned no ts');
      return { ts: sent.ts };
    },
    clock,
    logger,
    inboxAppUrl: config.inbox.appUrl,
  });
  const answers = createAnswerQueue(options.answerConcurrency);
  const ackGate = createAckGate();
  const home = createHomePublisher({
    queue,
    publish: (user_id, view) => slack.views.publish({ user_id, view }),
    describeReminder: async (team, user) => {
      const reminder = await reminders.get(team, user);
      return reminder ? describeSchedule(reminder) : null;
    },
    canManageSettings: (team, user) => (teamSettings as TeamSettingsService).canManage(team, user),
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
          // Round-robin: a new unassigned thread awaiting a reply goes to the next member in turn. The PATCH makes
          // Inbox emit its assignment event, which DMs the assignee through the notifier like any assignment.
          onNewThread: async (thread) => {
            const outcome = await autoassign.assignNew(await teamId(), thread);
            if (outcome.assigned) logger.info(`round-robin: assigned ${thread.id} to ${outcome.memberId}`);
          },
          ...options.live,
        });
  const deps: AppDeps = {
    threads,
    subscriptions,
    reply,
    bulk,
    autoassign,
    home,
    reminders,
    teamSettings,
    checkChannel: async (channel) => checkChannel(slack, channel, logger),
    digest: primaryDigest(fleet.primary),
    settings: {
      inboxAppUrl: config.inbox.appUrl,
      slowNoticeMs: options.slowNoticeMs ?? 3_000,
      liveEvents: config.events.mode !== 'off',
    },
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
  // Channel digests (made in Slack, or DIGEST_* until then) and personal reminders.
  const fleetLoop =
    options.schedule !== false
      ? startDigestFleet({
          fleet,
          clock,
          logger,
          ...(options.digestRunTimeoutMs ? { runTimeoutMs: options.digestRunTimeoutMs } : {}),
        })
      : null;
  const schedulers = fleetLoop
    ? [fleetLoop, startPersonalScheduler({ digests: personal, teams: async () => [await teamId()], clock, logger })]
    : [];
  // A digest run past its bound turns GET /healthz 503 with the reason.
  if (fleetLoop) health.register('scheduler', () => fleetLoop.health());

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
      await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
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
function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** conversations.info, in the words the settings validation uses. */
async function checkChannel(slack: WebClient, channel: string, logger: Logger): Promise<ChannelCheck> {
  try {
    const info = await slack.conversations.info({ channel });
    if (info.channel?.is_archived) return 'archived';
    return info.channel?.is_member === false ? 'not_member' : 'ok';
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code === 'channel_not_found') return 'not_found';
    logger.warn(`settings: could not check channel ${channel}: ${code ?? describeError(error)}`);
    return 'unchecked';
  }
}

/** What `/inbox digest` previews and posts: the first channel digest (made in Slack, or DIGEST_CHANNEL). */
function primaryDigest(primary: () => Promise<Digest | null>): AppDeps['digest'] {
  const none = 'No channel digest is configured. Add one in `/inbox settings` (or set DIGEST_CHANNEL).';
  return {
    async preview(now) {
      const digest = await primary();
      if (digest) return digest.preview(now);
      const empty: DigestPreview['summary'] = {
        total: 0,
        oldestSince: null,
        byAssignee: [],
        byAccount: [],
        top: [],
        requests: 0,
        scanned: 0,
      };
      return { text: none, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `⚠️ ${none}` } }], summary: empty };
    },
    async postNow(trigger, options) {
      const digest = await primary();
      if (digest) return digest.postNow(trigger, options);
      return { status: 'failed', error: { kind: 'config', message: none } };
    },
    async redraw(blocks, now) {
      // A posted digest's header and totals recounted from Inbox; with no digest configured it stays as it is.
      const digest = await primary();
      if (digest) return digest.redraw(blocks, now);
      return { text: none, blocks: [...blocks] };
    },
  };
}
