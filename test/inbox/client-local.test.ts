/**
 * Client behaviour against a scripted local HTTP server: things the emulator cannot fake
 * (a cursor that repeats, a body that drips, a server that echoes the token back).
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createInboxClient, type InboxClientHandle, type InboxLogger } from '../../src/inbox/client.js';
import { failure } from './emulator.js';
import { sendJson, startLocalServer, threadFixture } from './local-server.js';

const TOKEN = 'inbox_test_TOKEN_d41d8cd98f00b204';
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function server(handler: Parameters<typeof startLocalServer>[0]) {
  const s = await startLocalServer(handler);
  cleanups.push(s.close);
  return s;
}

function client(baseUrl: string, extra: Partial<Parameters<typeof createInboxClient>[0]> = {}): InboxClientHandle {
  const c = createInboxClient({ baseUrl, token: TOKEN, retryBaseMs: 1, ...extra });
  cleanups.push(() => c.close());
  return c;
}

function recordingLogger() {
  const lines: string[] = [];
  const log =
    (level: string) =>
    (...msg: unknown[]) =>
      lines.push(`${level} ${msg.map((m) => (typeof m === 'string' ? m : inspect(m))).join(' ')}`);
  const logger: InboxLogger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  return { logger, lines };
}

describe('iterateThreadPages', () => {
  it('throws bad_response on a repeated cursor instead of looping, after the pages it could read', async () => {
    const cursor = { id: 'aaa', timestamp: '2025-01-01T00:00:00.000Z' };
    const s = await server((_req, res, i) => {
      sendJson(res, 200, { threads: [threadFixture(`t${i}`)], nextCursor: i === 0 ? cursor : cursor });
    });
    const ids: string[] = [];
    const err = await failure(
      (async () => {
        for await (const page of client(s.url).iterateThreadPages({ limit: 1 })) ids.push(page.threads[0]?.id ?? '');
      })(),
    );
    expect(err.kind).toBe('bad_response');
    expect(err.message).toContain('GET /threads: pagination cursor repeated after page 2');
    expect(ids).toEqual(['t0', 't1']);
    expect(s.requests).toHaveLength(2);
    expect(new URL(s.requests[1]?.url ?? '', 'http://x').searchParams.get('cursorId')).toBe('aaa');
  });
});

describe('secrets', () => {
  it('never puts the token in an error, its JSON, its inspect output or a log line', async () => {
    const s = await server((req, res) => {
      // A hostile or buggy server echoing the Authorization header back.
      sendJson(res, 401, { error: 'Unauthorized', message: `bad token ${req.headers.authorization}` });
    });
    const { logger, lines } = recordingLogger();
    const err = await failure(client(s.url, { logger }).getTeam());
    expect(s.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(err.kind).toBe('unauthorized');
    expect(err.apiMessage).toBe('bad token Bearer [redacted]');
    for (const text of [err.message, err.stack ?? '', JSON.stringify(err), inspect(err, { depth: 10 }), ...lines]) {
      expect(text).not.toContain(TOKEN);
    }
  });

  it('keeps axios internals (config, request, headers) off network errors', async () => {
    const s = await server((_req, res) => res.socket?.destroy());
    const { logger, lines } = recordingLogger();
    const err = await failure(client(s.url, { logger, maxRetries: 1 }).getTeam());
    expect(err.kind).toBe('network');
    expect(err.status).toBeNull();
    expect(err.attempts).toBe(2);
    expect(Object.keys(err)).not.toEqual(expect.arrayContaining(['config']));
    expect((err as unknown as { cause?: unknown }).cause).toBeUndefined();
    for (const text of [err.message, JSON.stringify(err), inspect(err, { depth: 10, showHidden: true }), ...lines]) {
      expect(text).not.toContain(TOKEN);
    }
    expect(lines.some((l) => l.startsWith('warn inbox GET /team: network error'))).toBe(true);
  });
});

describe('timeouts and aborts', () => {
  it('cuts off a body that keeps dripping (a socket-idle timeout would not)', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    });
    const started = Date.now();
    const err = await failure(client(s.url, { timeoutMs: 300, deadlineMs: 700, maxRetries: 5 }).getTeam());
    expect(err.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(s.requests.length).toBeGreaterThanOrEqual(2); // the per-attempt timeout was retried inside the deadline
  });

  it("stops at once when the caller's signal aborts", async () => {
    const s = await server(() => {
      /* never answers */
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const err = await failure(client(s.url).getTeam({ signal: controller.signal }));
    expect(err.kind).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(s.requests).toHaveLength(1);
  });
});

