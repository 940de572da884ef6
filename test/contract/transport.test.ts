import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_INBOX_TOKEN } from '../../sandbox/demo-team.js';
import { SEED_THREADS } from '../../sandbox/inbox-emulator/seed.js';
import {
  type CheckedInboxEmulator,
  callInbox,
  startCheckedInboxEmulator,
  useCheckedInboxEmulator,
} from '../support/inbox-emulator.js';
import { validateResponse } from '../support/openapi.js';

const inbox = useCheckedInboxEmulator({ resetEachTest: true });

describe('authentication', () => {
  it('answers 401 UNAUTHORIZED without a bearer token, still with rate-limit headers', async () => {
    for (const token of [null, '']) {
      const res = await callInbox(inbox(), '/team', { token });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'UNAUTHORIZED', status: 401 } });
      expect(res.headers.get('x-ratelimit-limit')).toBe('300');
    }
  });

  it('accepts only the configured token when one is set', async () => {
    const strict = await startCheckedInboxEmulator({ token: DEMO_INBOX_TOKEN });
    try {
      expect((await callInbox(strict, '/team', { token: 'someone-else' })).status).toBe(401);
      expect((await callInbox(strict, '/team', { token: DEMO_INBOX_TOKEN })).status).toBe(200);
      expect(strict.violations()).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});

describe('rate limiting (sliding minute, team-wide)', () => {
  let clocked: CheckedInboxEmulator | undefined;
  afterEach(async () => {
    await clocked?.close();
    clocked = undefined;
  });

  it('counts down X-RateLimit-Remaining, then answers 429 RATE_LIMITED with Retry-After until the window frees', async () => {
    let now = Date.parse('2026-03-02T09:00:00.000Z');
    clocked = await startCheckedInboxEmulator({ now: () => new Date(now), rateLimitPerMinute: 3 });
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await callInbox(clocked, '/team');
      expect(res.status).toBe(200);
      remaining.push(res.headers.get('x-ratelimit-remaining'));
      now += 10_000;
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await callInbox(clocked, '/team');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'RATE_LIMITED', status: 429 } });
    // The first request (at 09:00:00) leaves the window at 09:01:00, 30 s from now (09:00:30).
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(limited.headers.get('x-ratelimit-limit')).toBe('3');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-reset')).toBe(String(Date.parse('2026-03-02T09:01:00.000Z') / 1000));
    now += 30_000;
    expect((await callInbox(clocked, '/team')).status).toBe(200);
    expect(clocked.violations()).toEqual([]);
  });

  it('setRateLimit changes the limit at run time', async () => {
    inbox().controls.setRateLimit(1);
    expect((await callInbox(inbox(), '/team')).status).toBe(200);
    const res = await callInbox(inbox(), '/team');
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
  });
});

