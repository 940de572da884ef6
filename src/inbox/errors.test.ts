import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  describeZodError,
  errorFromResponse,
  InboxApiError,
  kindForStatus,
  parseErrorBody,
  parseRetryAfter,
  redact,
} from './errors.js';

describe('parseErrorBody', () => {
  it('reads the documented nested body', () => {
    expect(
      parseErrorBody({ error: { code: 'THREAD_NOT_FOUND', message: "Thread with ID 'x' not found", status: 404 } }),
    ).toEqual({ code: 'THREAD_NOT_FOUND', message: "Thread with ID 'x' not found" });
  });

  it('reads the flat quick-start body and derives an UPPER_SNAKE code', () => {
    expect(parseErrorBody({ error: 'Unauthorized', message: 'Invalid or missing authentication token' })).toEqual({
      code: 'UNAUTHORIZED',
      message: 'Invalid or missing authentication token',
    });
    expect(parseErrorBody({ error: 'Too Many Requests' })).toEqual({
      code: 'TOO_MANY_REQUESTS',
      message: 'Too Many Requests',
    });
  });

  it('yields nulls for bodies it does not understand', () => {
    for (const body of [undefined, null, 'oops', 42, [], { nothing: true }]) {
      expect(parseErrorBody(body)).toEqual({ code: null, message: null });
    }
  });
});

describe('kindForStatus', () => {
  it('maps every documented status', () => {
    const map = Object.fromEntries([400, 401, 403, 404, 409, 422, 429, 500, 503].map((s) => [s, kindForStatus(s)]));
    expect(map).toEqual({
      400: 'invalid_request',
      401: 'unauthorized',
      403: 'forbidden',
      404: 'not_found',
      409: 'conflict',
      422: 'invalid_request',
      429: 'rate_limited',
      500: 'server',
      503: 'server',
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfter('60', 0)).toBe(60);
    expect(parseRetryAfter('1.2', 0)).toBe(2);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:30 GMT', 10_000)).toBe(20);
    expect(parseRetryAfter(undefined, 0)).toBeNull();
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });
});

describe('errorFromResponse', () => {
  it('builds a rate-limit error with the clear message and the wait', () => {
    const err = errorFromResponse({
      endpoint: 'GET /threads',
      status: 429,
      body: { error: { code: 'RATE_LIMITED', message: 'Rate limit exceeded. Try again in 60 seconds.', status: 429 } },
      retryAfterSeconds: 60,
    });
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterSeconds).toBe(60);
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.message).toMatch(/^GET \/threads: rate limited, retry after 60 s/);
  });

  it('names endpoint, status, code and message for a 404', () => {
    const err = errorFromResponse({
      endpoint: 'GET /threads/{threadId}',
      status: 404,
      body: { error: { code: 'THREAD_NOT_FOUND', message: 'not here', status: 404 } },
    });
    expect(err).toBeInstanceOf(InboxApiError);
    expect(err.message).toBe('GET /threads/{threadId}: HTTP 404 THREAD_NOT_FOUND: not here');
    expect([err.kind, err.status, err.apiMessage, err.retryAfterSeconds]).toEqual(['not_found', 404, 'not here', null]);
  });
});

describe('describeZodError', () => {
  it('names the field path and the expected type', () => {
    const schema = z.object({ threads: z.array(z.object({ prospect: z.object({ username: z.string() }) })) });
    const ok = { prospect: { username: 'a' } };
    const result = schema.safeParse({ threads: [ok, ok, ok, { prospect: { username: 7 } }] });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeZodError(result.error)).toBe('threads[3].prospect.username: expected string');
  });
});

describe('secrets', () => {
  const token = 'sk_live_SECRET_TOKEN_123';

  it('redact removes every occurrence', () => {
    expect(redact(`Bearer ${token} and ${token}`, [token])).toBe('Bearer [redacted] and [redacted]');
  });

  it('an error serialises and inspects to its fields only', () => {
    const err = new InboxApiError({
      kind: 'network',
      endpoint: 'GET /team',
      message: 'network error',
      causeCode: 'ECONNRESET',
    });
    const json = JSON.parse(JSON.stringify(err));
    expect(json).toEqual({
      name: 'InboxApiError',
      kind: 'network',
      endpoint: 'GET /team',
      status: null,
      code: null,
      message: 'GET /team: network error',
      apiMessage: null,
      retryAfterSeconds: null,
      attempts: 0,
      causeCode: 'ECONNRESET',
    });
    expect(inspect(err)).toContain("kind: 'network'");
    expect(Object.keys(err)).not.toContain('config');
  });
});
