/**
 * The /inbox use-cases: list, look a prospect up, show one thread, act on a thread. Plain data in and out;
 * Slack appears only as the acting user's ID.
 */
import type { ListQuery, WhoTarget } from '../commands/grammar.js';
import type { ActionPolicy, ReadPolicy } from '../config.js';
import type { Cursor, Member, Message, Thread } from '../inbox/schemas.js';
import type { CallOptions, InboxClient } from '../inbox/types.js';
import { type AccessPolicy, createAccessPolicy } from './access.js';
import type { ActionJournal } from './action-journal.js';
import type { Directory, DirectoryService } from './directory.js';
import type { IdentityService } from './identity.js';
import { type ResolveFailure, resolveListQuery } from './resolve-query.js';

export type ListOutcome =
  | { ok: true; threads: Thread[]; nextCursor: Cursor | null; directory: Directory }
  | { ok: false; failure: ResolveFailure };

export type ThreadAction =
  | { type: 'assign'; memberId: string }
  | { type: 'assign_me' }
  | { type: 'unassign' }
  | { type: 'archive' }
  | { type: 'reopen' };

export type ActionOutcome =
  | { ok: true; thread: Thread; directory: Directory; action: ThreadAction; assignee: Member | null }
  | { ok: false; reason: 'not_linked' | 'unknown_member' };

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

  return {
    /** READ_POLICY / ACTION_POLICY for this Slack user (reads below check it themselves). */
    access,

    /** The team directory (cached). */
    directory: () => directory.get(),

    /** One page of a list: at most `pageSize` threads, starting after `cursor`. */
    async list(
      query: ListQuery,
      ctx: { slackUserId: string; pageSize: number; cursor?: Cursor | null },
      call?: CallOptions,
    ): Promise<ListOutcome> {
      await access.assertMayRead(ctx.slackUserId);
      const resolved = await resolveListQuery(query, { directory, identity, slackUserId: ctx.slackUserId });
      if (!resolved.ok) return resolved;
      const limit = Math.max(1, Math.min(ctx.pageSize, query.limit ?? ctx.pageSize));
      const page = await inbox.listThreads({ ...resolved.params, limit, cursor: ctx.cursor ?? null }, call);
      return { ok: true, threads: page.threads, nextCursor: page.nextCursor, directory: await directory.get() };
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
        return { ok: false, reason: 'not_linked' };
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
      return { ok: true, thread, directory: dir, action, assignee };
    },
  };
}

export type ThreadService = ReturnType<typeof createThreadService>;
