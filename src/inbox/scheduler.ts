/**
 * One Inbox budget for the whole process. The team's quota (300 requests a minute, shared by every token and
 * process of the team) is known only from the `X-RateLimit-*` headers, so every request of the client goes
 * through this scheduler:
 *
 * - Requests enter a p-queue (bounded in flight) in priority order: interactive (a user's command or click)
 *   before notifications before background work (digests, directory refreshes run for the digest). Within one
 *   class they keep their arrival order; a retry keeps its original place (its sequence number).
 * - Before a request leaves, the budget gate checks the quota left: `remaining` from the latest headers minus
 *   the requests still in flight. Notifications leave a slice of the window to interactive requests, background
 *   work a larger slice, so a digest never spends what the next click needs. With no fresh headers (at start,
 *   or once the window's reset time has passed) one request goes first and its answer tells the rest.
 * - A 429 blocks everyone until its Retry-After (the quota is the team's, not the caller's), then the
 *   retried request goes first in its class.
 * - A caller that will wait (or has waited) more than `queuedNoticeMs` is told how many requests are ahead of it
 *   (`onQueued`), so a Slack user sees "queued behind N requests" rather than silence.
 *
 * Why p-queue: it is maintained, ESM and typed, takes any number as a priority (so class and arrival order fit
 * into one number), drops a queued task when its AbortSignal fires, and exposes onIdle() for shutdown. The quota
 * gate is the one part no library knows: it reads this API's headers.
 */
import PQueue from 'p-queue';
import type { RateLimitSnapshot } from './rate-limit.js';

export type InboxPriority = 'interactive' | 'notification' | 'background';

export interface QueuedInfo {
  /** Requests that go before this one: in flight, or waiting with a higher class or an earlier place. */
  ahead: number;
  /** A rough estimate of the wait from now, ms. */
  estimatedWaitMs: number;
}

export interface ScheduleOptions {
  priority?: InboxPriority;
  /** Abort waiting (the request is dropped from the queue). */
  signal?: AbortSignal;
  /** The caller's deadline (epoch ms): the gate never waits past it. */
  deadlineAt: number;
  /** Called at most once when this request waits, or is expected to wait, longer than `queuedNoticeMs`. */
  onQueued?: (info: QueuedInfo) => void;
  /** Keeps the place of an earlier attempt of the same call (a retry). */
  seq?: number;
}

export interface SchedulerOptions {
  /** Requests in flight at most (default 16). */
  maxInFlight?: number;
  /** Share of the window each class leaves to the classes above it (default 0 / 0.1 / 0.2). */
  reserve?: Partial<Record<InboxPriority, number>>;
  /** Window length behind the quota, ms (default 60 000). */
  windowMs?: number;
  /** Assumed limit until a response names one (default 300). */
  defaultLimit?: number;
  /** Tell a caller it is queued once its wait passes this, ms (default 2 000). */
  queuedNoticeMs?: number;
  now?: () => number;
  /** Waits `ms`; rejects when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Thrown by `schedule` when the gate would have to wait past the caller's deadline. */
export class QuotaWaitExceeded extends Error {
  constructor(readonly waitMs: number) {
    super(`the team's Inbox quota frees in ${Math.ceil(waitMs / 1000)} s, after the call's deadline`);
  }
}

const RANK: Record<InboxPriority, number> = { interactive: 2, notification: 1, background: 0 };
const RANK_SPAN = 1e12;

interface Waiter {
  key: number;
  priority: InboxPriority;
  wake: () => void;
}

export class InboxScheduler {
  private readonly queue: PQueue;
  private readonly reserveShare: Record<InboxPriority, number>;
  private readonly windowMs: number;
  private readonly defaultLimit: number;
  private readonly queuedNoticeMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private snapshot: RateLimitSnapshot | null = null;
  private inFlight = 0;
  private blockedUntil = 0;
  private seq = 0;
  /** Requests accepted but not yet sent, by sort key (higher key goes first). */
  private readonly pending = new Map<number, InboxPriority>();
  /** Requests past the queue, waiting at the gate, highest key first. */
  private gated: Waiter[] = [];
  private sent = 0;

