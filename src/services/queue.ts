/**
 * "My queue": the threads assigned to one person, split into those awaiting their reply and their other open
 * threads. One paginated walk of Inbox's default (active) view filtered by the member, oldest first, 100 a page:
 * ⌈N/100⌉ requests, bounded by `maxPages`; only counts and the first few threads of each kind are kept.
 */
import type { Member, Thread } from '../inbox/schemas.js';
import { awaitsReply, lastActivityMs } from '../inbox/thread-state.js';
import type { InboxClient } from '../inbox/types.js';
import type { Directory, DirectoryService } from './directory.js';
import type { IdentityService } from './identity.js';

export const QUEUE_PAGE_LIMIT = 100;
/** Pages walked at most for one queue (2,000 threads); beyond that the counts read "2,000+". */
export const QUEUE_MAX_PAGES = 20;

export interface QueueOptions {
  /** Threads kept of each kind (the builder shows what fits). */
  keep: number;
  /** Only awaiting threads waiting at least this long count (reminders' min-age). */
  minAgeMs?: number | null;
  now: Date;
  signal?: AbortSignal;
}

export interface Queue {
  member: Member;
  directory: Directory;
  /** Awaiting a reply, oldest first (at most `keep`). */
  awaiting: Thread[];
  awaitingTotal: number;
  /** When the longest wait began; null when nothing awaits. */
  oldestSince: Date | null;
  /** Other open threads, least recently active first (at most `keep`). */
  other: Thread[];
  otherTotal: number;
  /** True when the walk stopped at QUEUE_MAX_PAGES: the totals are lower bounds. */
  capped: boolean;
}

export type QueueOutcome = { linked: true; queue: Queue } | { linked: false };

export interface QueueServiceDeps {
  inbox: Pick<InboxClient, 'iterateThreadPages'>;
  directory: DirectoryService;
  identity: IdentityService;
  maxPages?: number;
}

const byActivity = (a: Thread, b: Thread) =>
  (lastActivityMs(a) ?? 0) - (lastActivityMs(b) ?? 0) || a.id.localeCompare(b.id);

export function createQueueService(deps: QueueServiceDeps) {
  const maxPages = deps.maxPages ?? QUEUE_MAX_PAGES;

  return {
    /** The queue of the Inbox member this Slack user is linked to, or `linked: false`. */
    async forSlackUser(slackUserId: string, options: QueueOptions): Promise<QueueOutcome> {
      const member = await deps.identity.memberFor(slackUserId);
      if (!member) return { linked: false };
      return { linked: true, queue: await this.forMember(member, options) };
    },

    async forMember(member: Member, options: QueueOptions): Promise<Queue> {
      const nowMs = options.now.getTime();
      const awaiting: Thread[] = [];
      const other: Thread[] = [];
      let awaitingTotal = 0;
      let otherTotal = 0;
      let oldest = Number.POSITIVE_INFINITY;
      let pages = 0;
      let capped = false;
      const pagesOf = deps.inbox.iterateThreadPages(
        { inbox: 'default', limit: QUEUE_PAGE_LIMIT, filters: { assigneeIds: [member.id], sortOrder: 'asc' } },
        options.signal ? { signal: options.signal } : {},
      );
      for await (const page of pagesOf) {
        for (const thread of page.threads) {
          if (thread.assigneeId !== member.id) continue;
          if (awaitsReply(thread)) {
            const since = lastActivityMs(thread) ?? nowMs;
            if (options.minAgeMs != null && nowMs - since < options.minAgeMs) continue;
            awaitingTotal++;
            if (since < oldest) oldest = since;
            keepOldest(awaiting, thread, options.keep);
          } else {
            otherTotal++;
            keepOldest(other, thread, options.keep);
          }
        }
        if (++pages >= maxPages && page.nextCursor !== null) {
          capped = true;
          break;
        }
      }
      return {
        member,
        directory: await deps.directory.get(),
        awaiting,
        awaitingTotal,
        oldestSince: awaitingTotal > 0 ? new Date(oldest) : null,
        other,
        otherTotal,
        capped,
      };
    },
  };
}

/** Inserts in activity order and keeps the `keep` oldest (pages arrive oldest first, so this rarely shifts). */
function keepOldest(list: Thread[], thread: Thread, keep: number): void {
  if (keep <= 0) return;
  const last = list[list.length - 1];
  if (list.length >= keep && last && byActivity(thread, last) >= 0) return;
  list.push(thread);
  list.sort(byActivity);
  if (list.length > keep) list.pop();
}

export type QueueService = ReturnType<typeof createQueueService>;
