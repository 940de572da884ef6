/**
 * The Inbox API v1 client (axios + zod). See types.ts for the contract and README notes in the
 * final report: per-attempt timeout + overall deadline (AbortSignal), retries with full-jitter
 * backoff for idempotent methods only, capped Retry-After, pacing from X-RateLimit-* headers,
 * zod-validated responses, one redacted error type.
 */
import http from 'node:http';
import https from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import { describeZodError, errorFromResponse, InboxApiError, parseRetryAfter, redact } from './errors.js';
import {
  buildEventListQuery,
  buildMessageListQuery,
  buildThreadListQuery,
  type QueryEntries,
  toQueryString,
} from './filters.js';
import { paginate } from './paginate.js';
import { readRateLimitHeaders } from './rate-limit.js';
import { decideRetry, type HttpMethod } from './retry.js';
import { InboxScheduler, QuotaWaitExceeded } from './scheduler.js';
import {
  AccountLinksSchema,
  type EventPage,
  EventPageSchema,
  INBOX_ID_PATTERN,
  MemberSchema,
  MembersSchema,
  type MessagePage,
  MessagePageSchema,
  MessageSchema,
  NullableThreadSchema,
  StatusesSchema,
  TagsSchema,
  TeamSchema,
  type ThreadPage,
  ThreadPageSchema,
  ThreadSchema,
  ThreadsSchema,
} from './schemas.js';
import type {
  CallOptions,
  InboxClient,
  ListEventsParams,
  ListMessagesParams,
  ListThreadsParams,
  LookupThreadParams,
} from './types.js';

export const DEFAULT_BASE_URL = 'https://inboxapp.com/api/v1';

/** Bolt-style logger (structurally compatible with @slack/bolt's Logger). */
export interface InboxLogger {
  debug(...msg: unknown[]): void;
  info(...msg: unknown[]): void;
  warn(...msg: unknown[]): void;
  error(...msg: unknown[]): void;
}

export interface InboxClientOptions {
  /** Default https://inboxapp.com/api/v1; a trailing slash is tolerated. */
  baseUrl?: string;
  /** The team's API token (Bearer). Never logged, never put in an error. */
  token: string;
  /** Per-attempt limit, ms (default 10 000). Enforced with an AbortSignal, so a dripping or hanging server is cut off. */
  timeoutMs?: number;
  /** Overall limit for one call including retries and waits, ms (default 25 000). */
  deadlineMs?: number;
  /** Retries after the first attempt for idempotent methods (default 3). POST is never retried. */
  maxRetries?: number;
  /** Backoff base, ms (default 250): retry n waits uniform[0, base·2^n). */
  retryBaseMs?: number;
  logger?: InboxLogger;
  /** Injectable for tests: waits `ms`, rejecting if `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injectable clock, epoch ms (default Date.now). */
  now?: () => number;
  /** Injectable randomness for jitter (default Math.random). */
  random?: () => number;
  /**
   * The process's one Inbox budget (priorities, quota from X-RateLimit-*). Default: a scheduler of this client's
   * own; the runtime passes one shared by every client of the team.
   */
  scheduler?: InboxScheduler;
  /** Tell a caller waiting in the scheduler's queue after this long, ms (default 2 000). */
  queuedNoticeMs?: number;
  /** Keep-alive agent socket bound (default 16). */
  maxSockets?: number;
}

/** What `createInboxClient` returns: the contract plus message-page iteration and agent cleanup. */
export interface InboxClientHandle extends InboxClient {
  /** Every page of a thread's messages, in order (same loop protection as threads). */
  iterateMessagePages(threadId: string, params?: ListMessagesParams, opts?: CallOptions): AsyncIterable<MessagePage>;
  /** Latest X-RateLimit-* snapshot seen (null before the first response). */
  rateLimit(): { limit: number | null; remaining: number; resetAtMs: number } | null;
  /** The scheduler every request goes through. */
  readonly scheduler: InboxScheduler;
  /** Destroys the keep-alive sockets. */
  close(): void;
}

