/**
 * Bulk actions with a preview, one confirmation and an Undo. The preview lists the exact threads (kept in the
 * store as a plan), so what is applied is what was shown, never a fresh query that may match others. Every
 * step moves the plan's state by compare-and-set: a double click applies or undoes once.
 *
 * Undo restores each thread's previous state only while it still shows what the bulk action set (still
 * archived, still assigned to that member); a thread someone changed since is left alone and named.
 */
import { randomBytes } from 'node:crypto';
import type { BulkAction, ListQuery } from '../commands/grammar.js';
import type { Member, Thread } from '../inbox/schemas.js';
import type { InboxClient } from '../inbox/types.js';
import type { RecordStore } from '../store/index.js';
import type { AccessPolicy } from './access.js';
import type { DirectoryService } from './directory.js';
import { describeInboxFailure } from './failures.js';
import type { IdentityService } from './identity.js';
import { type ResolveFailure, resolveListQuery, resolveMember } from './resolve-query.js';

/** At most this many threads per bulk action (one confirmation should stay readable and quick to apply). */
export const BULK_MAX = 100;
/** How long the preview's confirm button and the summary's Undo button work. */
export const BULK_PLAN_TTL_MS = 7 * 24 * 60 * 60_000;
const CONCURRENCY = 4;

export interface ThreadState {
  done: boolean;
  assigneeId: string | null;
}

export interface PlannedThread {
  id: string;
  /** The prospect, for lists in Slack (escaped when drawn). */
  name: string;
  username: string;
  before: ThreadState;
}

export type PlanState = 'preview' | 'applying' | 'applied' | 'undoing' | 'undone' | 'cancelled';

export interface BulkPlan {
  id: string;
  teamId: string;
  userId: string;
  action: { type: 'archive' } | { type: 'assign'; memberId: string; memberName: string };
  /** The filters as the user typed them (for the summary). */
  queryText: string;
  threads: PlannedThread[];
  /** Threads that matched but already were in the target state (not touched, not undone). */
  skipped: number;
  /** True when more threads matched than BULK_MAX. */
  more: boolean;
  state: PlanState;
  applied: string[];
  failed: Array<{ id: string; why: string }>;
  restored: string[];
  /** Threads Undo left alone because they changed since, with what they show now. */
  leftAlone: Array<{ id: string; now: ThreadState }>;
  undoFailed: Array<{ id: string; why: string }>;
}

export type PreviewOutcome =
  | { ok: true; plan: BulkPlan }
  | { ok: false; failure: ResolveFailure }
  | { ok: false; failure: { kind: 'not_allowed' } };

export type StepOutcome =
  | { ok: true; plan: BulkPlan }
  | { ok: false; reason: 'gone' | 'not_yours' | 'busy'; plan?: BulkPlan };

export interface BulkServiceDeps {
  inbox: InboxClient;
  directory: DirectoryService;
  identity: IdentityService;
  /** READ_POLICY and ACTION_POLICY (a preview shows threads, the confirm changes them). */
  access: AccessPolicy;
  records: RecordStore;
  newId?: () => string;
}

const PLAN_ID = /^[0-9a-f]{24}$/;
export const isBulkPlanId = (value: unknown): value is string => typeof value === 'string' && PLAN_ID.test(value);

const key = (teamId: string, id: string) => ({ teamId, scope: 'bulk', key: id });

const stateOf = (t: Thread): ThreadState => ({ done: t.done, assigneeId: t.assigneeId });

/** The state the action sets, from the state before. */
export function targetState(action: BulkPlan['action'], before: ThreadState): ThreadState {
  return action.type === 'archive' ? { ...before, done: true } : { ...before, assigneeId: action.memberId };
}

function patchFor(action: BulkPlan['action']) {
  return action.type === 'archive' ? { done: true } : { assigneeId: action.memberId };
}

/** True when the thread still shows exactly what the action set (so Undo may put it back). */
function stillAsSet(action: BulkPlan['action'], now: ThreadState): boolean {
  return action.type === 'archive' ? now.done : now.assigneeId === action.memberId;
}

function undoPatch(action: BulkPlan['action'], before: ThreadState) {
  return action.type === 'archive' ? { done: before.done } : { assigneeId: before.assigneeId };
}

async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

