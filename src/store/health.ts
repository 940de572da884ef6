/**
 * The store's health, as /healthz reports it: unhealthy while the last query failed because the database is
 * unusable (and nothing has succeeded since), or while the probe (a one-row write, so a read-only or full
 * database shows too) fails or does not answer within `timeoutMs`. Recovery needs nothing: the next query or
 * probe that succeeds turns it healthy again.
 */
import { describeStoreError, isUnavailable } from './errors.js';
import type { QueryObserver } from './tracking.js';

export type StoreHealth = { ok: true } | { ok: false; reason: string };

export interface HealthTracker extends QueryObserver {
  /** Runs the probe (at most once per `cacheMs`) and answers. */
  check(): Promise<StoreHealth>;
}

export interface HealthOptions {
  /** What the reasons name: the SQLite file, or the database URL without its password. */
  what: string;
  probe: () => Promise<void>;
  timeoutMs?: number;
  cacheMs?: number;
  now?: () => number;
  /** Told once when the store turns unhealthy and once when it recovers. */
  onChange?: (health: StoreHealth) => void;
}

export function createHealthTracker(options: HealthOptions): HealthTracker {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const cacheMs = options.cacheMs ?? 1_000;
  const now = options.now ?? Date.now;
  let failure: string | null = null;
  let checked: { at: number; health: Promise<StoreHealth> } | null = null;

  const set = (next: string | null) => {
    if (next === failure) return;
    failure = next;
    options.onChange?.(next === null ? { ok: true } : { ok: false, reason: next });
  };

  async function probe(): Promise<StoreHealth> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        options.probe(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
        }),
      ]);
      set(null);
      return { ok: true };
    } catch (error) {
      const reason = describeStoreError(error, options.what);
      set(reason);
      return { ok: false, reason };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    succeeded: () => set(null),
    failed: (error) => {
      if (isUnavailable(error)) set(describeStoreError(error, options.what));
    },
    check() {
      const t = now();
      if (!checked || t - checked.at >= cacheMs) checked = { at: t, health: probe() };
      return checked.health;
    },
  };
}
