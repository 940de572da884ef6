/**
 * Deletes what has outlived its use: expired "seen" records and records with a TTL at once; finished or
 * abandoned claims after `claimRetentionMs` (30 days by default, so a year of daily digests leaves about 30
 * claim rows). Run on a schedule by startPruning (croner), and callable directly.
 */
import { Cron } from 'croner';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface PruneCounts {
  claims: number;
  seen: number;
  records: number;
}

export const DEFAULT_CLAIM_RETENTION_MS = 30 * 86_400_000;

export async function pruneExpired(
  db: Kysely<Database>,
  now: number,
  claimRetentionMs = DEFAULT_CLAIM_RETENTION_MS,
): Promise<PruneCounts> {
  const cutoff = now - claimRetentionMs;
  const claims = await db
    .deleteFrom('claims')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '!=', 'held'), eb('finished_at', '<', cutoff)]),
        eb.and([eb('status', '=', 'held'), eb('expires_at', '<', cutoff)]),
      ]),
    )
    .executeTakeFirst();
  const seen = await db.deleteFrom('seen').where('expires_at', '<=', now).executeTakeFirst();
  const records = await db
    .deleteFrom('records')
    .where('expires_at', 'is not', null)
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return {
    claims: Number(claims.numDeletedRows),
    seen: Number(seen.numDeletedRows),
    records: Number(records.numDeletedRows),
  };
}

export interface PruningOptions {
  prune: () => Promise<PruneCounts>;
  /** Cron pattern (croner; seconds allowed). Default: every hour at minute 17. */
  pattern?: string;
  log: { info(message: string): void; warn(message: string): void };
}

/** Prunes once now, then on `pattern`; stop() ends it. A failed prune is logged and tried again next time. */
export function startPruning(options: PruningOptions): { stop(): void } {
  const run = async () => {
    try {
      const counts = await options.prune();
      const total = counts.claims + counts.seen + counts.records;
      if (total > 0) {
        options.log.info(
          `store: pruned ${counts.claims} claim(s), ${counts.seen} seen and ${counts.records} record(s)`,
        );
      }
    } catch (error) {
      options.log.warn(`store: pruning failed (tried again later): ${(error as Error).message}`);
    }
  };
  const job = new Cron(options.pattern ?? '0 17 * * * *', { protect: true, unref: true }, run);
  void run();
  return { stop: () => job.stop() };
}
