/**
 * Composition root: the only module that reads process.env. With no credentials it runs the local sandbox;
 * with some but not all it stops and names what is missing; otherwise it runs against real Slack and Inbox.
 */
import type { Logger, LogLevel } from '@slack/bolt';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { createLogger, logFormatFor } from './logger.js';
import { installProcessHandlers } from './process-handlers.js';
import { startRuntime } from './runtime.js';
import { StoreUnavailableError } from './store/index.js';

/** The longest a shutdown may take (the digest scheduler's 15 s, then the requests' 20 s drain, then some). */
const SHUTDOWN_LIMIT_MS = 45_000;

/** The production logger once the configuration is known (start-up failures after that go through it). */
let logger: Logger | null = null;

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    loadDotEnv();
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }

  if (config.mode === 'sandbox') {
    // The sandbox (both emulators and the playground) is outside the product's import graph: loaded only here.
    // It logs human-readable lines unless LOG_FORMAT says otherwise.
    const logFormat = config.logFormat ?? 'pretty';
    const { startSandbox } = await import('../sandbox/start-sandbox.js');
    const sandbox = await startSandbox({ port: config.port, portExplicit: process.env.PORT !== undefined, logFormat });
    const sandboxLogger = createLogger({ level: config.logLevel as LogLevel, format: logFormat });
    const stop = onShutdown(sandboxLogger, () => sandbox.stop());
    installProcessHandlers({ logger: sandboxLogger, shutdown: stop });
    return;
  }

  logger = createLogger({
    level: config.logLevel as LogLevel,
    format: config.logFormat ?? logFormatFor(process.stdout),
    secrets: [config.slack.botToken, config.slack.signingSecret ?? '', config.slack.appToken ?? '', config.inbox.token],
  });
  let runtime: Awaited<ReturnType<typeof startRuntime>>;
  try {
    runtime = await startRuntime(config, { logger });
  } catch (err) {
    if (err instanceof StoreUnavailableError) {
      console.error(`inbox-slack cannot start: the state store is unusable: ${err.reason}`);
      process.exit(1);
    }
    throw err;
  }
  logger.info(
    runtime.port === null
      ? 'inbox-slack is running in Socket Mode'
      : `inbox-slack is listening on port ${runtime.port} (POST /slack/events, GET /healthz)`,
  );
  const stop = onShutdown(logger, () => runtime.stop());
  // Unhandled rejections are logged and the app keeps serving; an uncaught exception stops it (exit 1) for a
  // supervisor to restart (see process-handlers.ts).
  installProcessHandlers({ logger, shutdown: stop });
}

/** Stops on SIGTERM/SIGINT (exit 0); returns the same stop, run at most once, for other callers. */
function onShutdown(log: Logger, stop: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | null = null;
  // However stuck something is, the process exits: a second signal is never needed.
  const once = () => {
    stopping ??= Promise.race([
      stop(),
      new Promise<void>((_, reject) => {
        setTimeout(
          () => reject(new Error(`still not stopped after ${SHUTDOWN_LIMIT_MS / 1000} s; exiting`)),
          SHUTDOWN_LIMIT_MS,
        ).unref();
      }),
    ]);
    return stopping;
  };
  const handler = (signal: string) => {
    if (stopping) return;
    log.warn(`${signal} received: finishing in-flight work, then exiting`);
    once().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('Shutdown failed:', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => handler('SIGTERM'));
  process.once('SIGINT', () => handler('SIGINT'));
  return once;
}

main().catch((err: unknown) => {
  if (logger) logger.error('inbox-slack failed to start:', err);
  else console.error('inbox-slack failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
