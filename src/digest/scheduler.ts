/**
 * Fires a callback once per cron slot, in an explicit time zone, reading time only through the injected
 * clock and waiting only through the injected timers (so tests drive it with a fake clock).
 *
 * - croner computes the slots; the loop sleeps at most `maxSleepMs` at a time and re-reads the clock, so a
 *   suspended laptop or a clock jump is noticed within that interval.
 * - On start, and whenever it wakes up late, it runs the latest due slot if that slot is no older than the
 *   grace window (missed-run catch-up); older slots are logged and skipped. Slots in between are not
 *   replayed: one catch-up digest is enough.
 * - The loop never stalls behind a run: the next slot is armed as soon as a run starts. A run that outlasts
 *   `runTimeoutMs`, or is still going when the next slot is due, is abandoned: its signal is aborted and it is
 *   logged; the loop goes on. `health()` reports a run past its bound (or one abandoned that has not stopped) and
 *   a slot the loop failed to fire, so GET /healthz turns 503 with the reason.
 * - `stop()` cancels the timer, aborts the runs' signals (so they stop between retries) and waits for them, at
 *   most `stopTimeoutMs`: a run that never settles cannot hold the process.
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
  /** A run still going after this long is abandoned (default 20 min: the digest's own deadline is 15). */
  runTimeoutMs?: number;
  /** stop() waits this long at most for runs in flight (default 15 s). */
  stopTimeoutMs?: number;
}

export type LoopHealth = { ok: true } | { ok: false; reason: string };

export interface CronLoop {
  /** The slot the loop is waiting for, if any. */
  nextRun(): Date | null;
  /** Stuck (a run past its bound, a slot not fired) or fine. */
  health(): LoopHealth;
  /** Resolves true when every run settled, false when it gave up after `stopTimeoutMs`. */
  stop(): Promise<boolean>;
}

interface Run {
  slot: Date;
  startedAt: number;
  abort: AbortController;
  done: Promise<void>;
  abandoned: boolean;
}

export function startCronLoop(options: CronLoopOptions): CronLoop {
  const { schedule, graceMs, clock, logger } = options;
  const timers = options.timers ?? realTimers;
  const maxSleepMs = options.maxSleepMs ?? 30_000;
  const lateAfterMs = options.lateAfterMs ?? 60_000;
  const runTimeoutMs = options.runTimeoutMs ?? 20 * 60_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 15_000;

  let stopped = false;
  let handle: unknown = null;
  let lastHandled: Date | null = null;
  let next: Date | null = null;
  /** Runs that have not settled yet (the current one, and any abandoned one still going). */
  const runs = new Set<Run>();
  let current: Run | null = null;

  const minutes = (ms: number) => `${Math.round(ms / 6_000) / 10} min`;

  const abandon = (run: Run, why: string) => {
    if (run.abandoned) return;
    run.abandoned = true;
    if (current === run) current = null;
    logger.error(`digest: abandoned the ${schedule.slotKey(run.slot)} run: ${why}; its work is aborted`);
    run.abort.abort(new Error(`the digest run was abandoned: ${why}`));
  };

  const start = (slot: Date, late: boolean) => {
    if (current) abandon(current, `it was still going when the ${schedule.slotKey(slot)} slot came`);
    const abort = new AbortController();
    const run: Run = { slot, startedAt: clock().getTime(), abort, done: Promise.resolve(), abandoned: false };
    const limit = timers.setTimeout(() => abandon(run, `still going after ${minutes(runTimeoutMs)}`), runTimeoutMs);
    run.done = (async () => {
      try {
        await options.run(slot, { late, signal: abort.signal });
      } catch (error) {
        logger.error('digest: the scheduled run threw', error);
      } finally {
        timers.clearTimeout(limit);
        runs.delete(run);
        if (current === run) current = null;
      }
    })();
    runs.add(run);
    current = run;
  };

  const tick = () => {
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
        start(due, late);
      } else if (!first) {
        logger.warn(
          `digest: skipped the ${schedule.slotKey(due)} slot: woke up ${Math.round(lateBy / 60_000)} min late, beyond the grace window`,
        );
      }
    }
    // The next slot is armed at once, whatever the run does.
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
      tick();
      return;
    }
    handle = timers.setTimeout(
      () => {
        const current = next;
        // Woke early (sleep was capped): re-arm without running.
        if (current && clock().getTime() < current.getTime()) arm();
        else tick();
      },
      Math.min(wait, maxSleepMs),
    );
  };

  tick();

  return {
    nextRun: () => next,
    health() {
      const now = clock().getTime();
      const overdue = [...runs].find((r) => r.abandoned || now - r.startedAt > runTimeoutMs);
      if (overdue) {
        return {
          ok: false,
          reason: `the ${schedule.slotKey(overdue.slot)} digest run has been going for ${minutes(now - overdue.startedAt)}${
            overdue.abandoned ? ' (abandoned, not stopped yet)' : ''
          }; the limit is ${minutes(runTimeoutMs)}`,
        };
      }
      // The timer re-checks the clock at least every maxSleepMs: a slot this far behind means the loop is not ticking.
      if (!stopped && next && now - next.getTime() > maxSleepMs + 60_000) {
        return {
          ok: false,
          reason: `the scheduler missed its ${schedule.slotKey(next)} slot by ${minutes(now - next.getTime())}`,
        };
      }
      return { ok: true };
    },
    async stop() {
      stopped = true;
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
      const pending = [...runs];
      for (const run of pending) run.abort.abort(new Error('the digest scheduler is stopping'));
      if (pending.length === 0) return true;
      let timer: unknown = null;
      const settled = await Promise.race([
        Promise.all(pending.map((r) => r.done)).then(() => true),
        new Promise<boolean>((resolve) => {
          timer = timers.setTimeout(() => resolve(false), stopTimeoutMs);
        }),
      ]);
      if (timer !== null) timers.clearTimeout(timer);
      if (!settled) {
        logger.error(
          `digest: ${runs.size} run(s) did not stop within ${stopTimeoutMs / 1000} s of shutdown; exiting without them`,
        );
      }
      return settled;
    },
  };
}
