/**
 * Builds the production digest from the validated Config: a dedicated no-retry WebClient for the post, the JSON
 * claim store in STATE_DIR, and the job. Used by `npm run digest` (main.ts) and by the app's runtime.
 */
import type { Logger } from '@slack/bolt';
import type { Config, DigestConfig } from '../config.js';
import type { InboxClient } from '../inbox/types.js';
import type { DirectoryService } from '../services/directory.js';
import { createDigest, type Digest, type DigestDeps } from './job.js';
import { createDigestWebClient, createSlackDigestPoster } from './poster.js';
import { createFileStateStore } from './state-store.js';

export interface DigestWiring {
  inbox: Pick<InboxClient, 'iterateThreadPages'>;
  directory: DirectoryService;
  logger: Logger;
  clock: () => Date;
  /** Overrides (tests, benchmarks). */
  overrides?: Partial<DigestDeps>;
}

/** The settings the digest reads: the app's Config and the digest command's DigestRunConfig both fit. */
export interface DigestSettings {
  slack: Pick<Config['slack'], 'botToken' | 'apiUrl'>;
  inbox: Pick<Config['inbox'], 'appUrl'>;
  digest: DigestConfig;
}

export function createDigestFromConfig(config: DigestSettings, wiring: DigestWiring): Digest {
  const web = createDigestWebClient(config.slack.botToken, config.slack.apiUrl, wiring.logger);
  return createDigest({
    inbox: wiring.inbox,
    directory: wiring.directory,
    poster: createSlackDigestPoster(web),
    store: createFileStateStore({ dir: config.digest.stateDir }),
    clock: wiring.clock,
    logger: wiring.logger,
    config: config.digest,
    inboxAppUrl: config.inbox.appUrl,
    ...wiring.overrides,
  });
}
