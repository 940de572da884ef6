/**
 * Exactly-once claims for scheduled digests, one per (team, channel, slot), kept in the state store (a row
 * inserted with ON CONFLICT DO NOTHING: one winner among restarts, overlapping runs and replicas). A run renews
 * its claim while it works; a claim whose owner stopped renewing (crash, SIGKILL) expires after the TTL and is
 * reported 'stale', so the run that finds it can check Slack before taking it over.
 */
import type { ClaimRow, Store, Claim as StoreClaim } from '../store/index.js';

export type ClaimOutcome = 'claimed' | 'posted' | 'empty-skipped' | 'released' | 'uncertain';

export interface ClaimRecord {
  channel: string;
  slot: string;
  generation: number;
  /** host:pid:instance of the process that holds or held it. */
  owner: string;
  claimedAt: string;
  outcome: ClaimOutcome;
  finishedAt?: string;
  ts?: string;
  total?: number;
  reason?: string;
}

/** A claim this process holds: pass it back to renew(), complete() or release(). */
export type Claim = StoreClaim & { channel: string; slot: string };

export type ClaimResult =
  | { status: 'claimed'; claim: Claim }
  /** Posted, skipped as empty, or possibly posted (uncertain): never run again. */
  | { status: 'done'; record: ClaimRecord }
  /** Another live owner holds it right now. */
  | { status: 'in-progress'; record: ClaimRecord }
  /** Its owner stopped renewing it (crash) and recorded no outcome: it may or may not have posted. */
  | { status: 'stale'; record: ClaimRecord };

export type FinishedOutcome =
  | { outcome: 'posted'; ts: string; total: number }
  | { outcome: 'empty-skipped'; total: 0 }
  | { outcome: 'uncertain'; reason: string };

export interface DigestClaims {
  /** How long a claim lives without a renew(). */
  readonly ttlMs: number;
  claim(channel: string, slot: string, options?: { takeOverStale?: boolean }): Promise<ClaimResult>;
  /** Heartbeat: false when the claim is no longer this run's (it expired and another copy took it). */
  renew(claim: Claim): Promise<boolean>;
  complete(claim: Claim, result: FinishedOutcome): Promise<void>;
  /** Gives the slot back so that a later attempt can post it. */
  release(claim: Claim, reason: string): Promise<void>;
  get(channel: string, slot: string): Promise<ClaimRecord | null>;
  /**
   * The on-demand posting window of a channel: one holder per `windowMs`, whoever and wherever asks (a row in the
   * store, so replicas sharing a database agree). 'held' names who took it and when.
   */
  claimWindow(
    channel: string,
    requestedBy: string,
    windowMs: number,
  ): Promise<{ status: 'claimed'; claim: Claim } | { status: 'held'; requestedBy: string | null; since: Date }>;
}

export const DIGEST_CLAIM_SCOPE = 'digest';
export const DIGEST_WINDOW_SCOPE = 'digest-post';
const REQUESTER = 'slack:';

export interface DigestClaimsOptions {
  /** The Slack team the digest belongs to (auth.test), the first part of every key. */
  teamId: () => Promise<string>;
  ttlMs: number;
}

function toRecord(channel: string, slot: string, row: ClaimRow): ClaimRecord {
  const result = (row.result ?? {}) as Partial<FinishedOutcome> & { reason?: string };
  const outcome: ClaimOutcome =
    row.status === 'held' ? 'claimed' : row.status === 'released' ? 'released' : (result.outcome ?? 'posted');
  return {
    channel,
    slot,
    generation: row.generation,
    owner: row.owner,
    claimedAt: row.claimedAt.toISOString(),
    outcome,
    ...(row.finishedAt ? { finishedAt: row.finishedAt.toISOString() } : {}),
    ...('ts' in result && result.ts ? { ts: result.ts } : {}),
    ...('total' in result && typeof result.total === 'number' ? { total: result.total } : {}),
    ...(result.reason ? { reason: result.reason } : {}),
  };
}

export function createDigestClaims(store: Store, options: DigestClaimsOptions): DigestClaims {
  const keyOf = async (channel: string, slot: string) => ({
    teamId: await options.teamId(),
    scope: DIGEST_CLAIM_SCOPE,
    key: `${channel}/${slot}`,
  });
  return {
    ttlMs: options.ttlMs,

    async claim(channel, slot, claimOptions = {}) {
      const attempt = await store.claims.acquire(await keyOf(channel, slot), {
        ttlMs: options.ttlMs,
        takeOverExpired: claimOptions.takeOverStale ?? false,
      });
      switch (attempt.status) {
        case 'claimed':
          return { status: 'claimed', claim: { ...attempt.claim, channel, slot } };
        case 'done':
          return { status: 'done', record: toRecord(channel, slot, attempt.row) };
        case 'held':
          return { status: 'in-progress', record: toRecord(channel, slot, attempt.row) };
        case 'expired':
          return { status: 'stale', record: toRecord(channel, slot, attempt.row) };
      }
    },

    renew: (claim) => store.claims.renew(claim, options.ttlMs),

    async complete(claim, result) {
      if (!(await store.claims.finish(claim, result))) {
        throw new Error(`the claim on ${claim.slot} was taken over by another copy before its outcome was recorded`);
      }
    },

    async release(claim, reason) {
      await store.claims.release(claim, { reason });
    },

    async claimWindow(channel, requestedBy, windowMs) {
      const key = { teamId: await options.teamId(), scope: DIGEST_WINDOW_SCOPE, key: channel };
      const attempt = await store.claims.acquire(key, {
        ttlMs: windowMs,
        owner: `${REQUESTER}${requestedBy}`,
        takeOverExpired: true,
      });
      if (attempt.status === 'claimed')
        return { status: 'claimed', claim: { ...attempt.claim, channel, slot: 'manual' } };
      const owner = attempt.row.owner;
      return {
        status: 'held',
        requestedBy: owner.startsWith(REQUESTER) ? owner.slice(REQUESTER.length) : null,
        since: attempt.row.claimedAt,
      };
    },

    async get(channel, slot) {
      const row = await store.claims.get(await keyOf(channel, slot));
      return row ? toRecord(channel, slot, row) : null;
    },
  };
}
