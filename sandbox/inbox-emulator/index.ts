/**
 * The local Inbox API v1 emulator: a real node:http server over seeded, in-memory data, with
 * controls for latency, rate limits, faults, a request log and reset. See server.ts.
 */

import type { InboxEvent } from './events.js';
import type { SeedOptions } from './seed.js';
import type { EmulatorStore } from './store.js';
import type { ApiMessage, ApiThread } from './types.js';
import type { WebhookChaos, WebhookDelivery, WebhookTarget } from './webhooks.js';

export type { EventPage, InboxEvent, InboxEventType } from './events.js';
export type { SeedOptions } from './seed.js';
export { startInboxEmulator } from './server.js';
export type { EmulatorStore, GroupFilter, ThreadQuery } from './store.js';
export type * from './types.js';
export { inboxSignatureHeader, type WebhookChaos, type WebhookDelivery, type WebhookTarget } from './webhooks.js';

export interface InboxEmulatorOptions {
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, only `Authorization: Bearer <token>` is accepted; otherwise any non-empty bearer token. */
  token?: string;
  /** Default 300 (sliding minute window, team-wide). */
  rateLimitPerMinute?: number;
  /** Default 0; added before every API response. */
  latencyMs?: number;
  /** Clock; default `() => new Date()`. Seed ages are relative to now() at start/reset. */
  now?: () => Date;
  /** Default: the demo team (~300 threads). */
  seed?: SeedOptions;
  /** Called for every API response (and for dropped/hung requests, with status 0). */
  onResponse?: (record: LoggedRequest) => void;
  /** Deliver signed webhooks for every event to this target (also settable later; kept across reset()). */
  webhook?: WebhookTarget;
}

export interface InboxEmulator {
  /** Base URL of the API, e.g. http://127.0.0.1:4010/api/v1 */
  url: string;
  /** e.g. http://127.0.0.1:4010 */
  origin: string;
  controls: EmulatorControls;
  /** Closes every connection, hung ones included. */
  close(): Promise<void>;
}

/**
 * What an injected fault does to a request. By default the request fails BEFORE the API handles it (nothing is
 * stored); with `after: true` the API handles it first (a send is stored, a PATCH applied) and only then the
 * answer is lost: the hang, the reset or the error status replaces the real response. That is the case a
 * non-idempotent send must survive without sending twice.
 */
export type Fault = (
  | { kind: 'status'; status: number; code?: string; message?: string; retryAfterSeconds?: number; flat?: boolean }
  | { kind: 'drop' }
  | { kind: 'hang' }
  | { kind: 'not-json' }
  | { kind: 'bad-schema' }
) & { after?: boolean };

/**
 * Which requests a fault applies to. `path` is matched against the path below `/api/v1`
 * (e.g. `/threads/abc`): a string equals that path or its OpenAPI template (`/threads/{threadId}`);
 * a RegExp is tested against it. `method` is case-insensitive.
 */
export interface FaultMatch {
  method?: string;
  path?: RegExp | string;
}

export interface LoggedRequest {
  method: string;
  /** Path below `/api/v1`, e.g. `/threads/abc`. */
  path: string;
  /** The OpenAPI path template that matched (`/threads/{threadId}`), or null. */
  route: string | null;
  query: Record<string, string | string[]>;
  requestBody: unknown;
  /** 0 when the request was dropped or hung by a fault. */
  status: number;
  ms: number;
  contentType: string | null;
  /** Parsed JSON, or the raw text ('' when empty; null when no response was sent). */
  body: unknown;
  headers: Record<string, string>;
  /** The injected fault, if any. */
  fault: Fault | null;
  at: string;
}

export interface EmulatorControls {
  setLatency(ms: number): void;
  setRateLimit(perMinute: number): void;
  /** Fault injection for the next `count` API requests matching `match` (default: any). */
  failNext(count: number, fault: Fault, match?: FaultMatch): void;
  clearFaults(): void;
  requests(): LoggedRequest[];
  clearRequests(): void;
  /** Back to the seed; faults, request log and rate window cleared; latency and rate limit back to the start options. */
  reset(): void;
  /** Replaces the threads with exactly `noReplyThreads` no-reply threads (benchmarks). */
  loadLargeTeam(opts: { noReplyThreads: number; accounts?: number; members?: number }): void;
  /** Gives a thread another ID (e.g. one of 300 characters, which a Slack message cannot carry). */
  setThreadId(id: string, newId: string): void;
  /** Every retained event (what GET /events serves), oldest first. */
  events(): InboxEvent[];
  /** Where webhooks go (null: nowhere). Kept across reset(). */
  setWebhook(target: WebhookTarget | null): void;
  /** Misbehave on purpose: duplicate, hold (then release, maybe reversed), lose deliveries. */
  webhookChaos(chaos: WebhookChaos): void;
  /** Sends the held deliveries; returns how many. */
  releaseWebhooks(opts?: { reverse?: boolean }): number;
  webhookDeliveries(): WebhookDelivery[];
  /** Resolves when no webhook delivery or retry is in flight. */
  webhooksIdle(): Promise<void>;
  /** The outside world: the thread's prospect writes `content` (message.created; reopens a done thread). */
  prospectWrites(threadId: string, content: string): ApiMessage;
  /** The outside world: a new message request from a new prospect (thread.created + message.created). */
  newRequest(opts: { content: string; displayName?: string; username?: string; accountLinkId?: string }): {
    thread: ApiThread;
    message: ApiMessage;
  };
  /** Read access to the data, in the API's shapes. */
  store: EmulatorStore;
}
