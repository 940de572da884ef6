/**
 * The digest job: collect (stream the no-reply view) → summarise → build → post, with exactly-once claims per
 * scheduled slot. Every path returns a typed outcome; nothing throws out of postNow / runScheduledSlot.
 *
 * Exactly once, per (channel, slot):
 * 1. the claim in the state store (a row inserted ON CONFLICT DO NOTHING, renewed while the run works, taken
 *    over once expired) — restarts, overlapping runs and replicas sharing one database;
 * 2. Slack message metadata (`inbox_digest_posted`) — checked when a slot is caught up late, when a claim was left
 *    by a process that died mid-run, and when a post's response was lost (the SDK never retries the post).
 */
import type { Logger } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { buildDigestMessage, redrawDigestMessage } from '../blocks/digest-message.js';
import { carriableThreads, idForLog } from '../blocks/ids.js';
import type { DigestConfig } from '../config.js';
import type { AccountLink } from '../inbox/schemas.js';
import type { InboxClient } from '../inbox/types.js';
import type { Directory, DirectoryService } from '../services/directory.js';
import type { Claim, DigestClaims, FinishedOutcome } from './claims.js';
import { collectNoReply, type DigestSummary, type PagingStrategy } from './collect.js';
import {
  classifySlackError,
  DIGEST_EVENT_TYPE,
  type DigestMetadataPayload,
  type DigestPoster,
  type FoundDigest,
} from './poster.js';
import { createDigestSchedule, type DigestSchedule } from './schedule.js';

export type DigestTrigger = { kind: 'command'; userId: string } | { kind: 'cli' };

export type DigestFailureKind =
  /** DIGEST_CHANNEL missing, DIGEST_ACCOUNTS names no connected account. */
  | 'config'
  /** Inbox failed or rate-limited past the run's deadline (or refused the token). */
  | 'inbox'
  /** The bot is not in the channel, or the channel is gone. */
  | 'channel'
  /** Slack refused or kept rate-limiting the post: not posted. */
  | 'slack'
  /** The post may or may not have reached Slack; not retried, to avoid a duplicate. */
  | 'uncertain'
  /** The scheduler stopped during the run, before anything was posted. */
  | 'aborted'
  /** The state store (database) could not be used: nothing was posted. */
  | 'store';

export interface DigestFailure {
  kind: DigestFailureKind;
  message: string;
}

export type DigestOutcome =
  | { status: 'posted'; channel: string; ts: string; total: number; slot: string | null }
  | { status: 'empty-skipped'; channel: string; slot: string | null }
  | { status: 'already-posted'; channel: string; slot: string; ts: string | null; via: 'claim' | 'slack-metadata' }
  /** Another run (this process or another) holds the slot's claim right now. */
  | { status: 'in-progress'; channel: string; slot: string }
  /** `/inbox digest post` within ON_DEMAND_WINDOW_MS of another digest in the channel: not posted again. */
  | { status: 'recently-posted'; channel: string; ts: string | null; minutesAgo: number; by: string | null }
  | { status: 'failed'; error: DigestFailure };

export interface DigestPreview {
  text: string;
  blocks: KnownBlock[];
  summary: DigestSummary;
}

