/**
 * Builds the production digest from the validated Config: a dedicated no-retry WebClient for the post, the JSON
 * claim store in STATE_DIR, and the job. Used by `npm run digest` (main.ts) and by the app's runtime.
 */
import type { Logger } from '@slack/bolt';
import type { Config } from '../config.js';
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

export function createDigestFromConfig(config: Config, wiring: DigestWiring): Digest {
  const web = createDigestWebClient(config.slack.botToken, config.slack.apiUrl);
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