  constructor(options: SchedulerOptions = {}) {
    this.queue = new PQueue({ concurrency: options.maxInFlight ?? 16 });
    this.reserveShare = { interactive: 0, notification: 0.1, background: 0.2, ...options.reserve };
    this.windowMs = options.windowMs ?? 60_000;
    this.defaultLimit = options.defaultLimit ?? 300;
    this.queuedNoticeMs = options.queuedNoticeMs ?? 2_000;
    this.now = options.now ?? Date.now;
    this.sleep =
      options.sleep ?? ((ms, signal) => new Promise((resolve, reject) => sleepTimer(ms, signal, resolve, reject)));
  }

  /** A new sequence number (the place in line of one call, kept across its retries). */
  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** Requests sent through the gate so far. */
  get requestsSent(): number {
    return this.sent;
  }

  /** Waiting (queued or at the gate) and in flight. */
  stats(): { waiting: number; inFlight: number } {
    return { waiting: this.pending.size, inFlight: this.inFlight };
  }

  get rateLimit(): RateLimitSnapshot | null {
    return this.snapshot;
  }

  /**
   * Records the quota a response reported (call it from inside the request, before it returns). The server
   * counted every request that reached it; the other requests still in flight may not have yet, so they are
   * taken off. Within one window the lower count wins (answers arrive in any order); a newer window replaces it.
   */
  observe(snapshot: RateLimitSnapshot | null): void {
    if (snapshot) {
      const others = Math.max(0, this.inFlight - 1);
      const candidate = { ...snapshot, remaining: snapshot.remaining - others };
      const old = this.snapshot;
      if (!old || snapshot.resetAtMs > old.resetAtMs) this.snapshot = candidate;
      else if (snapshot.resetAtMs === old.resetAtMs && candidate.remaining < old.remaining) this.snapshot = candidate;
    }
    this.wakeGated();
  }

  /** A 429: nobody sends before Retry-After. */
  blockFor(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.now() + ms);
  }

  /** Is every request held back by a 429 now? */
  blocked(): boolean {
    return this.now() < this.blockedUntil;
  }

  /** Runs `send` once the quota allows, in priority order. */
  async schedule<T>(options: ScheduleOptions, send: () => Promise<T>): Promise<T> {
    const priority = options.priority ?? 'interactive';
    const seq = options.seq ?? this.nextSeq();
    const key = RANK[priority] * RANK_SPAN - seq;
    this.pending.set(key, priority);
    let noticeTimer: ReturnType<typeof setTimeout> | undefined;
    if (options.onQueued) {
      const notify = options.onQueued;
      const tell = () => {
        // Only a wait for the quota is worth a word; waiting for the first answer of a window is not.
        if (!this.pending.has(key) || !this.quotaBound(this.now())) return;
        const ahead = this.aheadOf(key);
        notify({ ahead: ahead + this.inFlight, estimatedWaitMs: this.estimateWaitMs(priority, ahead) });
      };
      const ahead = this.aheadOf(key);
      if (this.estimateWaitMs(priority, ahead) >= this.queuedNoticeMs) tell();
      else {
        noticeTimer = setTimeout(tell, this.queuedNoticeMs);
        noticeTimer.unref?.();
      }
    }
    try {
      return await this.queue.add(
        async () => {
          await this.gate(key, priority, options);
          this.wakeGated(); // the next waiter may fit in what is left
          try {
            return await send();
          } finally {
            this.inFlight -= 1;
            this.wakeGated();
          }
        },
        { priority: key, ...(options.signal ? { signal: options.signal } : {}) },
      );
    } finally {
      clearTimeout(noticeTimer);
      this.pending.delete(key);
    }
  }

  /** Resolves when nothing is queued or in flight. */
  onIdle(): Promise<void> {
    return this.queue.onIdle();
  }

  /**
   * Is the queue (the quota, a 429's block, the requests ahead) what holds requests back now, rather than the
   * wait for the first answer of a window (nothing known yet)?
   */
  private quotaBound(nowMs: number): boolean {
    const s = this.snapshot;
    return nowMs < this.blockedUntil || (s !== null && nowMs < s.resetAtMs);
  }