export function createBulkService(deps: BulkServiceDeps) {
  const { inbox, directory, identity, records } = deps;
  const newId = deps.newId ?? (() => randomBytes(12).toString('hex'));

  /** Moves the plan from one of `from` to `to` (compare-and-set); null when it was not in `from`. */
  const move = async (
    teamId: string,
    id: string,
    userId: string,
    from: PlanState[],
    to: PlanState,
  ): Promise<StepOutcome> => {
    const current = await records.get<BulkPlan>(key(teamId, id));
    if (!current) return { ok: false, reason: 'gone' };
    const plan = current.value;
    if (plan.userId !== userId) return { ok: false, reason: 'not_yours', plan };
    if (!from.includes(plan.state)) return { ok: false, reason: 'busy', plan };
    const next = { ...plan, state: to };
    const put = await records.put(key(teamId, id), next, { expectedVersion: current.version, ttlMs: BULK_PLAN_TTL_MS });
    return put.ok ? { ok: true, plan: next } : { ok: false, reason: 'busy', plan };
  };

  const save = async (plan: BulkPlan) => {
    await records.put(key(plan.teamId, plan.id), plan, { ttlMs: BULK_PLAN_TTL_MS });
  };

  return {
    /** The threads the action would change (at most BULK_MAX), kept as a plan for the confirmation. */
    async preview(args: {
      teamId: string;
      userId: string;
      action: BulkAction;
      query: ListQuery;
      queryText: string;
    }): Promise<PreviewOutcome> {
      if (!(await deps.access.mayRead(args.userId)) || !(await deps.access.mayAct(args.userId))) {
        return { ok: false, failure: { kind: 'not_allowed' } };
      }
      const ctx = { directory, identity, slackUserId: args.userId };
      let action: BulkPlan['action'] = { type: 'archive' };
      if (args.action.type === 'assign') {
        const member = await resolveMember(args.action.assignee, ctx);
        if (!member.ok) return member;
        action = { type: 'assign', memberId: member.member.id, memberName: nameOf(member.member) };
      }
      const resolved = await resolveListQuery(args.query, ctx);
      if (!resolved.ok) return resolved;
      const wanted = Math.min(args.query.limit ?? BULK_MAX, BULK_MAX);
      const threads: PlannedThread[] = [];
      let skipped = 0;
      let more = false;
      for await (const page of inbox.iterateThreadPages({ ...resolved.params, limit: Math.min(100, wanted + 1) })) {
        for (const t of page.threads) {
          if (stillAsSet(action, stateOf(t))) {
            skipped++;
            continue;
          }
          if (threads.length === wanted) {
            more = true;
            break;
          }
          threads.push({
            id: t.id,
            name: t.prospect.displayName || t.prospect.username,
            username: t.prospect.username,
            before: stateOf(t),
          });
        }
        if (more) break;
      }
      const plan: BulkPlan = {
        id: newId(),
        teamId: args.teamId,
        userId: args.userId,
        action,
        queryText: args.queryText,
        threads,
        skipped,
        more: more && args.query.limit === undefined,
        state: 'preview',
        applied: [],
        failed: [],
        restored: [],
        leftAlone: [],
        undoFailed: [],
      };
      if (threads.length > 0) await save(plan);
      return { ok: true, plan };
    },

    /** Applies the plan once (the threads shown in the preview, nothing else). */
    async apply(teamId: string, id: string, userId: string): Promise<StepOutcome> {
      const claimed = await move(teamId, id, userId, ['preview'], 'applying');
      if (!claimed.ok) return claimed;
      const plan = claimed.plan;
      const patch = patchFor(plan.action);
      const applied: string[] = [];
      const failed: BulkPlan['failed'] = [];
      await eachLimited(plan.threads, CONCURRENCY, async (t) => {
        try {
          await inbox.updateThread(t.id, patch);
          applied.push(t.id);
        } catch (err) {
          failed.push({ id: t.id, why: describeInboxFailure(err) });
        }
      });
      const order = new Map(plan.threads.map((t, i) => [t.id, i]));
      applied.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
      const done: BulkPlan = { ...plan, state: 'applied', applied, failed };
      await save(done);
      return { ok: true, plan: done };
    },

    async cancel(teamId: string, id: string, userId: string): Promise<StepOutcome> {
      return move(teamId, id, userId, ['preview'], 'cancelled');
    },

    /**
     * Puts back each applied thread that still shows what the action set; leaves the others alone and names
     * them. Reads each thread first (PATCH is idempotent, but a blind PATCH would undo someone else's change).
     */
    async undo(teamId: string, id: string, userId: string): Promise<StepOutcome> {
      const claimed = await move(teamId, id, userId, ['applied'], 'undoing');
      if (!claimed.ok) return claimed;
      const plan = claimed.plan;
      const byId = new Map(plan.threads.map((t) => [t.id, t]));
      const restored: string[] = [];
      const leftAlone: BulkPlan['leftAlone'] = [];
      const undoFailed: BulkPlan['undoFailed'] = [];
      await eachLimited(plan.applied, CONCURRENCY, async (threadId) => {
        const planned = byId.get(threadId);
        if (!planned) return;
        try {
          const now = stateOf(await inbox.getThread(threadId));
          if (!stillAsSet(plan.action, now)) {
            leftAlone.push({ id: threadId, now });
            return;
          }
          await inbox.updateThread(threadId, undoPatch(plan.action, planned.before));
          restored.push(threadId);
        } catch (err) {
          undoFailed.push({ id: threadId, why: describeInboxFailure(err) });
        }
      });
      const done: BulkPlan = { ...plan, state: 'undone', restored, leftAlone, undoFailed };
      await save(done);
      return { ok: true, plan: done };
    },
  };
}

function nameOf(member: Member): string {
  return member.name?.trim() || member.email;
}

export type BulkService = ReturnType<typeof createBulkService>;
