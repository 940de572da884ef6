/**
 * The one error type the Inbox client throws. It carries what a caller (and the Slack UI) needs —
 * kind, HTTP status, the API's code and message, the endpoint — and nothing that could leak a secret:
 * no axios config, request or response objects (they hold the Authorization header).
 */
import { inspect } from 'node:util';
import type { z } from 'zod';

export type InboxErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'invalid_request'
  | 'server'
  | 'timeout'
  | 'network'
  | 'bad_response'
  /** The caller's own AbortSignal fired. */
  | 'aborted';

export interface InboxApiErrorInit {
  kind: InboxErrorKind;
  /** `METHOD /path/{template}`, e.g. `GET /threads/{threadId}`. */
  endpoint: string;
  /** Human-readable detail (already free of secrets). */
  message: string;
  /** HTTP status, or null when no response arrived (network, timeout, aborted, invalid request). */
  status?: number | null;
  /** The API's machine code (`THREAD_NOT_FOUND`, `RATE_LIMITED`, `UNAUTHORIZED`…), when it sent one. */
  code?: string | null;
  /** The API's own human message, when it sent one. */
  apiMessage?: string | null;
  /** Seconds to wait, from `Retry-After` (kind 'rate_limited'). */
  retryAfterSeconds?: number | null;
  /** How many HTTP attempts were made (0 when the request never left). */
  attempts?: number;
  /** A low-level error code such as ECONNRESET (never the error object itself). */
  causeCode?: string | null;
}

export class InboxApiError extends Error {
  override readonly name = 'InboxApiError';
  readonly kind: InboxErrorKind;
  readonly endpoint: string;
  readonly status: number | null;
  readonly code: string | null;
  readonly apiMessage: string | null;
  readonly retryAfterSeconds: number | null;
  /** How many HTTP attempts were made (set by the client). */
  attempts: number;
  readonly causeCode: string | null;

  constructor(init: InboxApiErrorInit) {
    super(`${init.endpoint}: ${init.message}`);
    this.kind = init.kind;
    this.endpoint = init.endpoint;
    this.status = init.status ?? null;
    this.code = init.code ?? null;
    this.apiMessage = init.apiMessage ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.attempts = init.attempts ?? 0;
    this.causeCode = init.causeCode ?? null;
  }

  /** True for failures worth retrying later (rate limits, server errors, timeouts, network). */
  get transient(): boolean {
    return ['rate_limited', 'server', 'timeout', 'network'].includes(this.kind);
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      endpoint: this.endpoint,
      status: this.status,
      code: this.code,
      message: this.message,
      apiMessage: this.apiMessage,
      retryAfterSeconds: this.retryAfterSeconds,
      attempts: this.attempts,
      causeCode: this.causeCode,
    };
  }

  [inspect.custom](): string {
    return `InboxApiError ${inspect(this.toJSON(), { breakLength: Number.POSITIVE_INFINITY })}`;
  }
}

export function isInboxApiError(value: unknown): value is InboxApiError {
  return value instanceof InboxApiError;
}

/** HTTP status → error kind. */
export function kindForStatus(status: number): InboxErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  if (status >= 400) return 'invalid_request';
  return 'bad_response';
}

export interface ParsedErrorBody {
  code: string | null;
  message: string | null;
}

/**
 * Reads both documented error shapes: `{error:{code,message,status}}` and the quick-start's flat
 * `{error:"Unauthorized",message:"…"}`. Anything else yields nulls (the status still decides the kind).
 */
export function parseErrorBody(body: unknown): ParsedErrorBody {
  if (typeof body !== 'object' || body === null) return { code: null, message: null };
  const record = body as Record<string, unknown>;
  const error = record.error;
  if (typeof error === 'object' && error !== null) {
    const inner = error as Record<string, unknown>;
    return {
      code: typeof inner.code === 'string' ? inner.code : null,
      message: typeof inner.message === 'string' ? inner.message : null,
    };
  }
  if (typeof error === 'string') {
    return {
      code: error.trim().replace(/\s+/g, '_').toUpperCase() || null,
      message: typeof record.message === 'string' ? record.message : error,
    };
  }
  return {
    code: typeof record.code === 'string' ? record.code : null,
    message: typeof record.message === 'string' ? record.message : null,
  };
}

/** Parses `Retry-After` (delta seconds or an HTTP date) into whole seconds, or null. */
export function parseRetryAfter(value: unknown, nowMs: number): number | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = String(value).trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text));
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/** Builds the error for a non-2xx response. */
export function errorFromResponse(args: {
  endpoint: string;
  status: number;
  body: unknown;
  retryAfterSeconds?: number | null;
}): InboxApiError {
  const { code, message } = parseErrorBody(args.body);
  const kind = kindForStatus(args.status);
  const retryAfterSeconds = kind === 'rate_limited' ? (args.retryAfterSeconds ?? null) : null;
  let detail = `HTTP ${args.status}`;
  if (code) detail += ` ${code}`;
  if (message) detail += `: ${message}`;
  if (kind === 'rate_limited' && retryAfterSeconds !== null) {
    detail = `rate limited, retry after ${retryAfterSeconds} s (${detail})`;
  }
  return new InboxApiError({
    kind,
    endpoint: args.endpoint,
    status: args.status,
    code,
    apiMessage: message,
    retryAfterSeconds,
    message: detail,
  });
}

/** `threads[3].prospect.username` from a zod issue path. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Describes the first (and count of further) zod issues: `threads[3].prospect.username: expected string`. */
export function describeZodError(error: z.ZodError): string {
  const [first, ...rest] = error.issues;
  if (!first) return 'response did not match the schema';
  const what =
    first.code === 'invalid_type' ? `expected ${String((first as { expected?: unknown }).expected)}` : first.message;
  const more = rest.length > 0 ? ` (and ${rest.length} more issue${rest.length > 1 ? 's' : ''})` : '';
  return `${formatIssuePath(first.path)}: ${what}${more}`;
}

/** Removes every occurrence of a secret from a text (defence in depth for server-echoed text). */
export function redact(text: string, secrets: ReadonlyArray<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}