interface CallSpec<T> {
  method: HttpMethod;
  /** Path template, e.g. `/threads/{threadId}`. */
  template: string;
  pathParams?: Record<string, string>;
  query?: QueryEntries;
  body?: unknown;
  /** null: the response body is ignored (DELETE). */
  schema: z.ZodType<T> | null;
}

const defaultSleep = (ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }).then(() => undefined);

const silentLogger: InboxLogger = { debug() {}, info() {}, warn() {}, error() {} };

export function createInboxClient(options: InboxClientOptions): InboxClientHandle {
  if (!options.token) throw new TypeError('createInboxClient: token is required');
  const token = options.token;
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadlineMs = options.deadlineMs ?? 25_000;
  const maxRetries = options.maxRetries ?? 3;
  const retryBaseMs = options.retryBaseMs ?? 250;
  const logger = options.logger ?? silentLogger;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const scheduler =
    options.scheduler ??
    new InboxScheduler({ now, sleep, ...(options.queuedNoticeMs ? { queuedNoticeMs: options.queuedNoticeMs } : {}) });
  const maxSockets = options.maxSockets ?? 16;
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets });
  const axiosInstance: AxiosInstance = axios.create({
    httpAgent,
    httpsAgent,
    timeout: 0, // per-attempt and overall limits are AbortSignals (axios `timeout` is only a socket-idle timeout)
    maxRedirects: 0,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxContentLength: 20 * 1024 * 1024,
  });
  const clean = (text: string) => redact(text, [token]);
  // Built once: a call only picks one of the two.
  const baseHeaders: Record<string, string> = {
    Accept: 'application/json',
    Authorization: `Bearer ${token}`,
    'User-Agent': 'inbox-slack',
  };
  const jsonHeaders: Record<string, string> = { ...baseHeaders, 'Content-Type': 'application/json' };

  function buildPath(spec: CallSpec<unknown>, endpoint: string): string {
    return spec.template.replace(/\{(\w+)\}/g, (_match, name: string) => {
      const value = spec.pathParams?.[name];
      if (typeof value !== 'string' || !INBOX_ID_PATTERN.test(value)) {
        throw new InboxApiError({
          kind: 'invalid_request',
          endpoint,
          message: `invalid ${name} ${JSON.stringify(clean(String(value)).slice(0, 64))}: expected an Inbox ID matching ^[0-9a-z]+$`,
        });
      }
      return encodeURIComponent(value);
    });
  }

  function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      return { ok: false };
    }
  }

  async function call<T>(spec: CallSpec<T>, opts: CallOptions = {}): Promise<T> {
    const endpoint = `${spec.method} ${spec.template}`;
    const path = buildPath(spec as CallSpec<unknown>, endpoint);
    const qs = spec.query && spec.query.length > 0 ? `?${toQueryString(spec.query)}` : '';
    const url = `${baseUrl}${path}${qs}`;
    const callerSignal = opts.signal;
    const started = now();
    // A caller that tells its user it is queued may wait longer for the quota than for Inbox (queueDeadlineMs);
    // once a request leaves the queue it still gets a full attempt.
    let deadlineAt = started + deadlineMs;
    const queueDeadlineAt = started + Math.max(deadlineMs, opts.queueDeadlineMs ?? 0);
    // One place in line for the whole call: a retry goes back where the first attempt stood.
    const seq = scheduler.nextSeq();
    let attempts = 0;

    const interrupted = (): InboxApiError | null => {
      if (callerSignal?.aborted) {
        return new InboxApiError({ kind: 'aborted', endpoint, message: 'aborted by the caller', attempts });
      }
      if (now() >= deadlineAt) {
        return new InboxApiError({
          kind: 'timeout',
          endpoint,
          message: `no answer within the ${deadlineMs} ms deadline (${attempts} attempt${attempts === 1 ? '' : 's'})`,
          attempts,
        });
      }
      return null;
    };

    const wait = async (ms: number): Promise<void> => {
      try {
        await sleep(Math.min(ms, Math.max(0, deadlineAt - now())), callerSignal);
      } catch (err) {
        throw interrupted() ?? err;
      }
      const stop = interrupted();
      if (stop) throw stop;
    };

    const schedule = {
      ...(opts.priority ? { priority: opts.priority } : {}),
      ...(callerSignal ? { signal: callerSignal } : {}),
      ...(opts.onQueued ? { onQueued: opts.onQueued } : {}),
      deadlineAt: queueDeadlineAt,
      seq,
    };
    for (;;) {
      const stop = interrupted();
      if (stop) throw stop;
      try {
        const result = await scheduler.schedule(schedule, () => {
          attempts += 1;
          deadlineAt = Math.max(deadlineAt, Math.min(queueDeadlineAt, now() + timeoutMs));
          return attempt(spec, endpoint, url, deadlineAt, callerSignal, interrupted);
        });
        logger.debug(`inbox ${endpoint}: ok in ${now() - started} ms (attempt ${attempts})`);
        return result;
      } catch (err) {
        if (err instanceof QuotaWaitExceeded) {
          throw new InboxApiError({
            kind: 'rate_limited',
            endpoint,
            status: null,
            message: `rate limited: ${err.message}`,
            retryAfterSeconds: Math.ceil(err.waitMs / 1000),
            attempts,
          });
        }
        if (!(err instanceof InboxApiError)) throw interrupted() ?? err;
        err.attempts = attempts;
        if (err.kind === 'aborted') throw err;
        const decision = decideRetry({
          method: spec.method,
          error: err,
          retriesDone: attempts - 1,
          maxRetries,
          retryBaseMs,
          timeLeftMs: deadlineAt - now(),
          random,
        });
        if (!decision.retry) {
          if (decision.reason !== 'not-retryable') {
            logger.debug(`inbox ${endpoint}: not retrying (${decision.reason}) after ${attempts} attempt(s)`);
          }
          throw err;
        }
        logger.warn(`inbox ${err.message}; retry ${attempts}/${maxRetries} in ${decision.delayMs} ms`);
        // After a team-wide 429 the scheduler holds every request until Retry-After: the retry waits there, in its
        // place. Anything else waits here.
        if (!(err.kind === 'rate_limited' && scheduler.blocked())) await wait(decision.delayMs);
      }
    }
  }

  async function attempt<T>(
    spec: CallSpec<T>,
    endpoint: string,
    url: string,
    deadlineAt: number,
    callerSignal: AbortSignal | undefined,
    interrupted: () => InboxApiError | null,
  ): Promise<T> {
    const attemptBudget = Math.max(0, Math.min(timeoutMs, deadlineAt - now()));
    // One timer per attempt: it also enforces the call's deadline (the budget never runs past it).
    const timeout = AbortSignal.timeout(attemptBudget);
    let response: AxiosResponse<string>;
    try {
      response = await axiosInstance.request<string>({
        url,
        method: spec.method,
        headers: spec.body === undefined ? baseHeaders : jsonHeaders,
        data: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: callerSignal ? AbortSignal.any([timeout, callerSignal]) : timeout,
      });
    } catch (err) {
      const stop = interrupted();
      if (stop) throw stop;
      if (timeout.aborted) {
        throw new InboxApiError({ kind: 'timeout', endpoint, message: `no response within ${attemptBudget} ms` });
      }
      // Only the error code travels on: axios errors hold the request config and its Authorization header.
      const code = typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : null;
      const text = err instanceof Error ? clean(err.message) : 'request failed';
      throw new InboxApiError({ kind: 'network', endpoint, message: `network error: ${text}`, causeCode: code });
    }

    const responseHeaders = response.headers as Record<string, unknown>;
    scheduler.observe(readRateLimitHeaders(responseHeaders));
    const status = response.status;
    const text = typeof response.data === 'string' ? response.data : String(response.data ?? '');
    if (status < 200 || status >= 300) {
      const safe = clean(text);
      const body = safe.trim() === '' ? undefined : parseJson(safe);
      const retryAfterSeconds = parseRetryAfter(responseHeaders['retry-after'], now());
      // A 429 whose headers say the team's window is spent stops every request until Retry-After. One with quota
      // left in its headers is a narrower limit (e.g. sends per account): only this call waits, in its retry.
      const teamWide = status === 429 && (scheduler.rateLimit?.remaining ?? 0) <= 0;
      if (teamWide) scheduler.blockFor((retryAfterSeconds ?? 1) * 1000);
      throw errorFromResponse({ endpoint, status, body: body?.ok ? body.value : undefined, retryAfterSeconds });
    }

    if (spec.schema === null) return undefined as T;
    const parsed = text.trim() === '' ? ({ ok: true, value: undefined } as const) : parseJson(text);
    if (!parsed.ok) {
      const type = String(responseHeaders['content-type'] ?? 'no content-type');
      throw new InboxApiError({
        kind: 'bad_response',
        endpoint,
        status,
        message: `response is not JSON (${clean(type)}): ${JSON.stringify(clean(text.slice(0, 80)))}`,
      });
    }
    if (parsed.value === undefined) {
      throw new InboxApiError({ kind: 'bad_response', endpoint, status, message: 'empty response body' });
    }
    const result = spec.schema.safeParse(parsed.value);
    if (!result.success) {
      throw new InboxApiError({ kind: 'bad_response', endpoint, status, message: describeZodError(result.error) });
    }
    return result.data;
  }

  function requireNonEmpty(value: string | undefined, what: string, endpoint: string): void {
    if (!value || value.trim() === '') {
      throw new InboxApiError({ kind: 'invalid_request', endpoint, message: `${what} is required` });
    }
  }

  /** The account link and the one prospect identifier that lookup and create both take, checked. */
  function threadKey(params: LookupThreadParams, endpoint: string): Array<[string, string]> {
    requireNonEmpty(params.accountLinkId, 'accountLinkId', endpoint);
    if (!params.externalPlatformId && !params.externalId) {
      throw new InboxApiError({
        kind: 'invalid_request',
        endpoint,
        message: 'externalPlatformId or externalId is required',
      });
    }
    const key: Array<[string, string]> = [['accountLinkId', params.accountLinkId]];
    if (params.externalPlatformId) key.push(['externalPlatformId', params.externalPlatformId]);
    if (params.externalId) key.push(['externalId', params.externalId]);
    return key;
  }

  const listThreads = async (params: ListThreadsParams = {}, opts?: CallOptions) =>
    call(
      {
        method: 'GET',
        template: '/threads',
        query: queryOrThrow('GET /threads', () => buildThreadListQuery(params)),
        schema: ThreadPageSchema,
      },
      opts,
    );

  const listMessages = async (threadId: string, params: ListMessagesParams = {}, opts?: CallOptions) =>
    call(
      {
        method: 'GET',
        template: '/threads/{threadId}/messages',
        pathParams: { threadId },
        query: queryOrThrow('GET /threads/{threadId}/messages', () => buildMessageListQuery(params)),
        schema: MessagePageSchema,
      },
      opts,
    );

  const listEvents = async (params: ListEventsParams = {}, opts?: CallOptions) =>
    call(
      {
        method: 'GET',
        template: '/events',
        query: queryOrThrow('GET /events', () => buildEventListQuery(params)),
        schema: EventPageSchema,
      },
      opts,
    );

  async function* iterateEvents(params: ListEventsParams = {}, opts?: CallOptions): AsyncIterable<EventPage> {
    let afterSeq = params.afterSeq ?? null;
    for (;;) {
      const page = await listEvents({ ...params, afterSeq }, opts);
      yield page;
      if (!page.hasMore || page.lastSeq === null) return;
      if (afterSeq !== null && page.lastSeq <= afterSeq) {
        throw new InboxApiError({
          kind: 'bad_response',
          endpoint: 'GET /events',
          message: `lastSeq ${page.lastSeq} does not move past afterSeq ${afterSeq}`,
        });
      }
      afterSeq = page.lastSeq;
    }
  }

  return {
    getTeam: async (opts) => call({ method: 'GET', template: '/team', schema: TeamSchema }, opts),
    listMembers: (opts) => call({ method: 'GET', template: '/members', schema: MembersSchema }, opts),
    getMember: (memberId, opts) =>
      call({ method: 'GET', template: '/members/{memberId}', pathParams: { memberId }, schema: MemberSchema }, opts),
    listAccountLinks: (opts) => call({ method: 'GET', template: '/account-links', schema: AccountLinksSchema }, opts),
    listTags: (opts) => call({ method: 'GET', template: '/tags', schema: TagsSchema }, opts),
    listStatuses: (opts) => call({ method: 'GET', template: '/statuses', schema: StatusesSchema }, opts),

    listThreads,
    iterateThreadPages: (params = {}, opts) =>
      paginate<ThreadPage>('GET /threads', params.cursor, (cursor) => listThreads({ ...params, cursor }, opts)),

    lookupThread: async (params, opts) => {
      const query: QueryEntries = threadKey(params, 'GET /threads/lookup');
      return call({ method: 'GET', template: '/threads/lookup', query, schema: NullableThreadSchema }, opts);
    },

    lookupThreadsByUsername: async (username, accountLinkIds, opts) => {
      const endpoint = 'GET /threads/lookup-by-username';
      const handle = (username ?? '').trim().replace(/^@/, '');
      requireNonEmpty(handle, 'username', endpoint);
      const query: QueryEntries = [['username', handle]];
      accountLinkIds?.forEach((id, i) => {
        query.push([`accountLinkIds[${i}]`, id]);
      });
      return call({ method: 'GET', template: '/threads/lookup-by-username', query, schema: ThreadsSchema }, opts);
    },

    createThread: async (params, opts) => {
      const body = Object.fromEntries(threadKey(params, 'POST /threads'));
      return call({ method: 'POST', template: '/threads', body, schema: ThreadSchema }, opts);
    },

    getThread: (threadId, opts) =>
      call({ method: 'GET', template: '/threads/{threadId}', pathParams: { threadId }, schema: ThreadSchema }, opts),

    updateThread: async (threadId, params, opts) => {
      const body: Record<string, unknown> = {};
      if (params.done !== undefined) body.done = params.done;
      if (params.assigneeId !== undefined) body.assigneeId = params.assigneeId;
      return call(
        { method: 'PATCH', template: '/threads/{threadId}', pathParams: { threadId }, body, schema: ThreadSchema },
        opts,
      );
    },

    deleteThread: async (threadId, opts) => {
      await call({ method: 'DELETE', template: '/threads/{threadId}', pathParams: { threadId }, schema: null }, opts);
    },

    listMessages,
    iterateMessagePages: (threadId, params = {}, opts) =>
      paginate<MessagePage>('GET /threads/{threadId}/messages', params.cursor, (cursor) =>
        listMessages(threadId, { ...params, cursor }, opts),
      ),

    sendMessage: async (threadId, params, opts) => {
      const endpoint = 'POST /threads/{threadId}/messages';
      if (typeof params.content !== 'string' || params.content.length === 0) {
        throw new InboxApiError({ kind: 'invalid_request', endpoint, message: 'content must not be empty' });
      }
      const body: Record<string, string> = { content: params.content };
      if (params.replyToMessageId) body.replyToMessageId = params.replyToMessageId;
      return call(
        {
          method: 'POST',
          template: '/threads/{threadId}/messages',
          pathParams: { threadId },
          body,
          schema: MessageSchema,
        },
        opts,
      );
    },

    listEvents,
    iterateEvents,

    rateLimit: () => (scheduler.rateLimit ? { ...scheduler.rateLimit } : null),
    scheduler,
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/** Turns a builder's RangeError (e.g. limit out of range) into an invalid_request error. */
function queryOrThrow(endpoint: string, build: () => QueryEntries): QueryEntries {
  try {
    return build();
  } catch (err) {
    throw new InboxApiError({
      kind: 'invalid_request',
      endpoint,
      message: err instanceof Error ? err.message : 'invalid parameters',
    });
  }
}
