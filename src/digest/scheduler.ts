/**
 * Fires a callback once per cron slot, in an explicit time zone, reading time only through the injected
 * clock and waiting only through the injected timers (so tests drive it with a fake clock).
 *
 * - croner computes the slots; the loop sleeps at most `maxSleepMs` at a time and re-reads the clock, so a
 *   suspended laptop or a clock jump is noticed within that interval.
 * - On start, and whenever it wakes up late, it runs the latest due slot if that slot is no older than the
 *   grace window (missed-run catch-up); older slots are logged and skipped. Slots in between are not
 *   replayed: one catch-up digest is enough.
 * - Runs never overlap: the next wait is armed only after the callback settles. `stop()` cancels the timer,
 *   aborts the callback's signal (so it can stop between retries) and awaits the run in flight.
 */
import type { Logger } from '@slack/bolt';
import type { DigestSchedule } from './schedule.js';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface SlotInfo {
  /** True when the slot is run noticeably after its time (start-up catch-up, or the process was asleep). */
  late: boolean;
  signal: AbortSignal;
}

export interface CronLoopOptions {
  schedule: DigestSchedule;
  graceMs: number;
  clock: () => Date;
  logger: Logger;
  run(slot: Date, info: SlotInfo): Promise<unknown>;
  timers?: Timers;
  /** Longest single sleep before the clock is read again. */
  maxSleepMs?: number;
  /** A slot run later than this counts as late (catch-up). */
  lateAfterMs?: number;
}

export interface CronLoop {
  /** The slot the loop is waiting for, if any. */
  nextRun(): Date | null;
  stop(): Promise<void>;
}

export function startCronLoop(options: CronLoopOptions): CronLoop {
  const { schedule, graceMs, clock, logger } = options;
  const timers = options.timers ?? realTimers;
  const maxSleepMs = options.maxSleepMs ?? 30_000;
  const lateAfterMs = options.lateAfterMs ?? 60_000;
  const abort = new AbortController();

  let stopped = false;
  let handle: unknown = null;
  let lastHandled: Date | null = null;
  let next: Date | null = null;
  let inFlight: Promise<void> | null = null;

  const tick = async () => {
    handle = null;
    if (stopped) return;
    const now = clock();
    const due = schedule.latestAtOrBefore(now);
    if (due && (lastHandled === null || due.getTime() > lastHandled.getTime())) {
      const lateBy = now.getTime() - due.getTime();
      const first = lastHandled === null;
      lastHandled = due;
      if (lateBy <= graceMs) {
        const late = lateBy > lateAfterMs;
        if (late) {
          logger.info(`digest: running the ${schedule.slotKey(due)} slot late (${Math.round(lateBy / 60_000)} min)`);
        }
        try {
          await options.run(due, { late, signal: abort.signal });
        } catch (error) {
          logger.error('digest: the scheduled run threw', error);
        }
      } else if (!first) {
        logger.warn(
          `digest: skipped the ${schedule.slotKey(due)} slot: woke up ${Math.round(lateBy / 60_000)} min late, beyond the grace window`,
        );
      }
    }
    arm();
  };

  const arm = () => {
    if (stopped) return;
    next = schedule.nextAfter(lastHandled ?? clock());
    if (!next) {
      logger.warn(`digest: the schedule "${schedule.pattern}" has no future run`);
      return;
    }
    const wait = next.getTime() - clock().getTime();
    if (wait <= 0) {
      inFlight = tick();
      return;
    }
    handle = timers.setTimeout(
      () => {
        const current = next;
        // Woke early (sleep was capped): re-arm without running.
        if (current && clock().getTime() < current.getTime()) arm();
        else inFlight = tick();
      },
      Math.min(wait, maxSleepMs),
    );
  };

  inFlight = tick();

  return {
    nextRun: () => next,
    async stop() {
      stopped = true;
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
      abort.abort(new Error('the digest scheduler is stopping'));
      // A tick may start another only through arm(), which checks `stopped`; await until none is left.
      while (inFlight) {
        const current = inFlight;
        await current;
        if (inFlight === current) inFlight = null;
      }
    },
  };
}
