/**
 * "First seen" records with a time to live: firstSeen() is one INSERT … ON CONFLICT statement that answers true
 * exactly once per key while the record lives (an expired record counts as unseen and is renewed). Use it to
 * drop duplicates: webhook deliveries, replayed Slack requests, "notified once" markers.
 */
import type { Kysely } from 'kysely';
import { checkKey, type StoreKey, where } from './keys.js';
import type { Database } from './schema.js';

export interface SeenStore {
  /** true the first time `key` is seen within `ttlMs`; false for every repeat until the record expires. */
  firstSeen(key: StoreKey, ttlMs: number): Promise<boolean>;
  /** Whether a live record exists (does not create one). */
  has(key: StoreKey): Promise<boolean>;
}

export function createSeenStore(db: Kysely<Database>, clock: () => Date): SeenStore {
  return {
    async firstSeen(key, ttlMs) {
      checkKey(key);
      const now = clock().getTime();
      const row = await db
        .insertInto('seen')
        .values({ ...where(key), first_seen_at: now, expires_at: now + ttlMs })
        .onConflict((oc) =>
          oc
            .columns(['team_id', 'scope', 'key'])
            .doUpdateSet({ first_seen_at: now, expires_at: now + ttlMs })
            .where('seen.expires_at', '<=', now),
        )
        .returning('first_seen_at')
        .executeTakeFirst();
      return row !== undefined;
    },

    async has(key) {
      const row = await db
        .selectFrom('seen')
        .select('expires_at')
        .where((eb) => eb.and(where(key)))
        .where('expires_at', '>', clock().getTime())
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
