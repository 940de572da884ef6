/**
 * createApp(deps, options): the Bolt app, in HTTP mode (signed requests at POST /slack/events, GET /healthz)
 * or Socket Mode, with every listener registered and one error handler. Starts nothing.
 */
import { App, type CustomRoute, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { AppDeps } from './deps.js';
import { registerListeners } from './listeners/index.js';
import { answerUnknownActions } from './listeners/unknown-action.js';
import { guardSlackRequests } from './request-guard.js';
import { describeSlackFailure } from './services/failures.js';

export type Transport =
  | {
      mode: 'http';
      signingSecret: string;
      /** Tests only: hold the HTTP response until listeners finish, for deterministic assertions. */
      processBeforeResponse?: boolean;
    }
  | { mode: 'socket'; appToken: string };

export interface CreateAppOptions {
  botToken: string;
  transport: Transport;
  /** Base URL of the Slack Web API (the Slack emulator in the sandbox and tests). */
  slackApiUrl?: string | null;
  /** Largest request body accepted, bytes (Slack's payloads are far smaller). */
  bodyLimit?: number;
  /** More HTTP routes on the same server (the Inbox webhook route). */
  routes?: CustomRoute[];
  /** Socket Mode: the backoff between attempts to reach apps.connections.open (tests shorten it). */
  socketReconnect?: { minTimeout: number; maxTimeout: number };
}

/**
 * Socket Mode's own Web API client (apps.connections.open, on start and on every reconnect) retries for as long as
 * Slack does not answer, with exponential backoff and jitter. It must not inherit the listeners' `retries: 2`:
 * with that, a 503 for a few seconds during a reconnect ended in an unhandled WebAPIHTTPError and a dead socket.
 */
export const SOCKET_RECONNECT = { minTimeout: 1_000, maxTimeout: 30_000 } as const;

export const SLACK_EVENTS_PATH = '/slack/events';
/** Per-call time limit of every Slack call the listeners make (Web API and response_url). */
export const SLACK_TIMEOUT_MS = 10_000;

/** fetch that gives up after `ms` (combined with the caller's own signal, if any). */
export function fetchWithTimeout(ms: number): typeof fetch {
  return (input, init = {}) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(input, { ...init, signal });
  };
}

export function createApp(deps: AppDeps, options: CreateAppOptions): App {
  const { logger } = deps;
  const clientOptions = {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    timeout: SLACK_TIMEOUT_MS,
    // Bolt's respond() (response_url) uses this fetch; the platform's has no time limit.
    fetch: fetchWithTimeout(SLACK_TIMEOUT_MS),
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 3_000 },
  };
  const common = {
    token: options.botToken,
    logger,
    logLevel: logger.getLevel?.() ?? LogLevel.INFO,
    clientOptions,
    // No conversation store: no listener reads it, and Bolt's default one builds an Error on every request.
    convoStore: false as const,
  };

  const app =
    options.transport.mode === 'socket'
      ? new App({
          ...common,
          socketMode: true,
          appToken: options.transport.appToken,
          // Bolt hands installerOptions.clientOptions (not clientOptions) to the SocketModeClient.
          installerOptions: {
            clientOptions: {
              ...clientOptions,
              retryConfig: {
                forever: true,
                factor: 1.6,
                randomize: true,
                ...(options.socketReconnect ?? SOCKET_RECONNECT),
              },
            },
          },
        })
      : new App({
          ...common,
          receiver: createHttpReceiver(deps, options.transport, options.bodyLimit ?? 256 * 1024, options.routes ?? []),
        });

  app.use(answerUnknownActions(deps));
  registerListeners(app, deps);

  app.error(async (error) => {
    const original = (error as { original?: unknown }).original ?? error;
    logger.error(`Unhandled error in a listener: ${describeSlackFailure(original)}`);
  });
  return app;
}

/** Bolt's HTTP receiver behind the request guard (malformed bodies never reach Bolt), with GET /healthz. */
function createHttpReceiver(
  deps: AppDeps,
  transport: Extract<Transport, { mode: 'http' }>,
  bodyLimit: number,
  routes: CustomRoute[],
): HTTPReceiver {
  const { logger } = deps;
  const receiver = new HTTPReceiver({
    signingSecret: transport.signingSecret,
    endpoints: [SLACK_EVENTS_PATH],
    processBeforeResponse: transport.processBeforeResponse ?? false,
    bodyLimit,
    logger,
    customRoutes: [
      ...routes,
      {
        path: '/healthz',
        method: ['GET'],
        handler: (_req, res) => {
          deps.health.report().then((report) => {
            res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json' });
            res.end(JSON.stringify(report));
          });
        },
      },
    ],
  });
  receiver.requestListener = guardSlackRequests({
    signingSecret: transport.signingSecret,
    path: SLACK_EVENTS_PATH,
    bodyLimit,
    logger,
    next: receiver.requestListener,
  });
  return receiver;
}
