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

function assignees(query: ListQuery): string {
  return query.assignees.map(assigneeWords).join(' or ');
}

/** Filter phrases for a header: ["tag hot lead", "assigned to me"]. Slack mrkdwn, user values escaped. */
function shortParts(query: ListQuery): string[] {
  const parts: string[] = [];
  if (query.tags.length > 0) parts.push(`${query.tags.length > 1 ? 'tags' : 'tag'} ${names(query.tags)}`);
  if (query.noTags) parts.push('no tags');
  if (query.statuses.length > 0) parts.push(`status ${names(query.statuses)}`);
  if (query.noStatus) parts.push('no status');
  if (query.assignees.length > 0) parts.push(`assigned to ${assignees(query)}`);
  if (query.unassigned) parts.push('unassigned');
  if (query.campaigns.length > 0) parts.push(`campaign ${names(query.campaigns)}`);
  if (query.noCampaign) parts.push('no campaign');
  if (query.accounts.length > 0) parts.push(`on ${names(query.accounts, '@')}`);
  return parts;
}

/**
 * Human words for a list header, e.g. "Awaiting reply · tag hot lead · assigned to me".
 * Returns Slack mrkdwn: user-entered names are escaped; Slack users render as mentions.
 */
export function describeQuery(query: ListQuery): string {
  const parts = [VIEW_LABELS[query.view], ...shortParts(query)];
  if (query.sort !== undefined) parts.push(`${query.sort} first`);
  return parts.join(' · ');
}

/** "No threads awaiting reply with tag hot lead, assigned to me." (mrkdwn, like describeQuery). */
export function describeNoResults(query: ListQuery): string {
  const parts: string[] = [];
  if (query.tags.length > 0) parts.push(`with ${query.tags.length > 1 ? 'tags' : 'tag'} ${names(query.tags)}`);
  if (query.noTags) parts.push('with no tags');
  if (query.statuses.length > 0) parts.push(`with status ${names(query.statuses)}`);
  if (query.noStatus) parts.push('with no status');
  if (query.assignees.length > 0) parts.push(`assigned to ${assignees(query)}`);
  if (query.unassigned) parts.push('unassigned');
  if (query.campaigns.length > 0) parts.push(`from campaign ${names(query.campaigns)}`);
  if (query.noCampaign) parts.push('not from a campaign');
  if (query.accounts.length > 0) parts.push(`on ${names(query.accounts, '@')}`);
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
