/**
 * Claims with an owner and an expiry. acquire() is an INSERT … ON CONFLICT DO NOTHING; a released claim, or a
 * held one whose expiry has passed (its owner crashed), is taken over by one conditional UPDATE that bumps the
 * generation. Both are single statements, so two replicas racing for the same key get exactly one winner on
 * SQLite and PostgreSQL alike. The holder renews (heartbeat) while it works, and finishes or releases at the end.
 */
import type { Kysely, Selectable } from 'kysely';
import { checkKey, type StoreKey, where } from './keys.js';
import type { ClaimsTable, Database } from './schema.js';

export interface Claim extends StoreKey {
  owner: string;
  generation: number;
  claimedAt: Date;
  expiresAt: Date;
}

export interface ClaimRow extends Claim {
  status: 'held' | 'done' | 'released';
  finishedAt: Date | null;
  /** What finish() or release() recorded (parsed JSON), or null. */
  result: unknown;
}

export type ClaimAttempt =
  /** Yours. `previous` is the released or expired claim it replaced (null for a first claim). */
  | { status: 'claimed'; claim: Claim; previous: ClaimRow | null }
  /** Another owner holds it and its expiry has not passed. */
  | { status: 'held'; row: ClaimRow }
  /** Finished: never claimable again (until pruned). */
  | { status: 'done'; row: ClaimRow }
  /** Its owner let it expire without finishing (crash); returned only with `takeOverExpired: false`. */
  | { status: 'expired'; row: ClaimRow };

export interface AcquireOptions {
  /** Who claims (default: this store's owner id, host:pid:instance). */
  owner?: string;
  /** How long the claim lasts without a renew(). */
  ttlMs: number;
  /** Take over an expired claim at once (default true); false returns 'expired' so the caller can look first. */
  takeOverExpired?: boolean;
}

export interface ClaimStore {
  acquire(key: StoreKey, options: AcquireOptions): Promise<ClaimAttempt>;
  /** Extends the expiry; false when the claim is no longer yours (taken over, finished, pruned). */
  renew(claim: Claim, ttlMs: number): Promise<boolean>;
  /** Marks it done for good, with a result; false when it is no longer yours. */
  finish(claim: Claim, result?: unknown): Promise<boolean>;
  /** Gives it back so the next acquire() takes it; false when it is no longer yours. */
  release(claim: Claim, result?: unknown): Promise<boolean>;
  get(key: StoreKey): Promise<ClaimRow | null>;
}

function toRow(r: Selectable<ClaimsTable>): ClaimRow {
  return {
    teamId: r.team_id,
    scope: r.scope,
    key: r.key,
    owner: r.owner,
    generation: Number(r.generation),
    status: r.status,
    claimedAt: new Date(Number(r.claimed_at)),
    expiresAt: new Date(Number(r.expires_at)),
    finishedAt: r.finished_at === null ? null : new Date(Number(r.finished_at)),
    result: r.result === null ? null : JSON.parse(r.result),
  };
}

const toClaim = ({ teamId, scope, key, owner, generation, claimedAt, expiresAt }: ClaimRow): Claim => ({
  teamId,
  scope,
  key,
  owner,
  generation,
  claimedAt,
  expiresAt,
});

export function createClaimStore(db: Kysely<Database>, clock: () => Date, defaultOwner: string): ClaimStore {
  const get = async (key: StoreKey) => {
    const row = await db
      .selectFrom('claims')
      .selectAll()
      .where((eb) => eb.and(where(key)))
      .executeTakeFirst();
    return row ? toRow(row) : null;
  };

  /** Updates the claim only while `claim` (owner + generation) still holds it. */
  const ifStillMine = async (claim: Claim, set: Partial<ClaimsTable>) => {
    const result = await db
      .updateTable('claims')
      .set(set)
      .where((eb) => eb.and({ ...where(claim), owner: claim.owner, generation: claim.generation, status: 'held' }))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  };

  return {
    get,

    async acquire(key, options) {
      checkKey(key);
      const owner = options.owner ?? defaultOwner;
      const takeOver = options.takeOverExpired ?? true;
      for (let round = 0; round < 3; round++) {
        const now = clock().getTime();
        const expiresAt = now + options.ttlMs;
        const inserted = await db
          .insertInto('claims')
          .values({
            ...where(key),
            owner,
            generation: 1,
            status: 'held',
            claimed_at: now,
            expires_at: expiresAt,
            finished_at: null,
            result: null,
          })
          .onConflict((oc) => oc.columns(['team_id', 'scope', 'key']).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (inserted) return { status: 'claimed', claim: toClaim(toRow(inserted)), previous: null };

        const current = await get(key);
        if (!current) continue; // pruned between the two statements: insert again
        const expired = current.status === 'held' && current.expiresAt.getTime() <= now;
        if (current.status === 'done') return { status: 'done', row: current };
        if (current.status === 'held' && !expired) return { status: 'held', row: current };
        if (expired && !takeOver) return { status: 'expired', row: current };

        // Released, or expired: take it over only if it is still exactly what we saw (one winner).
        const taken = await db
          .updateTable('claims')
          .set({
            owner,
            generation: current.generation + 1,
            status: 'held',
            claimed_at: now,
            expires_at: expiresAt,
            finished_at: null,
            result: null,
          })
          .where((eb) =>
            eb.and({ ...where(key), generation: current.generation, status: current.status, owner: current.owner }),
          )
          .returningAll()
          .executeTakeFirst();
        if (taken) return { status: 'claimed', claim: toClaim(toRow(taken)), previous: current };
        // Someone else changed it first: look again.
      }
      const row = await get(key);
      if (row?.status === 'done') return { status: 'done', row };
      if (row) return { status: 'held', row };
      throw new Error(`could not settle the claim ${key.scope}/${key.key}`);
    },

    renew: (claim, ttlMs) => ifStillMine(claim, { expires_at: clock().getTime() + ttlMs }),

    finish: (claim, result) =>
      ifStillMine(claim, {
        status: 'done',
        finished_at: clock().getTime(),
        result: result === undefined ? null : JSON.stringify(result),
      }),

    release: (claim, result) =>
      ifStillMine(claim, {
        status: 'released',
        finished_at: clock().getTime(),
        result: result === undefined ? null : JSON.stringify(result),
      }),
  };
}
