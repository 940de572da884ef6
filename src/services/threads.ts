/**
 * The /inbox use-cases: list, look a prospect up, show one thread, act on a thread. Plain data in and out;
 * Slack appears only as the acting user's ID.
 */
import type { ListQuery, WhoTarget } from '../commands/grammar.js';
import type { QueryLabels } from '../commands/query-text.js';
import type { ActionPolicy, ReadPolicy } from '../config.js';
import type { Cursor, Member, Message, Thread } from '../inbox/schemas.js';
import type { CallOptions, InboxClient, ListThreadsParams } from '../inbox/types.js';
import { type AccessPolicy, createAccessPolicy } from './access.js';
import type { ActionJournal } from './action-journal.js';
import type { Directory, DirectoryService } from './directory.js';
import type { IdentityService } from './identity.js';
import { type ResolveFailure, resolveListQuery } from './resolve-query.js';

/** How many threads match a list, counted with the digest's paging (100 a page), up to a cap. */
export interface ListTotal {
  count: number;
  /** Counting stopped at the cap: there are at least `count`. */
  atLeast: boolean;
}

export type ListOutcome =
  | {
      ok: true;
      threads: Thread[];
      nextCursor: Cursor | null;
      directory: Directory;
      /** What the query's names resolved to (for the header). */
      labels: QueryLabels;
      /** Counted when asked (the first page); null otherwise. */
      total: ListTotal | null;
      /** The Inbox member of the user asking (null: none), to hide what would do nothing for them. */
      viewer: Member | null;
    }
  | { ok: false; failure: ResolveFailure };

/** Pages of 100 counted at most per list (≤ 5 extra requests, and 1 for any list of 100 threads or fewer). */
export const COUNT_PAGES = 5;
const COUNT_PAGE_SIZE = 100;

export type ThreadAction =
  | { type: 'assign'; memberId: string }
  | { type: 'assign_me' }
  | { type: 'unassign' }
  | { type: 'archive' }
  | { type: 'reopen' };

export type ActionOutcome =
  | {
      ok: true;
      thread: Thread;
      directory: Directory;
      action: ThreadAction;
      assignee: Member | null;
      /** The Inbox member who acted (null under ACTION_POLICY=anyone for a user with no seat). */
      actor: Member | null;
    }
  | { ok: false; reason: 'not_linked'; email: string | null }
  | { ok: false; reason: 'unknown_member' };

export interface ThreadServiceDeps {
  inbox: InboxClient;
  directory: DirectoryService;
  identity: IdentityService;
  /** ACTION_POLICY, or the policy made in Slack, read when needed. */
  actionPolicy: ActionPolicy | (() => Promise<ActionPolicy>);
  /** READ_POLICY, or the policy made in Slack, read when needed. */
  readPolicy: ReadPolicy | (() => Promise<ReadPolicy>);
  /** Remembers who did what, so the live event that comes back does not notify them about their own action. */
  journal?: ActionJournal;
}

const VIEW_LINES = 20;

