/** The team-wide sliding one-minute window behind 429s and the X-RateLimit-* headers. */
const WINDOW_MS = 60_000;

export interface RateState {
  limit: number;
  remaining: number;
  /** Unix seconds when the oldest counted request leaves the window. */
  reset: number;
  /** Seconds until a request would be accepted (0 when one would be now). */
  retryAfter: number;
}

export class SlidingWindow {
  private hits: number[] = [];

  constructor(public limit: number) {}

  /** Counts a request at `now` if the window has room; returns the state after it. */
  hit(now: number): RateState & { allowed: boolean } {
    this.prune(now);
    const allowed = this.hits.length < this.limit;
    if (allowed) this.hits.push(now);
    return { allowed, ...this.state(now) };
  }

  state(now: number): RateState {
    this.prune(now);
    const oldest = this.hits[0] ?? now;
    const full = this.hits.length >= this.limit;
    return {
      limit: this.limit,
      remaining: Math.max(0, this.limit - this.hits.length),
      reset: Math.ceil((oldest + WINDOW_MS) / 1000),
      retryAfter: full ? Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)) : 0,
    };
  }

  clear(): void {
    this.hits = [];
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.hits.length && (this.hits[drop] ?? 0) <= now - WINDOW_MS) drop++;
    if (drop) this.hits = this.hits.slice(drop);
    // After a lowered limit, the oldest hits beyond the limit decide when room appears.
    if (this.hits.length > this.limit && this.limit > 0) this.hits = this.hits.slice(this.hits.length - this.limit);
  }
}
