import { describe, expect, it } from 'vitest';
import { backoffDelayMs, decideRetry, isIdempotent, isRetryableFailure, type RetryContext } from './retry.js';

const base: RetryContext = {
  method: 'GET',
  error: { kind: 'server', status: 503, retryAfterSeconds: null },
  retriesDone: 0,
  maxRetries: 3,
  retryBaseMs: 250,
  timeLeftMs: 20_000,
  random: () => 0.5,
};

describe('retry decisions', () => {
  it('treats GET, PATCH and DELETE as idempotent and POST as not', () => {
    expect(['GET', 'PATCH', 'DELETE'].map((m) => isIdempotent(m as 'GET'))).toEqual([true, true, true]);
    expect(isIdempotent('POST')).toBe(false);
  });

  it('never retries a POST, whatever the failure', () => {
    for (const kind of ['server', 'network', 'timeout', 'rate_limited'] as const) {
      expect(decideRetry({ ...base, method: 'POST', error: { kind, status: 500, retryAfterSeconds: 1 } })).toEqual({
        retry: false,
        reason: 'not-idempotent',
      });
    }
  });

  it('retries network errors, timeouts, 429 and 5xx but not 501 or 4xx', () => {
    expect(isRetryableFailure({ kind: 'network', status: null })).toBe(true);
    expect(isRetryableFailure({ kind: 'timeout', status: null })).toBe(true);
    expect(isRetryableFailure({ kind: 'rate_limited', status: 429 })).toBe(true);
    expect(isRetryableFailure({ kind: 'server', status: 502 })).toBe(true);
    expect(isRetryableFailure({ kind: 'server', status: 501 })).toBe(false);
    for (const kind of [
      'unauthorized',
      'forbidden',
      'not_found',
      'conflict',
      'invalid_request',
      'bad_response',
    ] as const) {
      expect(isRetryableFailure({ kind, status: 400 })).toBe(false);
    }
  });

  it('uses full jitter over an exponentially growing, capped ceiling', () => {
    expect(backoffDelayMs(0, 250, () => 0.5)).toBe(125);
    expect(backoffDelayMs(1, 250, () => 0.5)).toBe(250);
    expect(backoffDelayMs(3, 250, () => 0.999)).toBe(1998);
    expect(backoffDelayMs(20, 250, () => 0.5, 30_000)).toBe(15_000);
    expect(backoffDelayMs(2, 250, () => 0)).toBe(0);
  });

  it('stops after maxRetries', () => {
    expect(decideRetry({ ...base, retriesDone: 2 })).toEqual({ retry: true, delayMs: 500 });
    expect(decideRetry({ ...base, retriesDone: 3 })).toEqual({ retry: false, reason: 'exhausted' });
  });

  it('honours a short Retry-After instead of the backoff', () => {
    const error = { kind: 'rate_limited' as const, status: 429, retryAfterSeconds: 2 };
    expect(decideRetry({ ...base, error })).toEqual({ retry: true, delayMs: 2000 });
  });

  it('fails at once when Retry-After outlasts the deadline', () => {
    const error = { kind: 'rate_limited' as const, status: 429, retryAfterSeconds: 60 };
    expect(decideRetry({ ...base, error, timeLeftMs: 24_000 })).toEqual({
      retry: false,
      reason: 'retry-after-too-long',
    });
  });

  it('does not sleep past the deadline', () => {
    expect(decideRetry({ ...base, retriesDone: 2, random: () => 0.99, timeLeftMs: 900 })).toEqual({
      retry: false,
      reason: 'deadline',
    });
  });
});
