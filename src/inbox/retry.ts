/**
 * Retry decisions for the Inbox client (pure). Rules:
 * - only idempotent methods (GET, PATCH, DELETE) are retried; POST never is (v1 sends have no idempotency key);
 * - retried failures: network errors, per-attempt timeouts, 429 and 5xx (except 501);
 * - delay: exponential backoff with full jitter, or `Retry-After` when the server sent one;
 * - a delay that would end past the overall deadline is not slept: the call fails at once
 *   (for a 429 with the clear `rate limited, retry after N s` message).
 */
import type { InboxApiError } from './errors.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export function isIdempotent(method: HttpMethod): boolean {
  return method === 'GET' || method === 'PATCH' || method === 'DELETE';
}

/** Is this failure of a kind that a retry can fix? (independent of method and budget) */
export function isRetryableFailure(error: Pick<InboxApiError, 'kind' | 'status'>): boolean {
  switch (error.kind) {
    case 'network':
    case 'timeout':
    case 'rate_limited':
      return true;
    case 'server':
      return error.status !== 501;
    default:
      return false;
  }
}

/** Full jitter: a uniform delay in [0, min(cap, base · 2^retryIndex)). `retryIndex` starts at 0. */
export function backoffDelayMs(retryIndex: number, baseMs: number, random: () => number = Math.random, capMs = 30_000) {
  const ceiling = Math.min(capMs, baseMs * 2 ** retryIndex);
  return Math.floor(random() * ceiling);
}

export interface RetryContext {
  method: HttpMethod;
  error: Pick<InboxApiError, 'kind' | 'status' | 'retryAfterSeconds'>;
  /** Retries already made (0 after the first attempt failed). */
  retriesDone: number;
  maxRetries: number;
  retryBaseMs: number;
  /** Milliseconds left before the call's overall deadline. */
  timeLeftMs: number;
  random?: () => number;
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: 'not-idempotent' | 'not-retryable' | 'exhausted' | 'deadline' | 'retry-after-too-long' };

export function decideRetry(ctx: RetryContext): RetryDecision {
  if (!isIdempotent(ctx.method)) return { retry: false, reason: 'not-idempotent' };
  if (!isRetryableFailure(ctx.error)) return { retry: false, reason: 'not-retryable' };
  if (ctx.retriesDone >= ctx.maxRetries) return { retry: false, reason: 'exhausted' };
  const retryAfter = ctx.error.kind === 'rate_limited' ? ctx.error.retryAfterSeconds : null;
  if (retryAfter !== null && retryAfter !== undefined) {
    const delayMs = retryAfter * 1000;
    if (delayMs >= ctx.timeLeftMs) return { retry: false, reason: 'retry-after-too-long' };
    return { retry: true, delayMs };
  }
  const delayMs = backoffDelayMs(ctx.retriesDone, ctx.retryBaseMs, ctx.random);
  if (delayMs >= ctx.timeLeftMs) return { retry: false, reason: 'deadline' };
  return { retry: true, delayMs };
}
