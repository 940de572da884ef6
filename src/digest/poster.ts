/**
 * The Slack side of the digest, behind a narrow interface. In production it is a dedicated WebClient with
 * `retryConfig: { retries: 0 }` and `rejectRateLimitedCalls: true`: the SDK's own retries would re-send a
 * chat.postMessage whose response was lost and post the digest twice. The job decides what to retry.
 */
import type { KnownBlock } from '@slack/types';
import { type Logger, WebClient } from '@slack/web-api';

export const DIGEST_EVENT_TYPE = 'inbox_digest_posted';
/** Messages asked per conversations.history page, and pages read at most when looking for a digest. */
const HISTORY_PAGE = 100;
const HISTORY_MAX_PAGES = 50;
/** Per-call time limit of the digest's Slack calls (the SDK's default is none). */
export const DIGEST_SLACK_TIMEOUT_MS = 10_000;

export interface DigestMetadataPayload {
  [key: string]: string | number | boolean;
  channel: string;
  /** The slot key (local wall time in DIGEST_TIMEZONE), or "manual" for an on-demand post. */
  slot: string;
  total: number;
  trigger: 'schedule' | 'command' | 'cli';
  /** The Slack user who asked for an on-demand post ('' for the schedule and the CLI). */
  requested_by: string;
}

export interface DigestPostArgs {
  channel: string;
  text: string;
  blocks: KnownBlock[];
  metadata: { event_type: typeof DIGEST_EVENT_TYPE; event_payload: DigestMetadataPayload };
}

export interface FoundDigest {
  ts: string;
  total: number | null;
  /** Who asked for it (on-demand posts), or null. */
  requestedBy: string | null;
}

export interface DigestPoster {
  postMessage(args: DigestPostArgs): Promise<{ ts: string }>;
  /**
   * Second line of defence (optional): the digest this app already posted in `channel` for `slot`, read from
   * message metadata no earlier than `notBefore`. Throws when Slack cannot be asked (scope, membership, limits).
   */
  findDigest?(channel: string, slot: string, notBefore: Date): Promise<FoundDigest | null>;
  /** The newest digest of any slot this app posted in `channel` since `notBefore` (same reading as findDigest). */
  findLatest?(channel: string, notBefore: Date): Promise<FoundDigest | null>;
}

/** The slice of WebClient the poster uses (a real WebClient satisfies it). */
export interface DigestSlackClient {
  chat: { postMessage(args: DigestPostArgs): Promise<{ ok?: boolean; ts?: string; error?: string }> };
  conversations: {
    history(args: {
      channel: string;
      oldest?: string;
      limit?: number;
      cursor?: string;
      include_all_metadata?: boolean;
    }): Promise<{
      messages?: Array<{
        ts?: string;
        bot_id?: string;
        metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
      }>;
      has_more?: boolean;
      response_metadata?: { next_cursor?: string };
    }>;
  };
  auth: { test(): Promise<{ bot_id?: string }> };
}

export function createSlackDigestPoster(client: DigestSlackClient): DigestPoster {
  let botId: Promise<string | null> | null = null;
  const ownBotId = () => {
    botId ??= client.auth.test().then(
      (r) => r.bot_id ?? null,
      () => null,
    );
    return botId;
  };
  /**
   * The newest message of this app's since `notBefore` whose digest metadata passes `match`. Reads every message
   * since then, newest first, following the cursor: a busy channel can bury a digest under any number of later
   * messages. Past HISTORY_MAX_PAGES it throws (the caller then treats the answer as unknown).
   */
  const scan = async (
    channel: string,
    notBefore: Date,
    match: (payload: Record<string, unknown>) => boolean,
  ): Promise<FoundDigest | null> => {
    const mine = await ownBotId();
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_MAX_PAGES; page++) {
      const history = await client.conversations.history({
        channel,
        oldest: (Math.floor(notBefore.getTime() / 1000) - 1).toString(),
        limit: HISTORY_PAGE,
        include_all_metadata: true,
        ...(cursor ? { cursor } : {}),
      });
      for (const message of history.messages ?? []) {
        const meta = message.metadata;
        if (meta?.event_type !== DIGEST_EVENT_TYPE || !message.ts) continue;
        if (mine && message.bot_id && message.bot_id !== mine) continue;
        const payload = meta.event_payload ?? {};
        if (!match(payload)) continue;
        return {
          ts: message.ts,
          total: typeof payload.total === 'number' ? payload.total : null,
          requestedBy: typeof payload.requested_by === 'string' && payload.requested_by ? payload.requested_by : null,
        };
      }
      cursor = history.response_metadata?.next_cursor || undefined;
      if (!history.has_more || !cursor) return null;
    }
    throw new Error(
      `more than ${HISTORY_MAX_PAGES * HISTORY_PAGE} messages since ${notBefore.toISOString()}; the history was not read to the end`,
    );
  };
  return {
    async postMessage(args) {
      const result = await client.chat.postMessage(args);
      if (!result.ts) throw new Error(`chat.postMessage returned no ts${result.error ? ` (${result.error})` : ''}`);
      return { ts: result.ts };
    },
    findDigest: (channel, slot, notBefore) =>
      scan(channel, notBefore, (payload) => payload.slot === slot && payload.channel === channel),
    findLatest: (channel, notBefore) => scan(channel, notBefore, (payload) => payload.channel === channel),
  };
}

/** A WebClient just for the digest: no SDK retries (a lost response must not double-post), 429s surface at once. */
/** `logger` is required: the SDK's own console logger would bypass the app's secret scrubbing. */
export function createDigestWebClient(
  token: string,
  slackApiUrl: string | null | undefined,
  logger: Logger,
): WebClient {
  return new WebClient(token, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    logger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // A call that never answers must not hold the run (and the scheduler) forever.
    timeout: DIGEST_SLACK_TIMEOUT_MS,
  });
}

export type SlackFailure =
  /** Bot not in the channel, or the channel does not exist / is archived: an operator must act. */
  | { kind: 'channel'; code: string }
  /** Slack refused the message (invalid_blocks…): it was not posted; retrying will not help. */
  | { kind: 'rejected'; code: string }
  /** Rate limited: not posted; safe to retry after the wait. */
  | { kind: 'rate-limited'; retryAfterMs: number }
  /** Network error, timeout or 5xx: the message may or may not have been posted. */
  | { kind: 'ambiguous'; code: string };

const CHANNEL_ERRORS = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

export function classifySlackError(error: unknown): SlackFailure {
  const e = error as { code?: string; data?: { error?: string }; retryAfter?: number; message?: string };
  if (e?.code === 'slack_webapi_platform_error') {
    const code = e.data?.error ?? 'unknown_error';
    if (CHANNEL_ERRORS.has(code)) return { kind: 'channel', code };
    if (code === 'ratelimited' || code === 'rate_limited') return { kind: 'rate-limited', retryAfterMs: 60_000 };
    return { kind: 'rejected', code };
  }
  if (e?.code === 'slack_webapi_rate_limited_error') {
    return { kind: 'rate-limited', retryAfterMs: Math.max(1, e.retryAfter ?? 60) * 1000 };
  }
  return { kind: 'ambiguous', code: e?.code ?? (error instanceof Error ? error.name : 'unknown') };
}
