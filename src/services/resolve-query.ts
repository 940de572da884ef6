/**
 * Turns a parsed list query (names as the user typed them) into Inbox list parameters (IDs). Names are
 * matched case-insensitively against the cached directory; on a miss the directory is refreshed once,
 * and a name that is still unknown comes back with the valid names, closest first.
 */
import { rankByCloseness } from '../commands/closeness.js';
import { type AssigneeRef, emptyListQuery, type ListQuery, type ListView } from '../commands/grammar.js';
import type { QueryLabels } from '../commands/query-text.js';
import type { Member } from '../inbox/schemas.js';
import type { InboxView, ListThreadsParams, ThreadFilters } from '../inbox/types.js';
import type { Directory, DirectoryService } from './directory.js';
import type { IdentityService } from './identity.js';

export type NameKind = 'tag' | 'status' | 'member' | 'campaign' | 'account';

export type ResolveFailure =
  | { kind: 'unknown_name'; nameKind: NameKind; input: string; valid: string[] }
  /** `me` or `@someone` who has no Inbox seat. */
  | { kind: 'not_linked'; slackUserId: string; self: boolean };

export type Resolution =
  | { ok: true; params: ListThreadsParams; labels: QueryLabels }
  | { ok: false; failure: ResolveFailure };

const VIEWS: Record<ListView, InboxView> = {
  active: 'default',
  noreply: 'no-reply',
  requests: 'requests',
  archived: 'archived',
};

const CAMPAIGN_ID = /^[0-9a-z]{20,}$/;

const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

function findMember(members: Member[], value: string): Member | undefined {
  const v = value.replace(/^@/, '');
  return (
    members.find((m) => same(m.email, v) || (m.name !== null && same(m.name, v))) ??
    // First name or email local part, when it is unambiguous.
    single(members.filter((m) => same(m.email.split('@')[0] ?? '', v) || same(m.name?.split(' ')[0] ?? '', v)))
  );
}

function single<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

type Slack = Map<string, Member | null>;

/** Names → IDs, or the first unknown name with the valid ones closest first. */
function lookupIds(
  nameKind: NameKind,
  items: ReadonlyArray<{ id: string; name: string }>,
  names: string[],
  fallback: (name: string) => { id: string; name: string } | undefined = () => undefined,
): { ids: string[]; names: string[] } | { failure: ResolveFailure } {
  const ids: string[] = [];
  const found: string[] = [];
  for (const input of names) {
    const hit = items.find((i) => same(i.name, input)) ?? fallback(input);
    if (!hit) {
      const valid = rankByCloseness(
        input,
        items.map((i) => i.name),
      );
      return { failure: { kind: 'unknown_name', nameKind, input, valid } };
    }
    ids.push(hit.id);
    found.push(hit.name);
  }
  return { ids, names: found };
}