export interface DigestRetryOptions {
  /** Give up (and release the claim) once a run has lasted this long. */
  deadlineMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface DigestDeps {
  inbox: Pick<InboxClient, 'iterateThreadPages'>;
  directory: DirectoryService;
  poster: DigestPoster;
  claims: DigestClaims;
  clock: () => Date;
  logger: Logger;
  config: DigestConfig;
  /** "Open in Inbox" link template (`{threadId}`). */
  inboxAppUrl: string;
  /** Waits `ms` (rejects when `signal` aborts). Defaults to a real timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  retry?: Partial<DigestRetryOptions>;
  /** Thread cards shown at most (the builder may show fewer to stay within 50 blocks). */
  maxCards?: number;
  /** Default: 'per-account' when the digest covers more than one connected account, else 'sequential'. */
  paging?: PagingStrategy;
  /** Parallel account walks at most (per-account paging). */
  concurrency?: number;
}

export interface Digest {
  readonly schedule: DigestSchedule;
  /** The message as it would be posted now (for the ephemeral `/inbox digest` preview). Throws on Inbox errors. */
  preview(now?: Date): Promise<DigestPreview>;
  /** Posts to DIGEST_CHANNEL now, outside the schedule (`/inbox digest post`, `npm run digest`). */
  postNow(trigger: DigestTrigger, options?: { signal?: AbortSignal }): Promise<DigestOutcome>;
  /**
   * A posted digest brought up to date: its header, longest wait and totals recounted from Inbox now (the same
   * paging as a run), its cards kept as they are in `blocks`. The caller edits the message (chat.update or a
   * click's response_url): a click on a digest card calls it, and so can anything that learns Inbox changed.
   * Concurrent calls share one count. Throws on Inbox errors.
   */
  redraw(blocks: readonly KnownBlock[], now?: Date): Promise<{ text: string; blocks: KnownBlock[] }>;
  /** Posts the digest of one scheduled slot at most once, whatever the restarts and copies. */
  runScheduledSlot(slot: Date, options?: ScheduledRunOptions): Promise<DigestOutcome>;
}

export interface ScheduledRunOptions {
  /** The slot is run after its time (catch-up): Slack's metadata is checked before posting. */
  late?: boolean;
  signal?: AbortSignal;
  /**
   * When another copy holds the slot, wait for its claim (renewed while that copy works) and take the slot over
   * if the claim expires, i.e. that copy died mid-run (the scheduler does this; a direct call returns at once).
   */
  followOthers?: boolean;
}

export const DEFAULT_RETRY: DigestRetryOptions = { deadlineMs: 15 * 60_000, baseDelayMs: 5_000, maxDelayMs: 120_000 };
export const DEFAULT_MAX_CARDS = 10;
/** A digest posted to the channel less than this long ago is not posted again on demand. */
export const ON_DEMAND_WINDOW_MS = 10 * 60_000;
export const NOT_IN_CHANNEL_HINT = 'Invite the bot to the channel with `/invite @Inbox`';

class DigestConfigError extends Error {}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Inbox errors that another attempt cannot fix. */
function isPermanent(error: unknown): boolean {
  if (error instanceof DigestConfigError) return true;
  const kind = (error as { kind?: string })?.kind;
  return kind === 'unauthorized' || kind === 'forbidden' || kind === 'invalid_request' || kind === 'not_found';
}

function retryAfterMs(error: unknown): number {
  const e = error as { kind?: string; retryAfterSeconds?: number | null };
  return e?.kind === 'rate_limited' && e.retryAfterSeconds ? e.retryAfterSeconds * 1000 : 0;
}

type PostResult =
  | { kind: 'posted'; ts: string }
  | { kind: 'not-posted'; failure: DigestFailure }
  | { kind: 'uncertain'; failure: DigestFailure };

export function createDigest(deps: DigestDeps): Digest {
  const { inbox, directory, poster, claims, clock, logger, config } = deps;
  const schedule = createDigestSchedule(config.schedule, config.timezone);
  const sleep = deps.sleep ?? defaultSleep;
  const retry: DigestRetryOptions = { ...DEFAULT_RETRY, ...deps.retry };
  const maxCards = deps.maxCards ?? DEFAULT_MAX_CARDS;

  async function resolveAccounts(dir: Directory): Promise<{ dir: Directory; ids: string[] | undefined }> {
    if (config.accounts.length === 0) return { dir, ids: undefined };
    const wanted = config.accounts.map((h) => h.replace(/^@/, '').toLowerCase());
    const match = (links: AccountLink[]) =>
      wanted.map((handle) => links.find((l) => l.username.toLowerCase() === handle) ?? null);
    let found = match(dir.accountLinks);
    if (found.includes(null)) {
      dir = await directory.refresh();
      found = match(dir.accountLinks);
    }
    const missing = wanted.filter((_, i) => found[i] === null);
    if (missing.length === wanted.length) {
      throw new DigestConfigError(
        `DIGEST_ACCOUNTS names no connected account (${missing.map((m) => `@${m}`).join(', ')}); connected: ${
          dir.accountLinks.map((l) => `@${l.username}`).join(', ') || 'none'
        }`,
      );
    }
    if (missing.length > 0) {
      logger.warn(`digest: DIGEST_ACCOUNTS lists unknown accounts, ignored: ${missing.map((m) => `@${m}`).join(', ')}`);
    }
    return { dir, ids: found.flatMap((l) => (l ? [l.id] : [])) };
  }

  async function gather(now: Date, signal?: AbortSignal): Promise<{ summary: DigestSummary; dir: Directory }> {
    const resolved = await resolveAccounts(await directory.get());
    // One walk per connected account in parallel whenever there is more than one (as fast as the quota allows).
    const accounts = resolved.ids?.length ?? resolved.dir.accountLinks.length;
    const paging = deps.paging ?? (accounts > 1 ? 'per-account' : 'sequential');
    const accountLinkIds =
      resolved.ids ?? (paging === 'per-account' ? resolved.dir.accountLinks.map((l) => l.id) : undefined);
    const summary = await collectNoReply({
      inbox,
      now,
      topK: maxCards,
      minAgeMs: config.minAgeMs,
      ...(config.tagIds?.length || config.assigneeIds?.length
        ? {
            filters: {
              ...(config.tagIds?.length ? { tagIds: config.tagIds } : {}),
              ...(config.assigneeIds?.length ? { assigneeIds: config.assigneeIds } : {}),
            },
          }
        : {}),
      paging,
      ...(accountLinkIds ? { accountLinkIds } : {}),
      ...(deps.concurrency ? { concurrency: deps.concurrency } : {}),
      ...(signal ? { signal } : {}),
    });
    return { summary, dir: resolved.dir };
  }

  const messageContext = (dir: Directory, now: Date, requestedBy: string | null = null) => ({
    directory: dir,
    now,
    inboxAppUrl: deps.inboxAppUrl,
    filters: { accounts: config.accounts, minAgeMs: config.minAgeMs },
    requestedBy,
  });

  function render(summary: DigestSummary, dir: Directory, now: Date, requestedBy: string | null = null) {
    const skipped = carriableThreads(summary.top).skipped;
    if (skipped.length > 0) {
      logger.warn(
        `digest: left ${skipped.length} thread(s) out of the cards: their Inbox ID cannot be carried in Slack (${skipped
          .slice(0, 3)
          .map(idForLog)
          .join(', ')})`,
      );
    }
    return buildDigestMessage(summary, messageContext(dir, now, requestedBy));
  }

  /** One count at a time for redraws: clicks arriving together share it. */
  let counting: Promise<{ summary: DigestSummary; dir: Directory }> | null = null;
  const countNow = (now: Date) => {
    counting ??= gather(now).finally(() => {
      counting = null;
    });
    return counting;
  };

  const backoff = (attempt: number) => Math.min(retry.baseDelayMs * 2 ** attempt, retry.maxDelayMs);

  /** Collects with retries and backoff until the run's deadline. */
  async function gatherWithRetry(deadline: number, signal?: AbortSignal) {
    for (let attempt = 0; ; attempt++) {
      try {
        return { ok: true as const, ...(await gather(clock(), signal)), attempts: attempt + 1 };
      } catch (error) {
        if (signal?.aborted) return { ok: false as const, failure: aborted() };
        if (error instanceof DigestConfigError) {
          return { ok: false as const, failure: { kind: 'config' as const, message: error.message } };
        }
        const delay = Math.max(backoff(attempt), retryAfterMs(error));
        if (isPermanent(error) || clock().getTime() + delay > deadline) {
          return {
            ok: false as const,
            failure: {
              kind: 'inbox' as const,
              message: `Inbox failed after ${attempt + 1} attempt(s): ${describeError(error)}`,
            },
          };
        }
        logger.warn(
          `digest: Inbox failed (attempt ${attempt + 1}), retrying in ${Math.round(delay / 1000)} s: ${describeError(error)}`,
        );
        try {
          await sleep(delay, signal);
        } catch {
          return { ok: false as const, failure: aborted() };
        }
      }
    }
  }

  const aborted = (): DigestFailure => ({ kind: 'aborted', message: 'stopped before posting (shutdown)' });

  async function lookup(channel: string, slotKey: string, slot: Date): Promise<FoundDigest | null | 'unknown'> {
    if (!poster.findDigest) return 'unknown';
    try {
      return await poster.findDigest(channel, slotKey, slot);
    } catch (error) {
      logger.warn(
        `digest: could not read ${channel}'s history to check for the ${slotKey} digest: ${describeError(error)}`,
      );
      return 'unknown';
    }
  }

  /** Posts once; retries only when Slack certainly did not post (rate limit), or when history proves it did not. */
  async function post(
    channel: string,
    message: { text: string; blocks: KnownBlock[] },
    payload: DigestMetadataPayload,
    deadline: number,
    check: { slotKey: string; slot: Date } | null,
    signal?: AbortSignal,
  ): Promise<PostResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        const { ts } = await poster.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks,
          metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: payload },
        });
        return { kind: 'posted', ts };
      } catch (error) {
        const failure = classifySlackError(error);
        if (failure.kind === 'channel') {
          const message = `cannot post to ${channel} (${failure.code}). ${NOT_IN_CHANNEL_HINT}, and check that DIGEST_CHANNEL is the channel's ID (C…), not its name.`;
          return { kind: 'not-posted', failure: { kind: 'channel', message } };
        }
        if (failure.kind === 'rejected') {
          return {
            kind: 'not-posted',
            failure: { kind: 'slack', message: `Slack refused the digest: ${failure.code}` },
          };
        }
        let delay = Math.max(backoff(attempt), failure.kind === 'rate-limited' ? failure.retryAfterMs : 0);
        if (failure.kind === 'ambiguous') {
          const found = check ? await lookup(channel, check.slotKey, check.slot) : 'unknown';
          if (found !== 'unknown' && found !== null) return { kind: 'posted', ts: found.ts };
          if (found === 'unknown') {
            return {
              kind: 'uncertain',
              failure: {
                kind: 'uncertain',
                message: `the post to ${channel} failed without an answer (${failure.code}); it may have been posted, so it is not retried`,
              },
            };
          }
          delay = backoff(attempt);
        }
        if (clock().getTime() + delay > deadline || signal?.aborted) {
          return {
            kind: 'not-posted',
            failure: {
              kind: 'slack',
              message: `Slack did not take the digest after ${attempt + 1} attempt(s): ${describeError(error)}`,
            },
          };
        }
        logger.warn(
          `digest: posting to ${channel} failed (${describeError(error)}), retrying in ${Math.round(delay / 1000)} s`,
        );
        try {
          await sleep(delay, signal);
        } catch {
          return { kind: 'not-posted', failure: aborted() };
        }
      }
    }
  }

  /** The body of a run once the claim (if any) is held. */
  async function execute(
    channel: string,
    trigger: DigestMetadataPayload['trigger'],
    slot: { key: string; at: Date } | null,
    signal?: AbortSignal,
    stillMine: () => Promise<boolean> = async () => true,
    requestedBy: string | null = null,
  ): Promise<
    | { kind: 'posted'; ts: string; total: number }
    | { kind: 'empty-skipped' }
    | { kind: 'lost-claim' }
    | { kind: 'failed'; failure: DigestFailure; uncertain: boolean }
  > {
    const deadline = clock().getTime() + retry.deadlineMs;
    const gathered = await gatherWithRetry(deadline, signal);
    if (!gathered.ok) return { kind: 'failed', failure: gathered.failure, uncertain: false };
    const { summary, dir } = gathered;
    if (summary.total === 0 && config.skipEmpty) return { kind: 'empty-skipped' };
    if (signal?.aborted) return { kind: 'failed', failure: aborted(), uncertain: false };
    const now = clock();
    const message = render(summary, dir, now, requestedBy);
    const payload: DigestMetadataPayload = {
      channel,
      slot: slot?.key ?? 'manual',
      total: summary.total,
      trigger,
      requested_by: requestedBy ?? '',
    };
    const check = slot ? { slotKey: slot.key, slot: slot.at } : null;
    // Another copy took the slot over (this run stalled past the claim's TTL): it posts, not this one.
    if (!(await stillMine())) return { kind: 'lost-claim' };
    // The post itself is not aborted by a shutdown: it is one request, and stop() waits for it.
    const result = await post(channel, message, payload, deadline, check, signal);
    if (result.kind === 'posted') return { kind: 'posted', ts: result.ts, total: summary.total };
    return { kind: 'failed', failure: result.failure, uncertain: result.kind === 'uncertain' };
  }

  function logFailure(what: string, failure: DigestFailure, released: boolean) {
    const tail = released
      ? ' The slot is released: a restart within DIGEST_GRACE, or `/inbox digest post`, can post it.'
      : failure.kind === 'uncertain'
        ? ' The slot is marked uncertain and will not be posted again automatically; check the channel.'
        : '';
    const line = `digest: ${what} failed: ${failure.message}.${tail}`;
    if (failure.kind === 'aborted') logger.warn(line);
    else logger.error(line);
  }

  async function settle(claim: Claim, outcome: FinishedOutcome) {
    try {
      await claims.complete(claim, outcome);
    } catch (error) {
      logger.error(
        `digest: posted, but could not record the ${claim.slot} outcome in the state store: ${describeError(error)}`,
      );
    }
  }

  async function release(claim: Claim, reason: string) {
    try {
      await claims.release(claim, reason);
    } catch (error) {
      logger.error(`digest: could not release the ${claim.slot} claim: ${describeError(error)}`);
    }
  }

  /**
   * Before an on-demand post: take the channel's 10-minute window in the store (one winner however many ask at
   * once), then read the channel's history for a digest posted in the last 10 minutes by any copy or by the
   * schedule (the cross-replica truth). Either one found means: not again now.
   */
  async function recentDigest(
    channel: string,
    requestedBy: string,
  ): Promise<{ kind: 'recent'; outcome: DigestOutcome } | { kind: 'clear'; claim: Claim | null }> {
    const now = clock();
    const minutesSince = (at: Date) => Math.max(0, Math.floor((now.getTime() - at.getTime()) / 60_000));
    let claim: Claim | null = null;
    try {
      const window = await claims.claimWindow(channel, requestedBy, ON_DEMAND_WINDOW_MS);
      if (window.status === 'held') {
        return {
          kind: 'recent',
          outcome: {
            status: 'recently-posted',
            channel,
            ts: null,
            minutesAgo: minutesSince(window.since),
            by: window.requestedBy,
          },
        };
      }
      claim = window.claim;
    } catch (error) {
      logger.warn(
        `digest: the state store could not be asked for ${channel}'s posting window: ${describeError(error)}`,
      );
    }
    if (poster.findLatest) {
      try {
        const found = await poster.findLatest(channel, new Date(now.getTime() - ON_DEMAND_WINDOW_MS));
        if (found) {
          if (claim) await claims.release(claim, 'a digest is already in the channel').catch(() => {});
          const at = new Date(Number(found.ts) * 1000);
          return {
            kind: 'recent',
            outcome: {
              status: 'recently-posted',
              channel,
              ts: found.ts,
              minutesAgo: minutesSince(at),
              by: found.requestedBy,
            },
          };
        }
      } catch (error) {
        logger.warn(`digest: could not read ${channel}'s history for a recent digest: ${describeError(error)}`);
      }
    }
    return { kind: 'clear', claim };
  }

  return {
    schedule,

    async preview(now = clock()) {
      const { summary, dir } = await gather(now);
      return { ...render(summary, dir, now), summary };
    },

    async redraw(blocks, now = clock()) {
      const { summary, dir } = await countNow(now);
      return redrawDigestMessage(blocks, summary, messageContext(dir, now));
    },

    async postNow(trigger, options = {}) {
      const channel = config.channel;
      if (!channel) {
        return {
          status: 'failed',
          error: { kind: 'config', message: 'DIGEST_CHANNEL is not set: there is no digest channel to post to' },
        };
      }
      const requestedBy = trigger.kind === 'command' ? trigger.userId : null;
      let window: Claim | null = null;
      if (requestedBy) {
        const recent = await recentDigest(channel, requestedBy);
        if (recent.kind === 'recent') return recent.outcome;
        window = recent.claim;
      }
      const result = await execute(channel, trigger.kind, null, options.signal, undefined, requestedBy);
      // Nothing was posted: the window opens again for the next request.
      if (window && result.kind !== 'posted') await claims.release(window, 'not posted').catch(() => {});
      if (result.kind === 'posted') {
        logger.info(`digest: posted on demand to ${channel} (${result.total} waiting, ts ${result.ts})`);
        return { status: 'posted', channel, ts: result.ts, total: result.total, slot: null };
      }
      if (result.kind === 'empty-skipped') return { status: 'empty-skipped', channel, slot: null };
      if (result.kind === 'lost-claim') return { status: 'failed', error: aborted() };
      logFailure(`the on-demand digest for ${channel}`, result.failure, false);
      return { status: 'failed', error: result.failure };
    },

    async runScheduledSlot(slot, options = {}) {
      const channel = config.channel;
      if (!channel) {
        return { status: 'failed', error: { kind: 'config', message: 'DIGEST_CHANNEL is not set' } };
      }
      const key = schedule.slotKey(slot);
      const what = `the ${key} digest for ${channel}`;
      let claimed: Awaited<ReturnType<DigestClaims['claim']>>;
      try {
        claimed = await claims.claim(channel, key);
        // Another copy is posting it: follow its claim until it is done, or expires because that copy died.
        const giveUpAt = slot.getTime() + config.graceMs;
        while (options.followOthers && claimed.status === 'in-progress') {
          const wait = Math.max(1_000, Date.parse(claimed.record.expiresAt) - clock().getTime() + 250);
          if (clock().getTime() + wait > giveUpAt || options.signal?.aborted) break;
          try {
            await sleep(wait, options.signal);
          } catch {
            break;
          }
          claimed = await claims.claim(channel, key);
        }
      } catch (error) {
        const message = `the state store could not be asked for the ${key} claim, so nothing was posted: ${describeError(error)}`;
        logger.error(`digest: ${message}`);
        return { status: 'failed', error: { kind: 'store', message } };
      }

      if (claimed.status === 'stale') {
        const found = await lookup(channel, key, slot);
        if (found === 'unknown') {
          const message = `a run of ${what} stopped mid-way (owner ${claimed.record.owner}) and Slack could not be checked, so it is not posted again to avoid a duplicate. Post it with \`/inbox digest post\` if it is missing`;
          logger.error(`digest: ${message}`);
          return { status: 'failed', error: { kind: 'uncertain', message } };
        }
        claimed = await claims.claim(channel, key, { takeOverStale: true });
        if (claimed.status === 'claimed' && found) {
          await settle(claimed.claim, { outcome: 'posted', ts: found.ts, total: found.total ?? 0 });
          logger.info(`digest: ${what} was already in Slack (ts ${found.ts}); recorded it`);
          return { status: 'already-posted', channel, slot: key, ts: found.ts, via: 'slack-metadata' };
        }
      }
      if (claimed.status === 'done') {
        logger.info(`digest: ${what} was already ${claimed.record.outcome}; not posting again`);
        return { status: 'already-posted', channel, slot: key, ts: claimed.record.ts ?? null, via: 'claim' };
      }
      if (claimed.status !== 'claimed') {
        logger.info(`digest: ${what} is being posted by another run; not posting`);
        return { status: 'in-progress', channel, slot: key };
      }
      const claim = claimed.claim;

      if (options.late) {
        // A late run (catch-up after a restart) is where a lost or reset state directory would double-post.
        const found = await lookup(channel, key, slot);
        if (found && found !== 'unknown') {
          await settle(claim, { outcome: 'posted', ts: found.ts, total: found.total ?? 0 });
          logger.info(`digest: ${what} was already in Slack (ts ${found.ts}); recorded it`);
          return { status: 'already-posted', channel, slot: key, ts: found.ts, via: 'slack-metadata' };
        }
      }

      // Heartbeat: keep the claim alive while this run works, so that only a crashed owner's claim expires.
      const heartbeat = setInterval(
        () => {
          claims
            .renew(claim)
            .catch((error) => logger.warn(`digest: could not renew the ${key} claim: ${describeError(error)}`));
        },
        Math.max(1_000, Math.floor(claims.ttlMs / 3)),
      );
      heartbeat.unref();
      let result: Awaited<ReturnType<typeof execute>>;
      try {
        result = await execute(channel, 'schedule', { key, at: slot }, options.signal, () => claims.renew(claim));
      } finally {
        clearInterval(heartbeat);
      }
      if (result.kind === 'lost-claim') {
        logger.warn(`digest: ${what} was taken over by another copy while this one was working; not posting`);
        return { status: 'in-progress', channel, slot: key };
      }
      if (result.kind === 'posted') {
        await settle(claim, { outcome: 'posted', ts: result.ts, total: result.total });
        logger.info(`digest: posted ${what} (${result.total} waiting, ts ${result.ts})`);
        return { status: 'posted', channel, ts: result.ts, total: result.total, slot: key };
      }
      if (result.kind === 'empty-skipped') {
        await settle(claim, { outcome: 'empty-skipped', total: 0 });
        logger.info(`digest: nothing is waiting; skipped ${what} (DIGEST_SKIP_EMPTY)`);
        return { status: 'empty-skipped', channel, slot: key };
      }
      if (result.uncertain) {
        await settle(claim, { outcome: 'uncertain', reason: result.failure.message });
        logFailure(what, result.failure, false);
      } else {
        await release(claim, result.failure.message);
        logFailure(what, result.failure, true);
      }
      return { status: 'failed', error: result.failure };
    },
  };
}
