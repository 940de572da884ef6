/**
 * Collects the digest's numbers by streaming the whole `no-reply` view, page by page (limit 100), and keeping
 * only counters plus the K longest-waiting threads. Memory stays flat whatever N is: one page and K threads.
 */
import { parseTimestamp } from '../blocks/escape.js';
import type { Thread } from '../inbox/schemas.js';
import type { CallOptions, InboxClient, ListThreadsParams, ThreadFilters } from '../inbox/types.js';

export const PAGE_LIMIT = 100;

export interface CountRow {
  /** Member ID or account link ID; null for "unassigned". */
  id: string | null;
  count: number;
}

export interface DigestSummary {
  /** Threads waiting (after the age filter). */
  total: number;
  /** When the longest-waiting thread's wait began; null when nothing waits. */
  oldestSince: Date | null;
  /** Counts by assignee, largest first (null = unassigned). */
  byAssignee: CountRow[];
  /** Counts by connected account, largest first. */
  byAccount: CountRow[];
  /** The K longest-waiting threads, oldest first. */
  top: Thread[];
  /** Inbox list requests made (pages fetched). */
  requests: number;
  /** Threads seen before the age filter. */
  scanned: number;
}

export type PagingStrategy = 'sequential' | 'per-account';

export interface CollectOptions {
  inbox: Pick<InboxClient, 'iterateThreadPages'>;
  now: Date;
  /** How many longest-waiting threads to keep. */
  topK: number;
  /** Restrict to these account links (server-side filter); undefined = every account. */
  accountLinkIds?: string[];
  /** Only threads waiting at least this long. */
  minAgeMs?: number | null;
  /** Server-side filters (tags, assignees) applied to every walk. */
  filters?: Pick<ThreadFilters, 'tagIds' | 'assigneeIds'>;
  /**
   * 'sequential': one paginated walk of the view, exactly ⌈N/100⌉ requests.
   * 'per-account': one walk per account in parallel (needs `accountLinkIds`), Σ⌈Nᵢ/100⌉ requests.
   */
  paging?: PagingStrategy;
  /** Parallel walks at most (per-account paging). */
  concurrency?: number;
  signal?: AbortSignal;
}

/** When the thread's wait began: the prospect's last message, else the thread's own timestamps. */
export function waitingSince(thread: Thread): Date | null {
  return (
    parseTimestamp(thread.lastMessage?.createdAt) ??
    parseTimestamp(thread.lastMessageTimestamp) ??
    parseTimestamp(thread.computedSortTimestamp) ??
    parseTimestamp(thread.createdAt)
  );
}

interface Ranked {
  since: number;
  thread: Thread;
}

/** Keeps the K smallest `since` (oldest first) with binary insertion; ties broken by thread ID for stable output. */
export class OldestK {
  private readonly items: Ranked[] = [];
  constructor(private readonly k: number) {}

  offer(since: number, thread: Thread): void {
    if (this.k <= 0) return;
    const last = this.items[this.items.length - 1];
    if (this.items.length >= this.k && last && !before(since, thread.id, last)) return;
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const item = this.items[mid] as Ranked;
      if (before(since, thread.id, item)) hi = mid;
      else lo = mid + 1;
    }
    this.items.splice(lo, 0, { since, thread });
    if (this.items.length > this.k) this.items.pop();
  }

  size(): number {
    return this.items.length;
  }

  values(): Thread[] {
    return this.items.map((i) => i.thread);
  }
}

function before(since: number, id: string, other: Ranked): boolean {
  return since < other.since || (since === other.since && id < other.thread.id);
}

function sortedRows(map: Map<string | null, number>): CountRow[] {
  return [...map.entries()]
    .map(([id, count]) => ({ id, count }))
    .sort((a, b) => b.count - a.count || (a.id ?? '').localeCompare(b.id ?? ''));
}

export async function collectNoReply(options: CollectOptions): Promise<DigestSummary> {
  const { inbox, now, minAgeMs, signal } = options;
  const nowMs = now.getTime();
  const top = new OldestK(options.topK);
  const byAssignee = new Map<string | null, number>();
  const byAccount = new Map<string | null, number>();
  let total = 0;
  let scanned = 0;
  let requests = 0;
  let oldest = Number.POSITIVE_INFINITY;

  const consume = (thread: Thread) => {
    scanned++;
    const since = waitingSince(thread)?.getTime() ?? nowMs;
    if (minAgeMs != null && nowMs - since < minAgeMs) return;
    total++;
    if (since < oldest) oldest = since;
    const assignee = thread.assigneeId ?? null;
    byAssignee.set(assignee, (byAssignee.get(assignee) ?? 0) + 1);
    byAccount.set(thread.accountLinkId, (byAccount.get(thread.accountLinkId) ?? 0) + 1);
    top.offer(since, thread);
  };

  // One failed walk stops its siblings (their partial counts would be thrown away anyway).
  const local = new AbortController();
  const onAbort = () => local.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();

  const walk = async (accountLinkIds: string[] | undefined) => {
    const params: ListThreadsParams = { inbox: 'no-reply', limit: PAGE_LIMIT };
    if (accountLinkIds) params.accountLinkIds = accountLinkIds;
    if (options.filters?.tagIds?.length || options.filters?.assigneeIds?.length)
      params.filters = { ...options.filters };
    // The digest is background work: it spends the team's quota only after users' requests, and leaves them a slice.
    const callOptions: CallOptions = { signal: local.signal, priority: 'background' };
    try {
      for await (const page of inbox.iterateThreadPages(params, callOptions)) {
        local.signal.throwIfAborted();
        requests++;
        for (const thread of page.threads) consume(thread);
      }
    } catch (error) {
      local.abort(error);
      throw error;
    }
  };

  if (options.paging === 'per-account' && options.accountLinkIds && options.accountLinkIds.length > 1) {
    const queue = [...options.accountLinkIds];
    const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, queue.length)) }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await walk([id]);
    });
    try {
      await Promise.all(workers);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  } else {
    try {
      await walk(options.accountLinkIds);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    total,
    oldestSince: total > 0 ? new Date(oldest) : null,
    byAssignee: sortedRows(byAssignee),
    byAccount: sortedRows(byAccount),
    top: top.values(),
    requests,
    scanned,
  };
}
