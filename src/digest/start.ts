/**
 * Wires the digest job to the cron loop: one scheduled run per slot of DIGEST_SCHEDULE in DIGEST_TIMEZONE,
 * missed slots caught up within DIGEST_GRACE, and a stop() that waits for a run in flight.
 */
import type { Logger } from '@slack/bolt';
import type { DigestConfig } from '../config.js';
import type { Digest, DigestOutcome } from './job.js';
import { type CronLoop, type LoopHealth, startCronLoop, type Timers } from './scheduler.js';

export interface DigestSchedulerOptions {
  digest: Digest;
  config: DigestConfig;
  clock: () => Date;
  logger: Logger;
  timers?: Timers;
  /** A run still going after this long is abandoned and reported unhealthy (default 20 min). */
  runTimeoutMs?: number;
  /** Called after every scheduled run (metrics, tests). */
  onOutcome?: (outcome: DigestOutcome, slot: Date) => void;
}

export interface DigestScheduler {
  /** The slot the scheduler waits for; null when there is no digest channel. */
  nextRun(): Date | null;
  /** Stuck or fine (GET /healthz's "scheduler" check). */
  health(): LoopHealth;
  /** Stops firing and waits (bounded) for a run in flight, so none is left half-done. */
  stop(): Promise<void>;
}

export function startDigestScheduler(options: DigestSchedulerOptions): DigestScheduler {
  const { digest, config, logger } = options;
  if (!config.channel) {
    logger.info('digest: DIGEST_CHANNEL is not set; no scheduled digest');
    return { nextRun: () => null, health: () => ({ ok: true }), stop: async () => {} };
  }
  const loop: CronLoop = startCronLoop({
    schedule: digest.schedule,
    graceMs: config.graceMs,
    clock: options.clock,
    logger,
    ...(options.timers ? { timers: options.timers } : {}),
    ...(options.runTimeoutMs ? { runTimeoutMs: options.runTimeoutMs } : {}),
    run: async (slot, info) => {
      const outcome = await digest.runScheduledSlot(slot, { late: info.late, signal: info.signal });
      options.onOutcome?.(outcome, slot);
    },
  });
  const next = loop.nextRun();
  logger.info(
    `digest: scheduled "${config.schedule}" in ${config.timezone} for ${config.channel}${next ? `; next run ${next.toISOString()}` : ''}`,
  );
  return {
    nextRun: () => loop.nextRun(),
    health: () => loop.health(),
    stop: async () => {
      await loop.stop();
    },
  };
}
