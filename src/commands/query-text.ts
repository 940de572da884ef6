/**
 * A ListQuery in words: `describeQuery` for list headers, `describeNoResults` for empty lists, and `formatQuery`,
 * the canonical `/inbox` text that parses back to the same query (used by "Next page" and the digest's
 * "and N more" line).
 */
import { escapeMrkdwn } from '../blocks/escape.js';
import type { AssigneeRef, ListQuery, ListView } from './grammar.js';

const VIEW_LABELS: Record<ListView, string> = {
  active: 'Active',
  noreply: 'Awaiting reply',
  requests: 'Message requests',
  archived: 'Archived',
};

const VIEW_NOUNS: Record<ListView, string> = {
  active: 'active threads',
  noreply: 'threads awaiting reply',
  requests: 'message requests',
  archived: 'archived threads',
};

function names(values: readonly string[], prefix = ''): string {
  return values.map((v) => `${prefix}${escapeMrkdwn(v)}`).join(' or ');
}

/**
 * What the names of a query resolved to, as Inbox spells them (`alice` → "Alice Chen", `me` → "you (Alice
 * Chen)"), in the query's order. Headers show these rather than what was typed, so a user sees what was matched.
 */
export interface QueryLabels {
  tags: string[];
  statuses: string[];
  assignees: string[];
  campaigns: string[];
  accounts: string[];
}

function assigneeWords(ref: AssigneeRef): string {
  switch (ref.type) {
    case 'me':
      return 'me';
    case 'slack':
      return `<@${ref.userId}>`;
    case 'name':
      return escapeMrkdwn(ref.value);
  }
}

function assignees(query: ListQuery, labels?: QueryLabels): string {
  return labels ? names(labels.assignees) : query.assignees.map(assigneeWords).join(' or ');
}

/** Filter phrases for a header: ["tag hot lead", "assigned to me"]. Slack mrkdwn, user values escaped. */
function shortParts(query: ListQuery, labels?: QueryLabels): string[] {
  const parts: string[] = [];
  const tags = labels?.tags ?? query.tags;
  const statuses = labels?.statuses ?? query.statuses;
  const campaigns = labels?.campaigns ?? query.campaigns;
  const accounts = labels?.accounts ?? query.accounts;
  if (tags.length > 0) parts.push(`${tags.length > 1 ? 'tags' : 'tag'} ${names(tags)}`);
  if (query.noTags) parts.push('no tags');
  if (statuses.length > 0) parts.push(`status ${names(statuses)}`);
  if (query.noStatus) parts.push('no status');
  if (query.assignees.length > 0) parts.push(`assigned to ${assignees(query, labels)}`);
  if (query.unassigned) parts.push('unassigned');
  if (campaigns.length > 0) parts.push(`campaign ${names(campaigns)}`);
  if (query.noCampaign) parts.push('no campaign');
  if (accounts.length > 0) parts.push(`on ${names(accounts, '@')}`);
  return parts;
}

/**
 * Human words for a list header, e.g. "Awaiting reply · tag hot lead · assigned to Alice Chen". With `labels`,
 * the names are those Inbox matched; without, as typed. Slack mrkdwn: names are escaped.
 */
export function describeQuery(query: ListQuery, labels?: QueryLabels): string {
  const parts = [VIEW_LABELS[query.view], ...shortParts(query, labels)];
  if (query.sort !== undefined) parts.push(`${query.sort} first`);
  return parts.join(' · ');
}

/** "No threads awaiting reply with tag hot lead, assigned to me." (mrkdwn, like describeQuery). */
export function describeNoResults(query: ListQuery, labels?: QueryLabels): string {
  const parts: string[] = [];
  const tags = labels?.tags ?? query.tags;
  const statuses = labels?.statuses ?? query.statuses;
  const campaigns = labels?.campaigns ?? query.campaigns;
  const accounts = labels?.accounts ?? query.accounts;
  if (tags.length > 0) parts.push(`with ${tags.length > 1 ? 'tags' : 'tag'} ${names(tags)}`);
  if (query.noTags) parts.push('with no tags');
  if (statuses.length > 0) parts.push(`with status ${names(statuses)}`);
  if (query.noStatus) parts.push('with no status');
  if (query.assignees.length > 0) parts.push(`assigned to ${assignees(query, labels)}`);
  if (query.unassigned) parts.push('unassigned');
  if (campaigns.length > 0) parts.push(`from campaign ${names(campaigns)}`);
  if (query.noCampaign) parts.push('not from a campaign');
  if (accounts.length > 0) parts.push(`on ${names(accounts, '@')}`);
  const head = `No ${VIEW_NOUNS[query.view]}`;
  return `${head}${parts.length > 0 ? ` ${parts.join(', ')}` : ''}.`;
}

const NEEDS_QUOTES = /[\s"'“”„‘’]|^@|^$/u;

/** A value as the grammar reads it back: entities for `& < >`, quoted (with `\` escapes) when needed. */
export function formatValue(value: string, opts: { forceQuotes?: boolean } = {}): string {
  const encoded = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (!opts.forceQuotes && !NEEDS_QUOTES.test(value)) return encoded;
  return `"${encoded.replace(/[\\"'“”„‘’]/g, (ch) => `\\${ch}`)}"`;
}

function formatAssignee(ref: AssigneeRef): string {
  switch (ref.type) {
    case 'me':
      return 'assignee:me';
    case 'slack':
      return `assignee:<@${ref.userId}>`;
    case 'name':
      return `assignee:${formatValue(ref.value, { forceQuotes: ref.value.toLowerCase() === 'me' })}`;
  }
}

/** Canonical `/inbox` text (without the `/inbox`) that `parseCommand` turns back into the same query. */
export function formatQuery(query: ListQuery): string {
  const words = ['list'];
  if (query.view !== 'active') words.push(query.view);
  for (const tag of query.tags) words.push(`tag:${formatValue(tag)}`);
  if (query.noTags) words.push('notags');
  for (const status of query.statuses) words.push(`status:${formatValue(status)}`);
  if (query.noStatus) words.push('nostatus');
  for (const ref of query.assignees) words.push(formatAssignee(ref));
  if (query.unassigned) words.push('unassigned');
  for (const campaign of query.campaigns) words.push(`campaign:${formatValue(campaign)}`);
  if (query.noCampaign) words.push('nocampaign');
  for (const account of query.accounts) words.push(`account:@${account}`);
  if (query.sort !== undefined) words.push(query.sort);
  if (query.limit !== undefined) words.push(`limit:${query.limit}`);
  return words.join(' ');
}
