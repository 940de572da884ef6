/**
 * Query-string builders for the Inbox API v1 (pure). Arrays use the indexed bracket form the vendor
 * guide uses (`accountLinkIds[0]=…`, `filters[tags][selectedIds][0]=…`); booleans are `true`.
 */
import type { Cursor } from './schemas.js';
import type { ListEventsParams, ListMessagesParams, ListThreadsParams, ThreadFilters } from './types.js';

/** Ordered query entries (order is kept so requests are deterministic and easy to assert on). */
export type QueryEntries = Array<[string, string]>;

function indexed(entries: QueryEntries, key: string, values: ReadonlyArray<string> | null | undefined): void {
  values?.forEach((value, i) => {
    entries.push([`${key}[${i}]`, value]);
  });
}

/**
 * The seed guide's `buildFilters`, typed. Each group's `selectedIds` are OR-ed; groups AND together.
 * A `no*` flag is only sent when true (the API ignores false), exactly like the guide.
 */
export function buildFilters(filters: ThreadFilters = {}): QueryEntries {
  const entries: QueryEntries = [];
  indexed(entries, 'filters[tags][selectedIds]', filters.tagIds);
  indexed(entries, 'filters[statuses][selectedIds]', filters.statusIds);
  indexed(entries, 'filters[assignees][selectedIds]', filters.assigneeIds);
  indexed(entries, 'filters[campaigns][selectedIds]', filters.campaignIds);
  if (filters.noTags) entries.push(['filters[tags][noTags]', 'true']);
  if (filters.noStatus) entries.push(['filters[statuses][noStatus]', 'true']);
  if (filters.noAssignee) entries.push(['filters[assignees][noAssignee]', 'true']);
  if (filters.noCampaign) entries.push(['filters[campaigns][noCampaign]', 'true']);
  if (filters.sortOrder) entries.push(['filters[sortOrder]', filters.sortOrder]);
  return entries;
}

function cursorEntries(entries: QueryEntries, cursor: Cursor | null | undefined): void {
  if (!cursor) return;
  // cursorId and cursorTimestamp must travel together (the deprecated cursor[...] form is never sent).
  entries.push(['cursorId', cursor.id], ['cursorTimestamp', cursor.timestamp]);
}

function limitEntry(entries: QueryEntries, limit: number | undefined, max = 100): void {
  if (limit === undefined) return;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new RangeError(`limit must be an integer from 1 to ${max}, got ${limit}`);
  }
  entries.push(['limit', String(limit)]);
}

/** Every `GET /threads` parameter: inbox view, account links, filters, limit, cursor. */
export function buildThreadListQuery(params: ListThreadsParams = {}): QueryEntries {
  const entries: QueryEntries = [];
  if (params.inbox) entries.push(['inbox', params.inbox]);
  indexed(entries, 'accountLinkIds', params.accountLinkIds);
  entries.push(...buildFilters(params.filters));
  limitEntry(entries, params.limit);
  cursorEntries(entries, params.cursor);
  return entries;
}

/** `GET /threads/{threadId}/messages` parameters. */
export function buildMessageListQuery(params: ListMessagesParams = {}): QueryEntries {
  const entries: QueryEntries = [];
  limitEntry(entries, params.limit);
  cursorEntries(entries, params.cursor);
  return entries;
}

/** `GET /events` parameters: `afterSeq` (exclusive, a whole number) and `limit` (1..1000). */
export function buildEventListQuery(params: ListEventsParams = {}): QueryEntries {
  const entries: QueryEntries = [];
  const after = params.afterSeq;
  if (after !== undefined && after !== null) {
    if (!Number.isSafeInteger(after) || after < 0)
      throw new RangeError(`afterSeq must be a whole number, got ${after}`);
    entries.push(['afterSeq', String(after)]);
  }
  limitEntry(entries, params.limit, 1000);
  return entries;
}

/** `a=1&b%5B0%5D=2` — percent-encodes keys and values (brackets included, which the API accepts). */
export function toQueryString(entries: QueryEntries): string {
  return entries.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
}
