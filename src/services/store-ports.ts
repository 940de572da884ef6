/**
 * The slices of the state store (src/store, issue 11) that the personal reminders and the team settings use:
 * versioned per-team records with compare-and-set, and claims for exactly-once work. The store's own
 * RecordStore and ClaimStore satisfy these structurally; tests may pass anything that keeps the same promises.
 */
export interface StoreKey {
  teamId: string;
  scope: string;
  key: string;
}

export interface VersionedRecord<T> {
  value: T;
  /** 1 on the first write, +1 on every write. */
  version: number;
  updatedAt: Date;
}

export type PutResult<T> = { ok: true; version: number } | { ok: false; current: VersionedRecord<T> | null };

export interface RecordsPort {
  get<T = unknown>(key: StoreKey): Promise<VersionedRecord<T> | null>;
  /** expectedVersion: undefined = write anyway; null = only if absent; n = only if the stored version is n. */
  put<T = unknown>(key: StoreKey, value: T, options?: { expectedVersion?: number | null }): Promise<PutResult<T>>;
  delete(key: StoreKey, options?: { expectedVersion?: number }): Promise<boolean>;
  list<T = unknown>(
    teamId: string,
    scope: string,
    options?: { prefix?: string; limit?: number },
  ): Promise<Array<VersionedRecord<T> & { key: string }>>;
}

export interface PortClaim extends StoreKey {
  owner: string;
  generation: number;
}

export type PortClaimAttempt =
  | { status: 'claimed'; claim: PortClaim }
  | { status: 'held' }
  | { status: 'done' }
  | { status: 'expired' };

export interface ClaimsPort {
  acquire(key: StoreKey, options: { ttlMs: number }): Promise<PortClaimAttempt>;
  finish(claim: PortClaim, result?: unknown): Promise<boolean>;
  release(claim: PortClaim, result?: unknown): Promise<boolean>;
  get(key: StoreKey): Promise<{ status: 'held' | 'done' | 'released' } | null>;
}
