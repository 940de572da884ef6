/**
 * Builds the production digest from the validated Config: a dedicated no-retry WebClient for the post, claims
 * in the state store (keyed by the Slack team that auth.test names), and the job. Used by `npm run digest`
 * (main.ts) and by the app's runtime.
 */
import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Config, DigestConfig } from '../config.js';
import type { InboxClient } from '../inbox/types.js';
import type { DirectoryService } from '../services/directory.js';
import type { Store } from '../store/index.js';
import { createDigestClaims } from './claims.js';
import { createDigest, type Digest, type DigestDeps } from './job.js';
import { createDigestWebClient, createSlackDigestPoster } from './poster.js';

export interface DigestWiring {
  inbox: Pick<InboxClient, 'iterateThreadPages'>;
  directory: DirectoryService;
  store: Store;
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

/** The bot's team ID from auth.test, asked once it is first needed and remembered once known (never a failure). */
export function teamIdOf(web: Pick<WebClient, 'auth'>): () => Promise<string> {
  let known: string | null = null;
  return async () => {
    if (known) return known;
    const answer = await web.auth.test();
    if (!answer.team_id) throw new Error('auth.test did not name the team');
    known = answer.team_id;
    return known;
  };
}

export function createDigestFromConfig(config: DigestSettings, wiring: DigestWiring): Digest {
  const web = createDigestWebClient(config.slack.botToken, config.slack.apiUrl, wiring.logger);
  return createDigest({
    inbox: wiring.inbox,
    directory: wiring.directory,
    poster: createSlackDigestPoster(web),
    claims: createDigestClaims(wiring.store, { teamId: teamIdOf(web), ttlMs: config.digest.claimTtlMs }),
    clock: wiring.clock,
    logger: wiring.logger,
    config: config.digest,
    inboxAppUrl: config.inbox.appUrl,
    ...wiring.overrides,
  });
}
