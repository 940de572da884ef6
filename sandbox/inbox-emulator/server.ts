/**
 * The emulator's node:http server: `/api/v1/*` is the Inbox API (auth → rate limit → route), and
 * `/__emulator/*` holds the controls (never authenticated, rate-limited, delayed or logged).
 */
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { EMPTY, handleRoute, matchRoute } from './api.js';
import { ApiError } from './errors.js';
import { BAD_SCHEMA_BODY, FaultQueue, NOT_JSON_BODY } from './faults.js';
import type { EmulatorControls, Fault, InboxEmulator, InboxEmulatorOptions, LoggedRequest } from './index.js';
import { QueryParams } from './query.js';
import { type RateState, SlidingWindow } from './rate-limit.js';
import { InboxStore } from './store.js';
import { type WebhookChaos, WebhookDeliverer } from './webhooks.js';

const API_BASE = '/api/v1';
const CONTROL_BASE = '/__emulator';
const DEFAULT_RATE_LIMIT = 300;

interface Reply {
  status: number;
  body: unknown;
  /** Raw text body (not-json fault, empty DELETE) instead of JSON. */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** The rate window after this request (for the X-RateLimit-* headers). */
  rate?: RateState;
}

export async function startInboxEmulator(options: InboxEmulatorOptions = {}): Promise<InboxEmulator> {
  const now = options.now ?? (() => new Date());
  const store = new InboxStore(now, options.seed);
  const limiter = new SlidingWindow(options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT);
  const faults = new FaultQueue();
  let latencyMs = options.latencyMs ?? 0;
  let log: LoggedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const webhooks = new WebhookDeliverer(now);
  store.events.onEvent((event) => webhooks.enqueue(event));
  if (options.webhook) webhooks.configure(options.webhook);

  const controls: EmulatorControls = {
    setLatency: (ms) => {
      latencyMs = Math.max(0, ms);
    },
    setRateLimit: (perMinute) => {
      limiter.limit = perMinute;
    },
    failNext: (count, fault, match) => faults.add(count, fault, match),
    clearFaults: () => faults.clear(),
    requests: () => [...log],
    clearRequests: () => {
      log = [];
    },
    reset: () => {
      store.reset();
      webhooks.reset();
      faults.clear();
      log = [];
      limiter.clear();
      limiter.limit = options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT;
      latencyMs = options.latencyMs ?? 0;
    },
    loadLargeTeam: (opts) => store.loadLargeTeam(opts),
    setThreadId: (id, newId) => store.setThreadId(id, newId),
    events: () => store.events.all(),
    setWebhook: (target) => webhooks.configure(target),
    webhookChaos: (chaos) => webhooks.setChaos(chaos),
    releaseWebhooks: (opts) => webhooks.release(opts),
    webhookDeliveries: () => webhooks.deliveries(),
    webhooksIdle: () => webhooks.idle(),
    prospectWrites: (threadId, content) => store.simulateInbound(threadId, content),
    newRequest: (opts) => store.simulateRequest(opts),
    store,
  };

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.slice(API_BASE.length) || '/';
    const match = matchRoute(method, path);
    const query = new QueryParams(url.searchParams);
    const rawBody = await readBody(req);
    await delay(latencyMs);

    const record = (status: number, reply: Reply | null, fault: Fault | null) => {
      const entry: LoggedRequest = {
        method,
        path,
        route: match?.route.template ?? null,
        query: query.toRecord(),
        requestBody: parseOrRaw(rawBody),
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        contentType: reply ? contentTypeOf(reply) : null,
        body: reply ? (reply.text ?? reply.body) : null,
        headers: reply?.headers ?? {},
        fault,
        at: now().toISOString(),
      };
      log.push(entry);
      try {
        options.onResponse?.(entry);
      } catch (error) {
        console.error('inbox emulator: onResponse threw', error);
      }
    };

    const fault = faults.take(method, path, match?.route.template ?? null);
    // A fault "after": the API does its work (and its rate window counts it), then the answer is lost.
    if (fault?.after) answer(method, path, query, rawBody, req);
    if (fault?.kind === 'drop') {
      record(0, null, fault);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') {
      record(0, null, fault); // never answered; close() destroys the socket
      return;
    }

    const reply = fault ? faultReply(fault) : answer(method, path, query, rawBody, req);
    reply.headers = { ...rateHeaders(reply.rate ?? limiter.state(now().getTime())), ...reply.headers };
    send(res, reply);
    record(reply.status, reply, fault);
  }

  function answer(method: string, path: string, query: QueryParams, rawBody: string, req: IncomingMessage): Reply {
    if (!authorized(req.headers.authorization, options.token)) {
      return errorReply(new ApiError(401, 'UNAUTHORIZED', 'Invalid or missing authentication token'));
    }
    const rate = limiter.hit(now().getTime());
    if (!rate.allowed) {
      const reply = errorReply(
        new ApiError(429, 'RATE_LIMITED', `Rate limit exceeded. Try again in ${rate.retryAfter} seconds.`),
      );
      return { ...reply, rate, headers: { 'Retry-After': String(rate.retryAfter) } };
    }
    try {
      const match = matchRoute(method, path);
      if (!match) throw new ApiError(404, 'NOT_FOUND', `No route for ${method} ${API_BASE}${path}`);
      let body: unknown;
      if (rawBody.trim() !== '') {
        try {
          body = JSON.parse(rawBody);
        } catch {
          throw new ApiError(400, 'BAD_REQUEST', 'Malformed JSON body');
        }
      }
      const result = handleRoute(match, { query, body, store });
      return result === EMPTY ? { status: 200, body: '', text: '', rate } : { status: 200, body: result, rate };
    } catch (error) {
      if (error instanceof ApiError) return { ...errorReply(error), rate };
      console.error('inbox emulator: handler failed', error);
      return { ...errorReply(new ApiError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error')), rate };
    }
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const reply = await controlReply(req.method ?? 'GET', url.pathname.slice(CONTROL_BASE.length), await readBody(req));
    send(res, reply);
  }

  function controlReply(method: string, path: string, rawBody: string): Reply {
    let body: Record<string, unknown> = {};
    try {
      body = rawBody.trim() ? JSON.parse(rawBody) : {};
    } catch {
      return { status: 400, body: { error: 'Malformed JSON body' } };
    }
    const ok = { status: 200, body: { ok: true } };
    const num = (key: string) => (typeof body[key] === 'number' ? (body[key] as number) : Number.NaN);
    switch (`${method} ${path.replace(/\/$/, '')}`) {
      case 'POST /reset':
        controls.reset();
        return ok;
      case 'POST /latency':
        if (Number.isNaN(num('ms'))) return { status: 400, body: { error: '{ms: number} expected' } };
        controls.setLatency(num('ms'));
        return ok;
      case 'POST /rate-limit':
        if (Number.isNaN(num('perMinute'))) return { status: 400, body: { error: '{perMinute: number} expected' } };
        controls.setRateLimit(num('perMinute'));
        return ok;
      case 'POST /faults': {
        const fault = body.fault as Fault | undefined;
        const match = (body.match ?? {}) as { method?: string; path?: string; pathPattern?: string };
        if (!fault || typeof fault.kind !== 'string')
          return { status: 400, body: { error: '{fault: {kind}} expected' } };
        const count = Number.isNaN(num('count')) ? 1 : num('count');
        controls.failNext(count, fault, {
          method: match.method,
          path: match.pathPattern ? new RegExp(match.pathPattern) : match.path,
        });
        return ok;
      }
      case 'DELETE /faults':
        controls.clearFaults();
        return ok;
      case 'GET /requests':
        return { status: 200, body: controls.requests() };
      case 'DELETE /requests':
        controls.clearRequests();
        return ok;
      case 'POST /large-team':
        if (Number.isNaN(num('noReplyThreads'))) return { status: 400, body: { error: '{noReplyThreads} expected' } };
        controls.loadLargeTeam({
          noReplyThreads: num('noReplyThreads'),
          accounts: body.accounts as number | undefined,
          members: body.members as number | undefined,
        });
        return ok;
      case 'POST /webhooks': {
        const secrets = Array.isArray(body.secrets) ? body.secrets : body.secret ? [body.secret] : [];
        if (typeof body.url !== 'string' || secrets.length === 0 || !secrets.every((x) => typeof x === 'string')) {
          return { status: 400, body: { error: '{url, secret | secrets[]} expected' } };
        }
        controls.setWebhook({
          url: body.url,
          secrets: secrets as string[],
          ...(Number.isNaN(num('maxAttempts')) ? {} : { maxAttempts: num('maxAttempts') }),
        });
        return ok;
      }
      case 'DELETE /webhooks':
        controls.setWebhook(null);
        return ok;
      case 'POST /webhooks/chaos':
        controls.webhookChaos(body as WebhookChaos);
        return ok;
      case 'POST /webhooks/release':
        return { status: 200, body: { released: controls.releaseWebhooks({ reverse: body.reverse === true }) } };
      case 'GET /webhooks/deliveries':
        return { status: 200, body: controls.webhookDeliveries() };
      case 'POST /simulate/message': {
        if (typeof body.threadId !== 'string' || typeof body.content !== 'string' || body.content === '') {
          return { status: 400, body: { error: '{threadId, content} expected' } };
        }
        return simulate(() => controls.prospectWrites(body.threadId as string, body.content as string));
      }
      case 'POST /simulate/request': {
        if (typeof body.content !== 'string' || body.content === '') {
          return { status: 400, body: { error: '{content, displayName?, username?, accountLinkId?} expected' } };
        }
        const str = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
        return simulate(() =>
          controls.newRequest({
            content: body.content as string,
            displayName: str('displayName'),
            username: str('username'),
            accountLinkId: str('accountLinkId'),
          }),
        );
      }
      case 'GET /state':
        return {
          status: 200,
          body: {
            latencyMs,
            rateLimitPerMinute: limiter.limit,
            pendingFaults: faults.size(),
            requests: log.length,
            threadsByView: store.countByView(),
            lastSeq: store.events.lastSeq(),
            webhook: controls.webhookDeliveries().length,
          },
        };
      default:
        return { status: 404, body: { error: `No emulator control ${method} ${CONTROL_BASE}${path}` } };
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const handler =
      url.pathname === API_BASE || url.pathname.startsWith(`${API_BASE}/`)
        ? handleApi
        : url.pathname.startsWith(`${CONTROL_BASE}/`)
          ? handleControl
          : null;
    if (!handler) {
      send(res, { status: 404, body: { error: { code: 'NOT_FOUND', message: 'Not found', status: 404 } } });
      return;
    }
    handler(req, res, url).catch((error: unknown) => {
      console.error('inbox emulator: request failed', error);
      if (!res.headersSent) send(res, errorReply(new ApiError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error')));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${host}:${address.port}`;

  return {
    url: `${origin}${API_BASE}`,
    origin,
    controls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        webhooks.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function simulate(run: () => unknown): Reply {
  try {
    return { status: 200, body: run() };
  } catch (error) {
    if (error instanceof ApiError) return errorReply(error);
    throw error;
  }
}

function authorized(header: string | undefined, token: string | undefined): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match !== null && (token === undefined || match[1] === token);
}

function errorReply(error: ApiError): Reply {
  return { status: error.status, body: error.body() };
}

function faultReply(fault: Exclude<Fault, { kind: 'drop' | 'hang' }>): Reply {
  switch (fault.kind) {
    case 'not-json':
      return { status: 200, body: NOT_JSON_BODY, text: NOT_JSON_BODY, contentType: 'text/html; charset=utf-8' };
    case 'bad-schema':
      return { status: 200, body: BAD_SCHEMA_BODY };
    case 'status': {
      const code = fault.code ?? defaultCode(fault.status);
      const message = fault.message ?? STATUS_CODES[fault.status] ?? 'Error';
      const headers: Record<string, string> =
        fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) };
      const body = fault.flat
        ? { error: STATUS_CODES[fault.status] ?? code, message }
        : { error: { code, message, status: fault.status } };
      return { status: fault.status, body, headers };
    }
  }
}

function defaultCode(status: number): string {
  const known: Record<number, string> = { 400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };
  if (known[status]) return known[status];
  if (status === 429) return 'RATE_LIMITED';
  return (STATUS_CODES[status] ?? 'ERROR').toUpperCase().replace(/[^A-Z]+/g, '_');
}

function rateHeaders(rate: RateState): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(rate.limit),
    'X-RateLimit-Remaining': String(rate.remaining),
    'X-RateLimit-Reset': String(rate.reset),
  };
}

function send(res: ServerResponse, reply: Reply): void {
  const payload = reply.text ?? JSON.stringify(reply.body);
  const headers: Record<string, string | number> = { ...reply.headers, 'Content-Length': Buffer.byteLength(payload) };
  const contentType = contentTypeOf(reply);
  if (contentType) headers['Content-Type'] = contentType;
  res.writeHead(reply.status, headers);
  res.end(payload);
}

function contentTypeOf(reply: Reply): string | null {
  if (reply.text === undefined) return 'application/json; charset=utf-8';
  return reply.contentType ?? null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseOrRaw(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
