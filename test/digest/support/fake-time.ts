/**
 * A fake clock with its own timers: time moves only when a test calls advanceTo/advanceBy, timers fire in
 * due order, and pending promises are flushed after each one. Nothing here reads the real clock.
 */
import type { Timers } from '../../../src/digest/scheduler.js';

interface PendingTimer {
  id: number;
  due: number;
  fn: () => void;
}

export interface FakeTime {
  clock: () => Date;
  timers: Timers;
  /** Sleeps that resolve when fake time passes (for retry backoff). */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now(): Date;
  set(at: Date | string): void;
  advanceTo(at: Date | string): Promise<void>;
  advanceBy(ms: number): Promise<void>;
  pendingTimers(): number;
  flush(): Promise<void>;
}

export function createFakeTime(start: Date | string): FakeTime {
  let now = new Date(start).getTime();
  let nextId = 1;
  let pending: PendingTimer[] = [];

  const flush = async () => {
    for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  };

  const timers: Timers = {
    setTimeout(fn, ms) {
      const timer = { id: nextId++, due: now + Math.max(0, ms), fn };
      pending.push(timer);
      return timer.id;
    },
    clearTimeout(handle) {
      pending = pending.filter((t) => t.id !== handle);
    },
  };

  const advanceTo = async (at: Date | string) => {
    const target = new Date(at).getTime();
    await flush();
    for (;;) {
      pending.sort((a, b) => a.due - b.due || a.id - b.id);
      const first = pending[0];
      if (!first || first.due > target) break;
      pending.shift();
      now = Math.max(now, first.due);
      first.fn();
      await flush();
    }
    now = Math.max(now, target);
    await flush();
  };

  return {
    clock: () => new Date(now),
    timers,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const id = timers.setTimeout(resolve, ms);
        signal?.addEventListener('abort', () => {
          timers.clearTimeout(id);
          reject(signal.reason);
        });
      }),
    now: () => new Date(now),
    set: (at) => {
      now = new Date(at).getTime();
    },
    advanceTo,
    advanceBy: (ms) => advanceTo(new Date(now + ms)),
    pendingTimers: () => pending.length,
    flush,
  };
}
