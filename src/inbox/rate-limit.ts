/**
 * The `X-RateLimit-*` headers (pure). The team quota (300/min) is shared by every token and process of the
 * team, so the headers are the only truth; the scheduler (scheduler.ts) spends what they say is left.
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