describe('the shared quota', () => {
  it('waits for the window instead of sending into a 429 once X-RateLimit-Remaining reaches 0, then goes on', async () => {
    let clock = 1_705_312_790_000;
    const reset = String(1_705_312_800); // 10 s after the clock
    const s = await server((_req, res, i) => {
      sendJson(
        res,
        200,
        { id: 'team1', name: 'T', slug: 't', createdAt: '2025-01-01T00:00:00.000Z' },
        {
          'x-ratelimit-limit': '300',
          'x-ratelimit-remaining': i === 0 ? '1' : i === 1 ? '0' : '299',
          'x-ratelimit-reset': i < 2 ? reset : String(1_705_312_860),
        },
      );
    });
    const sleeps: number[] = [];
    const c = client(s.url, {
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
      deadlineMs: 25_000,
    });
    await c.getTeam(); // remaining 1 after it
    await c.getTeam(); // remaining 0 after it
    expect(sleeps).toEqual([]);
    await c.getTeam(); // waits the 10 s to the reset, then one request finds out what is left
    expect(sleeps).toEqual([10_000]);
    expect(c.rateLimit()).toEqual({ limit: 300, remaining: 299, resetAtMs: 1_705_312_860_000 });
    expect(s.requests).toHaveLength(3);
  });

  it('fails with rate_limited at once, without a request, when the window frees only after the deadline', async () => {
    const clock = 1_705_312_740_000;
    const s = await server((_req, res) => {
      sendJson(
        res,
        200,
        { id: 'team1', name: 'T', slug: 't', createdAt: '2025-01-01T00:00:00.000Z' },
        { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(1_705_312_800) },
      );
    });
    const c = client(s.url, { now: () => clock, deadlineMs: 25_000 });
    await c.getTeam();
    const err = await failure(c.getTeam());
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterSeconds).toBe(60);
    expect(s.requests).toHaveLength(1);
  });

  it('after a 429 that spends the window, holds every request until Retry-After, then retries in order', async () => {
    let clock = 1_705_312_790_000;
    const team = { id: 'team1', name: 'T', slug: 't', createdAt: '2025-01-01T00:00:00.000Z' };
    const s = await server((req, res, i) => {
      if (i === 0) {
        sendJson(
          res,
          429,
          { error: { code: 'RATE_LIMITED', message: 'Rate limit exceeded. Try again in 2 seconds.', status: 429 } },
          {
            'retry-after': '2',
            'x-ratelimit-limit': '300',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(1_705_312_792),
          },
        );
        return;
      }
      const headers = { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '250', 'x-ratelimit-reset': '1705312900' };
      if (req.url.endsWith('/team')) sendJson(res, 200, team, headers);
      else sendJson(res, 200, [], headers);
    });
    const sleeps: number[] = [];
    const c = client(s.url, {
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    });
    const first = c.getTeam();
    await new Promise((r) => setTimeout(r, 50)); // the 429 has arrived
    const second = c.listTags();
    await Promise.all([first, second]);
    expect(s.requests.map((r) => r.url.replace(/^.*\/api\/v1/, ''))).toEqual(['/team', '/team', '/tags']);
    expect(sleeps[0]).toBe(2_000);
  });

  it('lets a caller that tells its user it is queued wait past the deadline for the window, then gives it a full attempt', async () => {
    let clock = 1_705_312_760_000; // the window resets 40 s from now
    const s = await server((_req, res, i) => {
      sendJson(
        res,
        200,
        { id: 'team1', name: 'T', slug: 't', createdAt: '2025-01-01T00:00:00.000Z' },
        {
          'x-ratelimit-limit': '300',
          'x-ratelimit-remaining': i === 0 ? '0' : '299',
          'x-ratelimit-reset': i === 0 ? String(1_705_312_800) : String(1_705_312_900),
        },
      );
    });
    const sleeps: number[] = [];
    const c = client(s.url, {
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
      deadlineMs: 25_000,
    });
    await c.getTeam(); // the window is spent
    const queued: number[] = [];
    await c.getTeam({ onQueued: (info) => queued.push(info.ahead), queueDeadlineMs: 120_000 });
    expect(sleeps).toEqual([40_000]);
    expect(queued).toEqual([0]);
    expect(s.requests).toHaveLength(2);
  });
});
