/**
 * Channel subscriptions to live Inbox events: made with `/inbox subscribe [filters] [events:…] [quiet:…]`,
 * listed and removed from Slack. Filters are the list grammar's, resolved to Inbox IDs when the subscription
 * is made (so a later rename does not silently change what a channel follows); matching a thread against
 * them is pure and needs no Inbox request.
 */
import type { LiveEventKind, QuietHours, SubscribeRequest } from '../commands/grammar.js';
import { formatQuery } from '../commands/query-text.js';
import type { ActionPolicy } from '../config.js';
import type { Thread } from '../inbox/schemas.js';
import type { ThreadFilters } from '../inbox/types.js';
import type { DirectoryService } from './directory.js';
import type { IdentityService } from './identity.js';
import { type ResolveFailure, resolveListQuery } from './resolve-query.js';

export interface SubscriptionFilters {
  accountLinkIds?: string[];
  filters?: ThreadFilters;
}

export interface Subscription {
  id: string;
  /** Slack team (workspace) and channel. */
  teamId: string;
  channelId: string;
  createdBy: string;
  createdAt: string;
  /** The filters as typed, normalised (`tag:"hot lead" unassigned`), '' for everything. */
  description: string;
  filters: SubscriptionFilters;
  events: LiveEventKind[];
  quiet: QuietHours | null;
  /** IANA zone the quiet hours are read in (the subscriber's Slack time zone). */
  timezone: string;
}

/** Storage for subscriptions (the state store implements it; `createMemorySubscriptionStore` for tests). */
export interface SubscriptionStore {
  add(subscription: Subscription): Promise<void>;
  /** A channel's subscriptions, the team's without `channelId`, every team's without either; oldest first. */
  list(teamId?: string, channelId?: string): Promise<Subscription[]>;
  remove(teamId: string, channelId: string, id: string): Promise<boolean>;
  removeAll(teamId: string, channelId: string): Promise<number>;
}

export const MAX_SUBSCRIPTIONS_PER_CHANNEL = 20;

export type SubscribeOutcome =
  | { ok: true; subscription: Subscription }
  | { ok: false; failure: ResolveFailure | { kind: 'not_allowed' } | { kind: 'too_many'; max: number } };

export interface SubscriptionServiceDeps {
  store: SubscriptionStore;
  directory: DirectoryService;
  identity: IdentityService;
  actionPolicy: ActionPolicy;
  clock: () => Date;
  newId: () => string;
}

export function createSubscriptionService(deps: SubscriptionServiceDeps) {
  /** Subscribing and removing change what a channel receives: the same right as acting on a thread. */
  const allowed = async (slackUserId: string) =>
    deps.actionPolicy === 'anyone' || (await deps.identity.memberFor(slackUserId)) !== null;

  return {
    allowed,

    async subscribe(args: {
      teamId: string;
      channelId: string;
      slackUserId: string;
      request: SubscribeRequest;
      timezone: string;
    }): Promise<SubscribeOutcome> {
      if (!(await allowed(args.slackUserId))) return { ok: false, failure: { kind: 'not_allowed' } };
      const existing = await deps.store.list(args.teamId, args.channelId);
      if (existing.length >= MAX_SUBSCRIPTIONS_PER_CHANNEL) {
        return { ok: false, failure: { kind: 'too_many', max: MAX_SUBSCRIPTIONS_PER_CHANNEL } };
      }
      const resolved = await resolveListQuery(args.request.query, {
        directory: deps.directory,
        identity: deps.identity,
        slackUserId: args.slackUserId,
      });
      if (!resolved.ok) return resolved;
      const { accountLinkIds, filters } = resolved.params;
      const subscription: Subscription = {
        id: deps.newId(),
        teamId: args.teamId,
        channelId: args.channelId,
        createdBy: args.slackUserId,
        createdAt: deps.clock().toISOString(),
        description: describeFilters(args.request, args.slackUserId),
        filters: { ...(accountLinkIds ? { accountLinkIds } : {}), ...(filters ? { filters } : {}) },
        events: args.request.events,
        quiet: args.request.quiet,
        timezone: args.timezone,
      };
      await deps.store.add(subscription);
      return { ok: true, subscription };
    },

    list: (teamId: string, channelId: string) => deps.store.list(teamId, channelId),

    async remove(teamId: string, channelId: string, id: string, slackUserId: string) {
      if (!(await allowed(slackUserId))) return { ok: false as const, reason: 'not_allowed' as const };
      return { ok: true as const, removed: await deps.store.remove(teamId, channelId, id) };
    },

    async removeAll(teamId: string, channelId: string, slackUserId: string) {
      if (!(await allowed(slackUserId))) return { ok: false as const, reason: 'not_allowed' as const };
      return { ok: true as const, removed: await deps.store.removeAll(teamId, channelId) };
    },
  };
}

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;

/** The filters as `/inbox` text without the leading `list` ('' for none); `me` becomes the subscriber. */
function describeFilters(request: SubscribeRequest, slackUserId: string): string {
  const assignees = request.query.assignees.map((a) =>
    a.type === 'me' ? { type: 'slack' as const, userId: slackUserId } : a,
  );
  return formatQuery({ ...request.query, assignees, view: 'active' })
    .replace(/^list\s*/, '')
    .trim();
}

/**
 * Does the thread match the subscription's filters (as Inbox's list would: AND across groups, any of the
 * values inside one, `no*` also matching an empty value)? Campaigns are read from the last message (v1
 * threads carry no campaign of their own).
 */
export function threadMatches(thread: Thread, subscription: Pick<Subscription, 'filters'>): boolean {
  const { accountLinkIds, filters = {} } = subscription.filters;
  if (accountLinkIds?.length && !accountLinkIds.includes(thread.accountLinkId)) return false;
  const context = thread.prospect.context;
  const campaign = thread.lastMessage?.campaignId ?? null;
  return (
    group(filters.tagIds, filters.noTags, context.tags) &&
    group(filters.statusIds, filters.noStatus, context.statusId ? [context.statusId] : []) &&
    group(filters.assigneeIds, filters.noAssignee, thread.assigneeId ? [thread.assigneeId] : []) &&
    group(filters.campaignIds, filters.noCampaign, campaign ? [campaign] : [])
  );
}

function group(selected: string[] | undefined, none: boolean | undefined, values: string[]): boolean {
  const ids = selected?.length ? selected : null;
  if (!ids && !none) return true;
  return (none === true && values.length === 0) || (ids !== null && values.some((v) => ids.includes(v)));
}

export function createMemorySubscriptionStore(): SubscriptionStore & { clear(): void } {
  let rows: Subscription[] = [];
  return {
    clear() {
      rows = [];
    },
    async add(subscription) {
      rows.push(structuredClone(subscription));
    },
    async list(teamId, channelId) {
      return structuredClone(
        rows.filter(
          (s) =>
            (teamId === undefined || s.teamId === teamId) && (channelId === undefined || s.channelId === channelId),
        ),
      );
    },
    async remove(teamId, channelId, id) {
      const before = rows.length;
      rows = rows.filter((s) => !(s.teamId === teamId && s.channelId === channelId && s.id === id));
      return rows.length < before;
    },
    async removeAll(teamId, channelId) {
      const before = rows.length;
      rows = rows.filter((s) => !(s.teamId === teamId && s.channelId === channelId));
      return before - rows.length;
    },
  };
}