export function createThreadService(deps: ThreadServiceDeps) {
  const { inbox, directory, identity } = deps;
  const access: AccessPolicy = createAccessPolicy(deps);

  /** Counts matching threads 100 at a time, stopping at `max` (the query's limit) or after COUNT_PAGES pages. */
  async function countThreads(
    params: ListThreadsParams,
    max: number | undefined,
    call: CallOptions = {},
  ): Promise<ListTotal> {
    let count = 0;
    let pages = 0;
    for await (const page of inbox.iterateThreadPages({ ...params, limit: COUNT_PAGE_SIZE }, call)) {
      count += page.threads.length;
      pages++;
      if (max !== undefined && count >= max) return { count: max, atLeast: false };
      if (pages >= COUNT_PAGES && page.nextCursor !== null) return { count, atLeast: true };
    }
    return { count, atLeast: false };
  }

  return {
    /** READ_POLICY / ACTION_POLICY for this Slack user (reads below check it themselves). */
    access,

    /** The team directory (cached): members for the Assign menu. */
    directory: () => directory.get(),

    /** One page of a list: at most `pageSize` threads, starting after `cursor`; counted when `count` is set. */
    async list(
      query: ListQuery,
      ctx: { slackUserId: string; pageSize: number; cursor?: Cursor | null; count?: boolean },
      call?: CallOptions,
    ): Promise<ListOutcome> {
      await access.assertMayRead(ctx.slackUserId);
      const resolved = await resolveListQuery(query, { directory, identity, slackUserId: ctx.slackUserId });
      if (!resolved.ok) return resolved;
      const limit = Math.max(1, Math.min(ctx.pageSize, query.limit ?? ctx.pageSize));
      const [page, total, viewer] = await Promise.all([
        inbox.listThreads({ ...resolved.params, limit, cursor: ctx.cursor ?? null }, call),
        ctx.count ? countThreads(resolved.params, query.limit, call) : Promise.resolve(null),
        identity.memberFor(ctx.slackUserId).catch(() => null),
      ]);
      return {
        ok: true,
        threads: page.threads,
        nextCursor: page.nextCursor,
        directory: await directory.get(),
        labels: resolved.labels,
        total,
        viewer,
      };
    },

    /** Every thread with a prospect, across the connected accounts. */
    async who(
      target: WhoTarget,
      slackUserId: string,
      call?: CallOptions,
    ): Promise<{ threads: Thread[]; directory: Directory }> {
      await access.assertMayRead(slackUserId);
      const dir = await directory.get();
      if (target.type === 'username') {
        return { threads: await inbox.lookupThreadsByUsername(target.username, undefined, call), directory: dir };
      }
      const found = await Promise.all(
        dir.accountLinks.map((link) =>
          inbox.lookupThread({ accountLinkId: link.id, externalPlatformId: target.platformId }, call),
        ),
      );
      return { threads: found.filter((t): t is Thread => t !== null), directory: dir };
    },

    async get(
      threadId: string,
      slackUserId: string,
      call?: CallOptions,
    ): Promise<{ thread: Thread; directory: Directory }> {
      await access.assertMayRead(slackUserId);
      const [thread, dir] = await Promise.all([inbox.getThread(threadId, call), directory.get()]);
      return { thread, directory: dir };
    },

    /** The thread and its latest messages, oldest first, for the View modal. */
    async view(
      threadId: string,
      slackUserId: string,
    ): Promise<{ thread: Thread; messages: Message[]; directory: Directory }> {
      await access.assertMayRead(slackUserId);
      const [thread, page, dir] = await Promise.all([
        inbox.getThread(threadId),
        inbox.listMessages(threadId, { limit: VIEW_LINES }),
        directory.get(),
      ]);
      const messages = [...page.messages].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      return { thread, messages, directory: dir };
    },

    /**
     * Applies an action as the clicking Slack user. Writes need a linked Inbox member unless the policy is
     * "anyone"; "assign to me" always needs one. PATCH is idempotent, so a repeated click is harmless, and its
     * answer is the thread as it is now, whoever changed it in the meantime.
     */
    async act(action: ThreadAction, threadId: string, slackUserId: string, call?: CallOptions): Promise<ActionOutcome> {
      const actor = await identity.memberFor(slackUserId);
      const policy = typeof deps.actionPolicy === 'function' ? await deps.actionPolicy() : deps.actionPolicy;
      if (!actor && (policy === 'members' || action.type === 'assign_me')) {
        const email = identity.emailOf ? await identity.emailOf(slackUserId).catch(() => null) : null;
        return { ok: false, reason: 'not_linked', email };
      }
      let dir = await directory.get();
      let assignee: Member | null = null;
      if (action.type === 'assign') {
        assignee = dir.members.find((m) => m.id === action.memberId) ?? null;
        if (!assignee) {
          dir = await directory.refresh();
          assignee = dir.members.find((m) => m.id === action.memberId) ?? null;
        }
        if (!assignee) return { ok: false, reason: 'unknown_member' };
      }
      if (action.type === 'assign_me') assignee = actor;

      const patch =
        action.type === 'archive'
          ? { done: true }
          : action.type === 'reopen'
            ? { done: false }
            : { assigneeId: assignee?.id ?? null };
      // Recorded before the PATCH: Inbox's event for the change can arrive before its answer does.
      const change = action.type === 'archive' ? 'archive' : action.type === 'reopen' ? 'reopen' : 'assign';
      await deps.journal?.record(threadId, change, slackUserId).catch(() => undefined);
      const thread = await inbox.updateThread(threadId, patch, call);
      return { ok: true, thread, directory: dir, action, assignee, actor };
    },
  };
}

export type ThreadService = ReturnType<typeof createThreadService>;
