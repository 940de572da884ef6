/** The address of every stored row: the Slack team first (multi-workspace ready), then a scope and a key. */
export interface StoreKey {
  /** The Slack team (workspace) ID, e.g. T0123ABCD. */
  teamId: string;
  /** What kind of row: 'digest', 'slack-request', 'inbox-seq', 'settings:user'… (one per feature). */
  scope: string;
  key: string;
}

const LIMITS = { teamId: 64, scope: 64, key: 512 } as const;

/** Rejects empty or oversized parts before they reach SQL (they would be a programming error). */
export function checkKey(k: StoreKey): StoreKey {
  for (const part of ['teamId', 'scope', 'key'] as const) {
    const value = k[part];
    if (typeof value !== 'string' || value.length === 0 || value.length > LIMITS[part]) {
      throw new TypeError(`store key: ${part} must be a string of 1 to ${LIMITS[part]} characters`);
    }
  }
  return k;
}

export const where = (k: StoreKey) => ({ team_id: k.teamId, scope: k.scope, key: k.key });