  /** Requests the window still allows for `priority` now (after the reserve it leaves to the classes above). */
  private available(priority: InboxPriority, nowMs: number): number {
    if (nowMs < this.blockedUntil) return 0;
    const s = this.snapshot;
    // Nothing known (start) or the window has turned over: one request at a time until an answer tells.
    if (!s || nowMs >= s.resetAtMs) return this.inFlight === 0 ? 1 : 0;
    const reserve = Math.ceil(this.reserveShare[priority] * (s.limit ?? this.defaultLimit));
    return s.remaining - reserve;
  }

  private async gate(key: number, priority: InboxPriority, options: ScheduleOptions): Promise<void> {
    for (;;) {
      options.signal?.throwIfAborted();
      const nowMs = this.now();
      // Strict order within the gate: nobody overtakes a waiter with a higher key.
      const first = this.gated[0];
      if ((!first || first.key < key) && this.available(priority, nowMs) > 0) {
        // Taken in the same turn as the check, so no other request can pass on the same count.
        this.pending.delete(key);
        this.inFlight += 1;
        this.sent += 1;
        if (this.snapshot) this.snapshot = { ...this.snapshot, remaining: this.snapshot.remaining - 1 };
        return;
      }
      const until = this.nextChangeAt(nowMs);
      if (until !== null && until > options.deadlineAt) throw new QuotaWaitExceeded(until - nowMs);
      await this.waitAtGate(key, priority, until === null ? null : until - nowMs, options.signal);
    }
  }

  /** When the quota may next allow a request without a new answer: the block's end or the window's reset. */
  private nextChangeAt(nowMs: number): number | null {
    if (nowMs < this.blockedUntil) return this.blockedUntil;
    const s = this.snapshot;
    if (s && nowMs < s.resetAtMs) return s.resetAtMs;
    return null; // waiting for a request in flight to answer
  }

  private waitAtGate(key: number, priority: InboxPriority, ms: number | null, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const timer = new AbortController();
      const leave = () => {
        settled = true;
        this.gated = this.gated.filter((w) => w !== waiter);
        signal?.removeEventListener('abort', onAbort);
        timer.abort();
      };
      const done = () => {
        if (settled) return;
        leave();
        resolve();
      };
      const onAbort = () => {
        if (settled) return;
        leave();
        reject(signal?.reason);
      };
      const waiter: Waiter = { key, priority, wake: done };
      const at = this.gated.findIndex((w) => w.key < key);
      if (at === -1) this.gated.push(waiter);
      else this.gated.splice(at, 0, waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      // Waiting for an answer in flight: it wakes us; the timer is only a safety net.
      this.sleep(Math.max(1, ms ?? 1_000), timer.signal).then(done, () => undefined);
    });
  }

  /**
   * Something changed (an answer, a slot freed): the first waiter re-checks (and waits again, with the right
   * timer, when the news does not let it go); it wakes the next when it goes.
   */
  private wakeGated(): void {
    this.gated[0]?.wake();
  }

  private aheadOf(key: number): number {
    let ahead = 0;
    for (const other of this.pending.keys()) if (other > key) ahead += 1;
    return ahead;
  }

  private estimateWaitMs(priority: InboxPriority, ahead: number): number {
    const nowMs = this.now();
    if (nowMs < this.blockedUntil) return this.blockedUntil - nowMs;
    const s = this.snapshot;
    if (!s || nowMs >= s.resetAtMs) return 0;
    const free = this.available(priority, nowMs) - ahead;
    if (free > 0) return 0;
    const perRequest = this.windowMs / (s.limit ?? this.defaultLimit);
    return s.resetAtMs - nowMs + -free * perRequest;
  }
}

function sleepTimer(ms: number, signal: AbortSignal | undefined, resolve: () => void, reject: (e: unknown) => void) {
  if (signal?.aborted) return reject(signal.reason);
  const timer = setTimeout(() => {
    signal?.removeEventListener('abort', onAbort);
    resolve();
  }, ms);
  const onAbort = () => {
    clearTimeout(timer);
    reject(signal?.reason);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
}
