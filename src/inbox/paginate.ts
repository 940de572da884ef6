/**
 * Cursor pagination (pure apart from the injected page fetcher). Stops on `nextCursor: null`.
 * A cursor the server already handed out means the walk would loop forever: that is a broken
 * response, so it throws `InboxApiError` kind 'bad_response' rather than stopping silently
 * (stopping would pass off a partial list as complete).
 */
import { InboxApiError } from './errors.js';
import type { Cursor } from './schemas.js';

export function cursorKey(cursor: Cursor): string {
  return `${cursor.timestamp}\u0000${cursor.id}`;
}

export async function* paginate<Page extends { nextCursor: Cursor | null }>(
  endpoint: string,
  firstCursor: Cursor | null | undefined,
  fetchPage: (cursor: Cursor | null) => Promise<Page>,
): AsyncGenerator<Page, void, undefined> {
  const seen = new Set<string>();
  let cursor: Cursor | null = firstCursor ?? null;
  if (cursor) seen.add(cursorKey(cursor));
  let pages = 0;
  for (;;) {
    const page = await fetchPage(cursor);
    pages += 1;
    yield page;
    const next = page.nextCursor;
    if (next === null) return;
    const key = cursorKey(next);
    if (seen.has(key)) {
      throw new InboxApiError({
        kind: 'bad_response',
        endpoint,
        status: 200,
        message: `pagination cursor repeated after page ${pages} (id ${next.id}, timestamp ${next.timestamp}); stopping to avoid a loop`,
      });
    }
    seen.add(key);
    cursor = next;
  }
}
