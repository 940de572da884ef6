/**
 * Client-side pacing from the `X-RateLimit-*` headers (pure, clock passed in). The team quota
 * (300/min) is shared by every token and process of the team, so the headers are the only truth:
 * when `remaining` drops to the threshold, the remaining requests are spread evenly until `reset`
 * instead of being burnt at once and hitting 429.
 */

export interface RateLimitSnapshot {
  limit: number | null;
  remaining: number;
  /** Epoch milliseconds at which the window resets. */
  resetAtMs: number;
}

function header(headers: Record<string, unknown>, name: string): number | null {
  const raw = headers[name] ?? headers[name.toLowerCase()];
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (typeof text !== 'string' && typeof text !== 'number') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Reads `X-RateLimit-Limit/Remaining/Reset` (reset = epoch seconds). Null when absent or unusable. */
export function readRateLimitHeaders(headers: Record<string, unknown>): RateLimitSnapshot | null {
  const remaining = header(headers, 'x-ratelimit-remaining');
  const reset = header(headers, 'x-ratelimit-reset');
  if (remaining === null || reset === null) return null;
  return { limit: header(headers, 'x-ratelimit-limit'), remaining, resetAtMs: reset * 1000 };
}

export interface PacerOptions {
  /** Start spacing requests out when `remaining` is at or below this. */
  minRemaining: number;
  /** Never ask a caller to wait longer than this for one request. */
  maxDelayMs: number;
}

/** Keeps the latest snapshot and hands out send slots. */
export class RateLimitPacer {
  private snapshot: RateLimitSnapshot | null = null;
  private nextSlotMs = 0;

  constructor(private readonly options: PacerOptions) {}

  /** Records the headers of a response (any status). */
  observe(headers: Record<string, unknown>): void {
    const snapshot = readRateLimitHeaders(headers);
    if (snapshot) this.snapshot = snapshot;
  }

  get current(): RateLimitSnapshot | null {
    return this.snapshot;
  }

  /**
   * Milliseconds to wait before sending the next request, and books that slot (so concurrent
   * callers are spaced apart rather than all released together). 0 while the quota is comfortable.
   */
  reserve(nowMs: number): number {
    const s = this.snapshot;
    if (!s || nowMs >= s.resetAtMs || s.remaining > this.options.minRemaining) return 0;
    const untilReset = s.resetAtMs - nowMs;
    if (s.remaining <= 0) return Math.min(untilReset, this.options.maxDelayMs);
    const interval = untilReset / (s.remaining + 1);
    const slot = Math.max(nowMs, this.nextSlotMs);
    this.nextSlotMs = slot + interval;
    return Math.min(Math.ceil(slot - nowMs), this.options.maxDelayMs);
  }
}
