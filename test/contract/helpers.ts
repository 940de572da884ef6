/** Helpers shared by the contract tests. */
import type { ApiCursor, ApiThread, InboxEmulator } from '../../sandbox/inbox-emulator/index.js';
import { callInbox } from '../support/inbox-emulator.js';

export interface ThreadPage {
  threads: ApiThread[];
  nextCursor: ApiCursor | null;
}

export async function listThreads(emulator: InboxEmulator, query = ''): Promise<ThreadPage> {
  const res = await callInbox<ThreadPage>(emulator, '/threads', { query });
  if (res.status !== 200) throw new Error(`GET /threads?${query} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Walks every page (cursorId/cursorTimestamp), returning the threads and the number of pages. */
export async function listAllThreads(
  emulator: InboxEmulator,
  query = '',
): Promise<{ threads: ApiThread[]; pages: number }> {
  const threads: ApiThread[] = [];
  let cursor: ApiCursor | null = null;
  let pages = 0;
  do {
    const cursorQuery: string = cursor
      ? `cursorId=${cursor.id}&cursorTimestamp=${encodeURIComponent(cursor.timestamp)}`
      : '';
    const page = await listThreads(emulator, [query, cursorQuery].filter(Boolean).join('&'));
    threads.push(...page.threads);
    cursor = page.nextCursor;
    pages++;
    if (pages > 10_000) throw new Error('pagination does not end');
  } while (cursor);
  return { threads, pages };
}

export const ids = (threads: { id: string }[]) => threads.map((t) => t.id);