/** Pure resolution against one directory snapshot; `slack` maps the Slack users the query names to members. */
export function resolveAgainst(query: ListQuery, directory: Directory, slack: Slack, self: string): Resolution {
  const campaignById = (value: string) =>
    directory.campaigns.find((c) => c.id === value) ??
    // v1 cannot list campaigns: an ID-shaped value is taken as a campaign ID.
    (CAMPAIGN_ID.test(value) ? { id: value, name: value } : undefined);

  const tags = lookupIds('tag', directory.tags, query.tags);
  if ('failure' in tags) return { ok: false, failure: tags.failure };
  const statuses = lookupIds('status', directory.statuses, query.statuses);
  if ('failure' in statuses) return { ok: false, failure: statuses.failure };
  const campaigns = lookupIds('campaign', directory.campaigns, query.campaigns, campaignById);
  if ('failure' in campaigns) return { ok: false, failure: campaigns.failure };
  const accountNames = directory.accountLinks.map((a) => ({ id: a.id, name: a.username }));
  const accounts = lookupIds('account', accountNames, query.accounts);
  if ('failure' in accounts) return { ok: false, failure: accounts.failure };

  const assigneeIds: string[] = [];
  const assigneeNames: string[] = [];
  for (const ref of query.assignees) {
    const member = assigneeMember(ref, directory, slack, self);
    if ('failure' in member) return { ok: false, failure: member.failure };
    assigneeIds.push(member.id);
    const name = member.name?.trim() || member.email;
    assigneeNames.push(ref.type === 'me' ? `you (${name})` : name);
  }

  const filters: ThreadFilters = {};
  if (tags.ids.length) filters.tagIds = tags.ids;
  if (query.noTags) filters.noTags = true;
  if (statuses.ids.length) filters.statusIds = statuses.ids;
  if (query.noStatus) filters.noStatus = true;
  if (assigneeIds.length) filters.assigneeIds = [...new Set(assigneeIds)];
  if (query.unassigned) filters.noAssignee = true;
  if (campaigns.ids.length) filters.campaignIds = campaigns.ids;
  if (query.noCampaign) filters.noCampaign = true;
  if (query.sort) filters.sortOrder = query.sort === 'oldest' ? 'asc' : 'desc';

  const params: ListThreadsParams = { inbox: VIEWS[query.view] };
  if (accounts.ids.length) params.accountLinkIds = accounts.ids;
  if (Object.keys(filters).length) params.filters = filters;
  const labels: QueryLabels = {
    tags: tags.names,
    statuses: statuses.names,
    assignees: assigneeNames,
    campaigns: campaigns.names,
    accounts: accounts.names,
  };
  return { ok: true, params, labels };
}

function assigneeMember(
  ref: AssigneeRef,
  directory: Directory,
  slack: Slack,
  self: string,
): Member | { failure: ResolveFailure } {
  if (ref.type === 'name') {
    const member = findMember(directory.members, ref.value);
    if (member) return member;
    const names = directory.members.map((m) => m.name ?? m.email);
    return {
      failure: { kind: 'unknown_name', nameKind: 'member', input: ref.value, valid: rankByCloseness(ref.value, names) },
    };
  }
  const slackUserId = ref.type === 'me' ? self : ref.userId;
  const member = slack.get(slackUserId);
  if (!member) return { failure: { kind: 'not_linked', slackUserId, self: slackUserId === self } };
  return member;
}

function slackUsersOf(query: ListQuery, self: string): string[] {
  return [
    ...new Set(query.assignees.flatMap((a) => (a.type === 'me' ? [self] : a.type === 'slack' ? [a.userId] : []))),
  ];
}

/** Resolves names against the cached directory, refreshing it once when a name is unknown. */
export async function resolveListQuery(
  query: ListQuery,
  ctx: { directory: DirectoryService; identity: IdentityService; slackUserId: string },
): Promise<Resolution> {
  const slack: Slack = new Map();
  for (const id of slackUsersOf(query, ctx.slackUserId)) slack.set(id, await ctx.identity.memberFor(id));
  const first = resolveAgainst(query, await ctx.directory.get(), slack, ctx.slackUserId);
  if (first.ok || first.failure.kind !== 'unknown_name') return first;
  return resolveAgainst(query, await ctx.directory.refresh(), slack, ctx.slackUserId);
}

/** One member named the way `assignee:` names them (me, a Slack user, a name or an email). */
export async function resolveMember(
  ref: AssigneeRef,
  ctx: { directory: DirectoryService; identity: IdentityService; slackUserId: string },
): Promise<{ ok: true; member: Member } | { ok: false; failure: ResolveFailure }> {
  const resolved = await resolveListQuery({ ...emptyListQuery(), assignees: [ref] }, ctx);
  if (!resolved.ok) return resolved;
  const id = resolved.params.filters?.assigneeIds?.[0];
  const member = (await ctx.directory.get()).members.find((m) => m.id === id);
  return member
    ? { ok: true, member }
    : { ok: false, failure: { kind: 'unknown_name', nameKind: 'member', input: '', valid: [] } };
}