describe('latency', () => {
  it('delays every API response by the configured latency', async () => {
    inbox().controls.setLatency(150);
    const started = performance.now();
    expect((await callInbox(inbox(), '/team')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(inbox().controls.requests()[0]?.ms).toBeGreaterThanOrEqual(145);
  });
});

describe('fault injection', () => {
  it('status faults answer the given status, code and Retry-After for the next N matching requests only', async () => {
    inbox().controls.failNext(
      2,
      { kind: 'status', status: 503, retryAfterSeconds: 7 },
      { method: 'get', path: '/team' },
    );
    expect((await callInbox(inbox(), '/members')).status).toBe(200);
    const first = await callInbox(inbox(), '/team');
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.headers.get('x-ratelimit-limit')).toBe('300');
    expect(first.body).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: 'Service Unavailable', status: 503 } });
    expect((await callInbox(inbox(), '/team')).status).toBe(503);
    expect((await callInbox(inbox(), '/team')).status).toBe(200);
  });

  it('a flat status fault answers {error, message} like the quick-start 401', async () => {
    inbox().controls.failNext(1, {
      kind: 'status',
      status: 401,
      message: 'Invalid or missing authentication token',
      flat: true,
    });
    const res = await callInbox(inbox(), '/team');
    expect(res.body).toEqual({ error: 'Unauthorized', message: 'Invalid or missing authentication token' });
  });

  it('matches faults by path template or RegExp', async () => {
    inbox().controls.failNext(1, { kind: 'status', status: 500 }, { path: '/threads/{threadId}' });
    inbox().controls.failNext(1, { kind: 'status', status: 502 }, { path: /messages$/ });
    expect((await callInbox(inbox(), '/threads')).status).toBe(200);
    expect((await callInbox(inbox(), `/threads/${SEED_THREADS.rtl}/messages`)).status).toBe(502);
    expect((await callInbox(inbox(), `/threads/${SEED_THREADS.rtl}`)).status).toBe(500);
  });

  it('drop destroys the socket without a response', async () => {
    inbox().controls.failNext(1, { kind: 'drop' });
    await expect(callInbox(inbox(), '/team')).rejects.toThrow();
    expect((await callInbox(inbox(), '/team')).status).toBe(200);
    expect(inbox().controls.requests()[0]).toMatchObject({ status: 0, fault: { kind: 'drop' } });
  });

  it('hang never answers, and close() still ends promptly', async () => {
    const hung = await startCheckedInboxEmulator();
    hung.controls.failNext(1, { kind: 'hang' });
    const pending = callInbox(hung, '/team');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hung.controls.requests()).toMatchObject([{ status: 0, fault: { kind: 'hang' } }]);
    const started = performance.now();
    await hung.close();
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
  });

  it('not-json answers 200 with an HTML body', async () => {
    inbox().controls.failNext(1, { kind: 'not-json' });
    const res = await fetch(`${inbox().url}/team`, { headers: { authorization: 'Bearer t' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('<html>');
  });

  it('bad-schema answers 200 with JSON that fails the endpoint’s OpenAPI schema', async () => {
    inbox().controls.failNext(3, { kind: 'bad-schema' });
    for (const [path, template] of [
      ['/team', '/team'],
      ['/threads', '/threads'],
      [`/threads/${SEED_THREADS.rtl}/messages`, '/threads/{threadId}/messages'],
    ] as const) {
      const res = await callInbox(inbox(), path);
      expect(res.status).toBe(200);
      expect(validateResponse('GET', template, res.body).length, path).toBeGreaterThan(0);
    }
  });

  it('clearFaults drops every pending fault', async () => {
    inbox().controls.failNext(5, { kind: 'status', status: 500 });
    inbox().controls.clearFaults();
    expect((await callInbox(inbox(), '/team')).status).toBe(200);
  });
});

describe('request log and reset', () => {
  it('logs method, path, route, query, status, time and response body of every API call', async () => {
    await callInbox(inbox(), '/threads', { query: 'inbox=no-reply&limit=2' });
    await callInbox(inbox(), '/threads/zzzzzzzzzzzzzzzzzzzzzzzz');
    const [list, missing] = inbox().controls.requests();
    expect(list).toMatchObject({
      method: 'GET',
      path: '/threads',
      route: '/threads',
      query: { inbox: 'no-reply', limit: '2' },
      status: 200,
      fault: null,
    });
    expect((list?.body as { threads?: unknown[] } | undefined)?.threads).toHaveLength(2);
    expect(list?.ms).toBeGreaterThanOrEqual(0);
    expect(missing).toMatchObject({
      status: 404,
      route: '/threads/{threadId}',
      body: { error: { code: 'THREAD_NOT_FOUND' } },
    });
    inbox().controls.clearRequests();
    expect(inbox().controls.requests()).toEqual([]);
  });

  it('reset restores the seed and clears faults, the log and the rate window', async () => {
    const { controls } = inbox();
    await callInbox(inbox(), `/threads/${SEED_THREADS.jordanNoReply}`, { method: 'PATCH', body: { done: true } });
    await callInbox(inbox(), `/threads/${SEED_THREADS.markup}`, { method: 'DELETE' });
    controls.failNext(1, { kind: 'status', status: 500 });
    controls.setRateLimit(2);
    controls.reset();
    expect(controls.requests()).toEqual([]);
    expect(controls.store.thread(SEED_THREADS.jordanNoReply)?.done).toBe(false);
    expect(controls.store.thread(SEED_THREADS.markup)).toBeDefined();
    for (let i = 0; i < 3; i++) expect((await callInbox(inbox(), '/team')).status).toBe(200);
  });
});

describe('HTTP controls under /__emulator/', () => {
  const control = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${inbox().origin}/__emulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('injects faults, sets latency, reads the log and resets over HTTP, without being logged themselves', async () => {
    expect(
      (await control('/faults', 'POST', { count: 1, fault: { kind: 'status', status: 500 }, match: { path: '/team' } }))
        .status,
    ).toBe(200);
    expect((await callInbox(inbox(), '/team')).status).toBe(500);
    expect((await control('/latency', 'POST', { ms: 60 })).status).toBe(200);
    const started = performance.now();
    await callInbox(inbox(), '/tags');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    const log = (await (await control('/requests')).json()) as { path: string; status: number }[];
    expect(log.map((r) => [r.path, r.status])).toEqual([
      ['/team', 500],
      ['/tags', 200],
    ]);
    expect((await control('/reset', 'POST')).status).toBe(200);
    expect(inbox().controls.requests()).toEqual([]);
  });

  it('loads a large team over HTTP and reports the thread counts', async () => {
    expect((await control('/large-team', 'POST', { noReplyThreads: 250 })).status).toBe(200);
    const state = (await (await control('/state')).json()) as { threadsByView: Record<string, number> };
    expect(state.threadsByView).toEqual({ default: 250, 'no-reply': 250, requests: 0, archived: 0 });
  });

  it('keeps the controls out of /api/v1 and rejects unknown controls with 404', async () => {
    expect((await callInbox(inbox(), '/__emulator/reset', { method: 'POST' })).status).toBe(404);
    expect((await control('/nope', 'POST')).status).toBe(404);
  });
});
