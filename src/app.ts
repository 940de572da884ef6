/**
 * createApp(deps, options): the Bolt app, in HTTP mode (signed requests at POST /slack/events, GET /healthz)
 * or Socket Mode, with every listener registered and one error handler. Starts nothing.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
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
}

export const SLACK_EVENTS_PATH = '/slack/events';

export function createApp(deps: AppDeps, options: CreateAppOptions): App {
  const { logger } = deps;
  const clientOptions = {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    timeout: 10_000,
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
      ? new App({ ...common, socketMode: true, appToken: options.transport.appToken })
      : new App({
          ...common,
          receiver: createHttpReceiver(deps, options.transport, options.bodyLimit ?? 256 * 1024),
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
): HTTPReceiver {
  const { logger } = deps;
  const receiver = new HTTPReceiver({
    signingSecret: transport.signingSecret,
    endpoints: [SLACK_EVENTS_PATH],
    processBeforeResponse: transport.processBeforeResponse ?? false,
    bodyLimit,
    logger,
    customRoutes: [
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
