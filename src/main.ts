/**
 * Composition root: the only module that reads process.env. With no credentials it runs the local sandbox;
 * with some but not all it stops and names what is missing; otherwise it runs against real Slack and Inbox.
 */
import type { LogLevel } from '@slack/bolt';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { createLogger } from './logger.js';
import { startRuntime } from './runtime.js';
import { StoreUnavailableError } from './store/index.js';

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
    const { startSandbox } = await import('../sandbox/start-sandbox.js');
    const sandbox = await startSandbox({ port: config.port, portExplicit: process.env.PORT !== undefined });
    onShutdown(() => sandbox.stop());
    return;
  }

  const logger = createLogger({
    level: config.logLevel as LogLevel,
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
  onShutdown(() => runtime.stop());
}

function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.warn(`${signal} received: finishing in-flight work, then exiting`);
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('Shutdown failed:', err instanceof Error ? err.message : err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => handler('SIGTERM'));
  process.once('SIGINT', () => handler('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('inbox-slack failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
