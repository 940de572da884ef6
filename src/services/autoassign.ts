/**
 * Round-robin assignment (the seed guide's workflow, done properly). The rotation position and the counts live
 * in the store and move by compare-and-set, so a restart continues the rotation and two replicas share one;
 * each thread is claimed once (a duplicate event or a second replica never assigns it twice); a thread
 * someone assigned by hand is left alone.
 *
 * `assignNew(teamId, thread)` is the hook for the live-events pipeline: call it for each new unassigned thread
 * awaiting a reply; it decides (matching, claim, fresh read, pick, PATCH) and says what it did.
 */
import { randomBytes } from 'node:crypto';
import { getISOWeek, getISOWeekYear } from 'date-fns';
import type { AssigneeRef } from '../commands/grammar.js';
import { prospectSpokeLast, type Thread } from '../inbox/schemas.js';
import type { InboxClient } from '../inbox/types.js';
import type { RecordStore } from '../store/index.js';
import type { AccessPolicy } from './access.js';
import type { Directory, DirectoryService } from './directory.js';
import { describeInboxFailure } from './failures.js';
import type { IdentityService } from './identity.js';
import { type ResolveFailure, resolveMember } from './resolve-query.js';

export interface AutoassignConfig {
  on: boolean;
  memberIds: string[];
  /** Only threads on these accounts (empty: any). */
  accountLinkIds: string[];
  /** Only threads whose prospect has one of these tags (empty: any). */
  tagIds: string[];
  /** memberId → ISO time the member is back. */
  skips: Record<string, string>;
  by: string;
}

export interface Rotation {
  /** Index into memberIds of the next member to try. */
  next: number;
  /** ISO week ("2026-W48") → memberId → threads assigned. */
  counts: Record<string, Record<string, number>>;
}

export interface NowPlan {
  id: string;
  teamId: string;
  userId: string;
  state: 'preview' | 'applying' | 'applied' | 'cancelled';
  assignments: Array<{ threadId: string; memberId: string; name: string }>;
  /** Rotation position after the last planned assignment. */
  endNext: number;
  more: boolean;
  assigned: string[];
  leftAlone: string[];
  failed: Array<{ threadId: string; why: string }>;
}

export type AssignNewOutcome =
  | { assigned: true; memberId: string; thread: Thread }
  | { assigned: false; reason: 'off' | 'no_match' | 'claimed' | 'hand_assigned' | 'nobody_available' | 'failed' };

export type ConfigureOutcome =
  | { ok: true; config: AutoassignConfig }
  | { ok: false; failure: ResolveFailure | { kind: 'not_allowed' } };

const SCOPE = 'autoassign';
const CONFIG = 'config';
const ROTATION = 'rotation';
const NOW_MAX = 100;
const CLAIM_TTL_MS = 30 * 24 * 60 * 60_000;
const PLAN_TTL_MS = 24 * 60 * 60_000;
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const PLAN_ID = /^[0-9a-f]{24}$/;
export const isNowPlanId = (value: unknown): value is string => typeof value === 'string' && PLAN_ID.test(value);

export function weekKey(now: Date): string {
  return `${getISOWeekYear(now)}-W${String(getISOWeek(now)).padStart(2, '0')}`;
}

/** When a skip ends: the start (UTC) of the named day, the next one after today; null for a bad word. */
export function skipEnd(until: string, now: Date): Date | null {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const day = 24 * 60 * 60_000;
  if (/^\d{4}-\d{2}-\d{2}$/.test(until)) {
    const at = Date.parse(`${until}T00:00:00Z`);
    return Number.isNaN(at) ? null : new Date(at);
  }
  if (until === 'today' || until === 'tomorrow') return new Date(today + day);
  const index = DAYS.indexOf(until);
  if (index < 0) return null;
  const ahead = (index - now.getUTCDay() + 7) % 7 || 7;
  return new Date(today + ahead * day);
}

function skipped(config: AutoassignConfig, memberId: string, now: Date): boolean {
  const until = config.skips[memberId];
  return until !== undefined && Date.parse(until) > now.getTime();
}

