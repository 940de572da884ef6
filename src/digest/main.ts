/**
 * `npm run digest`: posts the digest to DIGEST_CHANNEL once and exits (0 on success, 1 when it failed, 2 when the
 * configuration is unusable). With `--scheduled` it instead posts the latest scheduled slot if it is due within
 * DIGEST_GRACE and not posted yet (for an external cron such as a Kubernetes CronJob), using the same claims.
 */
import type { LogLevel } from '@slack/bolt';
import { ConfigError, loadDigestConfig, loadDotEnv } from '../config.js';
import { createInboxClient } from '../inbox/client.js';
import { createLogger, logFormatFor, scrubSecrets } from '../logger.js';
import { createDirectoryService } from '../services/directory.js';
import { openStore, type Store, StoreUnavailableError } from '../store/index.js';
import type { DigestOutcome } from './job.js';
import { describeOutcome } from './outcome.js';
import { ScheduleError } from './schedule.js';
import { createDigestFromConfig } from './wire.js';

const USAGE = 'usage: npm run digest [-- --scheduled]';

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => a !== '--scheduled');
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown.join(' ')}. ${USAGE}`);
    return 2;
  }
  let config: ReturnType<typeof loadDigestConfig>;
  try {
    loadDotEnv();
    config = loadDigestConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const logger = createLogger({
    level: config.logLevel as LogLevel,
    format: config.logFormat ?? logFormatFor(process.stdout),
    name: 'digest',
    secrets: [config.slack.botToken, config.inbox.token],
  });
  const clock = () => new Date();
  let store: Store;
  try {
    store = await openStore({ ...config.store, log: logger });
  } catch (error) {
    if (error instanceof StoreUnavailableError) {
      console.error(`Cannot post the digest: the state store is unusable: ${error.reason}`);
      return 1;
    }
    throw error;
  }
  const inbox = createInboxClient({ baseUrl: config.inbox.apiUrl, token: config.inbox.token, logger });
  try {
    const directory = createDirectoryService(inbox, config.campaigns, { clock });
    let digest: ReturnType<typeof createDigestFromConfig>;
    try {
      digest = createDigestFromConfig(config, { inbox, directory, store, logger, clock });
    } catch (error) {
      if (error instanceof ScheduleError) {
        console.error(error.message);
        return 2;
      }
      throw error;
    }
    let outcome: DigestOutcome;
    if (argv.includes('--scheduled')) {
      const now = clock();
      const slot = digest.schedule.latestAtOrBefore(now);
      if (!slot || now.getTime() - slot.getTime() > config.digest.graceMs) {
        process.stdout.write(`No scheduled slot is due within DIGEST_GRACE; nothing to do.\n`);
        return 0;
      }
      outcome = await digest.runScheduledSlot(slot, { late: now.getTime() - slot.getTime() > 60_000 });
    } else {
      outcome = await digest.postNow({ kind: 'cli' });
    }
    const { ok, line } = describeOutcome(outcome);
    if (ok) process.stdout.write(`${line}\n`);
    else console.error(line);
    return ok ? 0 : 1;
  } finally {
    inbox.close();
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`The digest crashed: ${scrubSecrets(error instanceof Error ? error.message : String(error))}`);
    process.exitCode = 1;
  },
);