/** The next available member from `from` (index), and the position after them; null when everyone is away. */
export function nextMember(
  config: AutoassignConfig,
  from: number,
  now: Date,
): { memberId: string; next: number } | null {
  const n = config.memberIds.length;
  for (let step = 0; step < n; step++) {
    const i = (((from + step) % n) + n) % n;
    const memberId = config.memberIds[i] as string;
    if (!skipped(config, memberId, now)) return { memberId, next: (i + 1) % n };
  }
  return null;
}

function matches(config: AutoassignConfig, thread: Thread): boolean {
  if (config.accountLinkIds.length > 0 && !config.accountLinkIds.includes(thread.accountLinkId)) return false;
  if (config.tagIds.length > 0 && !thread.prospect.context.tags.some((t) => config.tagIds.includes(t))) return false;
  return true;
}

export interface AutoassignDeps {
  inbox: InboxClient;
  directory: DirectoryService;
  identity: IdentityService;
  /** READ_POLICY and ACTION_POLICY (a preview shows threads, the confirm changes them). */
  access: AccessPolicy;
  records: RecordStore;
  clock: () => Date;
  newId?: () => string;
}

export function createAutoassignService(deps: AutoassignDeps) {
  const { inbox, directory, identity, records, clock } = deps;
  const newId = deps.newId ?? (() => randomBytes(12).toString('hex'));
  const k = (teamId: string, key: string, scope = SCOPE) => ({ teamId, scope, key });

  const getConfig = async (teamId: string) => (await records.get<AutoassignConfig>(k(teamId, CONFIG)))?.value ?? null;
  const getRotation = async (teamId: string) =>
    (await records.get<Rotation>(k(teamId, ROTATION)))?.value ?? { next: 0, counts: {} };

  const allowed = async (userId: string) => (await deps.access.mayRead(userId)) && (await deps.access.mayAct(userId));

  /** Counts `memberIds` (in order) into this week's tally and sets the position, by compare-and-set. */
  const advance = async (teamId: string, change: (r: Rotation, config: AutoassignConfig) => Rotation | null) => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const config = await getConfig(teamId);
      if (!config) return null;
      const current = await records.get<Rotation>(k(teamId, ROTATION));
      const next = change(current?.value ?? { next: 0, counts: {} }, config);
      if (next === null) return null;
      const put = await records.put(k(teamId, ROTATION), next, { expectedVersion: current?.version ?? null });
      if (put.ok) return next;
    }
    throw new Error('autoassign: the rotation kept changing under 20 attempts');
  };

  const count = (r: Rotation, memberId: string, now: Date): Rotation['counts'] => {
    const week = weekKey(now);
    const tally = { ...(r.counts[week] ?? {}) };
    tally[memberId] = (tally[memberId] ?? 0) + 1;
    // Keep this week and the last few only.
    const weeks = Object.keys(r.counts).sort().slice(-4);
    const kept = Object.fromEntries(weeks.map((w) => [w, r.counts[w] ?? {}]));
    return { ...kept, [week]: tally };
  };

  /** Takes the next member in the rotation (and moves it on); null when it is off or everyone is away. */
  const pick = async (teamId: string): Promise<string | null> => {
    let picked: string | null = null;
    await advance(teamId, (r, config) => {
      if (!config.on || config.memberIds.length === 0) return null;
      const now = clock();
      const found = nextMember(config, r.next, now);
      if (!found) return null;
      picked = found.memberId;
      return { next: found.next, counts: count(r, found.memberId, now) };
    });
    return picked;
  };

  return {
    getConfig,
    getRotation,
    pick,

    async configure(
      teamId: string,
      userId: string,
      op: { members: AssigneeRef[]; accounts: string[]; tags: string[] },
    ): Promise<ConfigureOutcome> {
      if (!(await allowed(userId))) return { ok: false, failure: { kind: 'not_allowed' } };
      const ctx = { directory, identity, slackUserId: userId };
      const memberIds: string[] = [];
      for (const ref of op.members) {
        const found = await resolveMember(ref, ctx);
        if (!found.ok) return found;
        if (!memberIds.includes(found.member.id)) memberIds.push(found.member.id);
      }
      const dir = await directory.get();
      const byName = <T extends { id: string }>(
        items: T[],
        name: (i: T) => string,
        wanted: string[],
        kind: 'account' | 'tag',
      ): { ids: string[] } | { failure: ResolveFailure } => {
        const ids: string[] = [];
        for (const w of wanted) {
          const hit = items.find((i) => name(i).toLowerCase() === w.toLowerCase());
          if (!hit) return { failure: { kind: 'unknown_name', nameKind: kind, input: w, valid: items.map(name) } };
          ids.push(hit.id);
        }
        return { ids };
      };
      const accounts = byName(dir.accountLinks, (a) => a.username, op.accounts, 'account');
      if ('failure' in accounts) return { ok: false, failure: accounts.failure };
      const tags = byName(dir.tags, (t) => t.name, op.tags, 'tag');
      if ('failure' in tags) return { ok: false, failure: tags.failure };
      const previous = await getConfig(teamId);
      const config: AutoassignConfig = {
        on: true,
        memberIds,
        accountLinkIds: accounts.ids,
        tagIds: tags.ids,
        skips: previous?.skips ?? {},
        by: userId,
      };
      await records.put(k(teamId, CONFIG), config);
      return { ok: true, config };
    },

    async off(teamId: string): Promise<AutoassignConfig | null> {
      const current = await getConfig(teamId);
      if (!current) return null;
      const config = { ...current, on: false };
      await records.put(k(teamId, CONFIG), config);
      return config;
    },

    /** Marks a member away until `until` (a day word or date), or back now (`until` null). */
    async skip(teamId: string, userId: string, ref: AssigneeRef, until: string | null) {
      const found = await resolveMember(ref, { directory, identity, slackUserId: userId });
      if (!found.ok) return found;
      const end = until === null ? null : skipEnd(until, clock());
      const current = await getConfig(teamId);
      if (!current) return { ok: false as const, failure: { kind: 'not_configured' as const } };
      const skips = { ...current.skips };
      if (end) skips[found.member.id] = end.toISOString();
      else delete skips[found.member.id];
      await records.put(k(teamId, CONFIG), { ...current, skips });
      return { ok: true as const, member: found.member, until: end };
    },

    /**
     * The hook for live events: assigns a new thread to the next member when round-robin is on, the thread
     * matches, is unassigned and awaits a reply — once per thread, and never over a human's assignment.
     */
    async assignNew(teamId: string, thread: Thread): Promise<AssignNewOutcome> {
      const config = await getConfig(teamId);
      if (!config?.on) return { assigned: false, reason: 'off' };
      if (!matches(config, thread) || thread.assigneeId !== null || thread.done || !prospectSpokeLast(thread)) {
        return { assigned: false, reason: 'no_match' };
      }
      const claim = await records.put(
        k(teamId, thread.id, 'autoassign-thread'),
        { at: clock().toISOString() },
        {
          expectedVersion: null,
          ttlMs: CLAIM_TTL_MS,
        },
      );
      if (!claim.ok) return { assigned: false, reason: 'claimed' };
      try {
        const fresh = await inbox.getThread(thread.id);
        if (fresh.assigneeId !== null) return { assigned: false, reason: 'hand_assigned' };
        const memberId = await pick(teamId);
        if (!memberId) return { assigned: false, reason: 'nobody_available' };
        return { assigned: true, memberId, thread: await inbox.updateThread(thread.id, { assigneeId: memberId }) };
      } catch {
        return { assigned: false, reason: 'failed' };
      }
    },

    /** Who would get each unassigned thread awaiting a reply now (kept as a plan for one confirmation). */
    async planNow(
      teamId: string,
      userId: string,
    ): Promise<
      | { ok: true; plan: NowPlan; directory: Directory }
      | { ok: false; reason: 'not_configured' | 'off' | 'not_allowed' | 'nobody_available' }
    > {
      if (!(await allowed(userId))) return { ok: false, reason: 'not_allowed' };
      const config = await getConfig(teamId);
      if (!config) return { ok: false, reason: 'not_configured' };
      if (!config.on) return { ok: false, reason: 'off' };
      const rotation = await getRotation(teamId);
      const now = clock();
      const threads: Thread[] = [];
      let more = false;
      for await (const page of inbox.iterateThreadPages({
        inbox: 'no-reply',
        ...(config.accountLinkIds.length ? { accountLinkIds: config.accountLinkIds } : {}),
        filters: { noAssignee: true, sortOrder: 'asc', ...(config.tagIds.length ? { tagIds: config.tagIds } : {}) },
        limit: NOW_MAX,
      })) {
        for (const t of page.threads) {
          if (t.assigneeId !== null || !matches(config, t)) continue;
          if (threads.length === NOW_MAX) more = true;
          else threads.push(t);
        }
        if (threads.length >= NOW_MAX) break;
      }
      let position = rotation.next;
      const assignments: NowPlan['assignments'] = [];
      for (const t of threads) {
        const found = nextMember(config, position, now);
        if (!found) return { ok: false, reason: 'nobody_available' };
        assignments.push({
          threadId: t.id,
          memberId: found.memberId,
          name: t.prospect.displayName || t.prospect.username,
        });
        position = found.next;
      }
      const plan: NowPlan = {
        id: newId(),
        teamId,
        userId,
        state: 'preview',
        assignments,
        endNext: position,
        more,
        assigned: [],
        leftAlone: [],
        failed: [],
      };
      if (assignments.length > 0)
        await records.put(k(teamId, plan.id, 'autoassign-plan'), plan, { ttlMs: PLAN_TTL_MS });
      return { ok: true, plan, directory: await directory.get() };
    },

    /** Applies a confirmed plan once; a thread someone assigned since the preview is left alone. */
    async applyNow(teamId: string, planId: string, userId: string, cancel = false) {
      const key = k(teamId, planId, 'autoassign-plan');
      const current = await records.get<NowPlan>(key);
      if (!current) return { ok: false as const, reason: 'gone' as const };
      if (current.value.userId !== userId) return { ok: false as const, reason: 'not_yours' as const };
      if (current.value.state !== 'preview') return { ok: false as const, reason: 'busy' as const };
      const claimed = await records.put(
        key,
        { ...current.value, state: cancel ? 'cancelled' : 'applying' },
        { expectedVersion: current.version, ttlMs: PLAN_TTL_MS },
      );
      if (!claimed.ok) return { ok: false as const, reason: 'busy' as const };
      const plan = current.value;
      if (cancel) return { ok: true as const, plan: { ...plan, state: 'cancelled' as const } };
      const assigned: string[] = [];
      const leftAlone: string[] = [];
      const failed: NowPlan['failed'] = [];
      const done: string[] = [];
      for (const a of plan.assignments) {
        try {
          const claim = await records.put(
            k(teamId, a.threadId, 'autoassign-thread'),
            { at: clock().toISOString() },
            {
              expectedVersion: null,
              ttlMs: CLAIM_TTL_MS,
            },
          );
          const fresh = await inbox.getThread(a.threadId);
          if (!claim.ok || fresh.assigneeId !== null) {
            leftAlone.push(a.threadId);
            continue;
          }
          await inbox.updateThread(a.threadId, { assigneeId: a.memberId });
          assigned.push(a.threadId);
          done.push(a.memberId);
        } catch (err) {
          failed.push({ threadId: a.threadId, why: describeInboxFailure(err) });
        }
      }
      await advance(teamId, (r) => {
        let counts = r.counts;
        for (const memberId of done) counts = count({ ...r, counts }, memberId, clock());
        return { next: plan.endNext, counts };
      });
      const result: NowPlan = { ...plan, state: 'applied', assigned, leftAlone, failed };
      await records.put(key, result, { ttlMs: PLAN_TTL_MS });
      return { ok: true as const, plan: result };
    },
  };
}

export type AutoassignService = ReturnType<typeof createAutoassignService>;
