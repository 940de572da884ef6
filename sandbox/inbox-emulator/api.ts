/**
 * The Inbox API v1 routes: path templates exactly as in the vendor OpenAPI document, request
 * validation (400), and a call into the store. Only the endpoints the app uses, plus prospects.
 */
import { validationError } from './errors.js';
import { EVENTS_DEFAULT_LIMIT, EVENTS_MAX_LIMIT } from './events.js';
import { assertId, ID_PATTERN, parseDateTime, type QueryParams } from './query.js';
import type { GroupFilter, InboxStore, PageQuery, ThreadQuery } from './store.js';
import type { ApiCursor, InboxView } from './types.js';

/** Returned by a handler for a 200 with an empty body (DELETE). */
export const EMPTY = Symbol('empty');

interface Context {
  params: Record<string, string>;
  query: QueryParams;
  body: unknown;
  store: InboxStore;
}

interface Route {
  method: string;
  /** The OpenAPI path template, e.g. `/threads/{threadId}`. */
  template: string;
  handle(ctx: Context): unknown;
}

const VIEWS: InboxView[] = ['default', 'no-reply', 'requests', 'archived'];
const GROUPS = [
  ['tags', 'noTags'],
  ['statuses', 'noStatus'],
  ['assignees', 'noAssignee'],
  ['campaigns', 'noCampaign'],
] as const;

const ROUTES: Route[] = [
  { method: 'GET', template: '/team', handle: ({ store }) => store.team() },
  { method: 'GET', template: '/members', handle: ({ store }) => store.members() },
  {
    method: 'GET',
    template: '/members/{memberId}',
    handle: ({ store, params }) => store.member(params.memberId ?? ''),
  },
  { method: 'GET', template: '/account-links', handle: ({ store }) => store.accountLinks() },
  { method: 'GET', template: '/tags', handle: ({ store }) => store.tags() },
  { method: 'GET', template: '/statuses', handle: ({ store }) => store.statuses() },
  {
    method: 'GET',
    template: '/threads',
    handle: ({ store, query }) => store.listThreads(threadQuery(query), page(query, 20)),
  },
  {
    method: 'POST',
    template: '/threads',
    handle: ({ store, body }) => {
      const b = object(body);
      assertId('accountLinkId', b.accountLinkId);
      return store.createThread({ accountLinkId: b.accountLinkId, ...prospectRef(b.externalPlatformId, b.externalId) });
    },
  },
  {
    method: 'GET',
    template: '/threads/lookup',
    handle: ({ store, query }) => {
      const accountLinkId = query.id('accountLinkId');
      if (!accountLinkId) throw validationError("'accountLinkId' is required");
      const ref = prospectRef(query.string('externalPlatformId'), query.string('externalId'));
      return store.lookupThread({ accountLinkId, ...ref });
    },
  },
  {
    method: 'GET',
    template: '/threads/lookup-by-username',
    handle: ({ store, query }) => {
      const username = query.string('username');
      if (!username) throw validationError("'username' is required");
      return store.threadsByUsername(username, query.ids('accountLinkIds'));
    },
  },
  {
    method: 'GET',
    template: '/threads/{threadId}',
    handle: ({ store, params }) => store.getThread(params.threadId ?? ''),
  },
  {
    method: 'PATCH',
    template: '/threads/{threadId}',
    handle: ({ store, params, body }) => {
      const b = body === undefined ? {} : object(body);
      if (b.done !== undefined && typeof b.done !== 'boolean') throw validationError("'done' must be a boolean");
      if (b.assigneeId !== undefined && b.assigneeId !== null) assertId('assigneeId', b.assigneeId);
      return store.updateThread(params.threadId ?? '', {
        done: b.done,
        assigneeId: b.assigneeId as string | null | undefined,
      });
    },
  },
  {
    method: 'DELETE',
    template: '/threads/{threadId}',
    handle: ({ store, params }) => {
      store.deleteThread(params.threadId ?? '');
      return EMPTY;
    },
  },
  {
    method: 'GET',
    template: '/threads/{threadId}/messages',
    handle: ({ store, params, query }) => store.listMessages(params.threadId ?? '', page(query, 50)),
  },
  {
    method: 'POST',
    template: '/threads/{threadId}/messages',
    handle: ({ store, params, body }) => {
      const b = object(body);
      if (typeof b.content !== 'string' || b.content.length === 0) {
        throw validationError("'content' must be a non-empty string");
      }
      if (b.replyToMessageId !== undefined) assertId('replyToMessageId', b.replyToMessageId);
      return store.sendMessage(params.threadId ?? '', { content: b.content, replyToMessageId: b.replyToMessageId });
    },
  },
  {
    method: 'GET',
    template: '/prospects/lookup',
    handle: ({ store, query }) => {
      const platformId = query.string('platformId');
      if (!platformId) throw validationError("'platformId' is required");
      return store.lookupProspect(platformId);
    },
  },
  {
    method: 'GET',
    template: '/events',
    handle: ({ store, query }) => {
      const afterSeq = integerParam(query, 'afterSeq', 0, Number.MAX_SAFE_INTEGER);
      const limit = integerParam(query, 'limit', 1, EVENTS_MAX_LIMIT) ?? EVENTS_DEFAULT_LIMIT;
      return store.events.list(afterSeq, limit);
    },
  },
  {
    method: 'GET',
    template: '/prospects/{prospectId}',
    handle: ({ store, params }) => store.prospect(params.prospectId ?? ''),
  },
];

const COMPILED = ROUTES.map((route) => {
  const names: string[] = [];
  const source = route.template.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, names, pattern: new RegExp(`^${source}/?$`) };
});

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** The first route whose template and method match; literal segments win over `{id}` (table order). */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  for (const { route, names, pattern } of COMPILED) {
    if (route.method !== method) continue;
    const m = pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = safeDecode(m[i + 1] ?? '');
    });
    return { route, params };
  }
  return undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function handleRoute(match: RouteMatch, ctx: Omit<Context, 'params'>): unknown {
  for (const [name, value] of Object.entries(match.params)) {
    if (!ID_PATTERN.test(value)) throw validationError(`Path parameter '${name}' must match ^[0-9a-z]+$`);
  }
  return match.route.handle({ ...ctx, params: match.params });
}

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationError('Request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** Exactly one of externalPlatformId / externalId. */
function prospectRef(externalPlatformId: unknown, externalId: unknown) {
  if ((externalPlatformId === undefined) === (externalId === undefined)) {
    throw validationError("Exactly one of 'externalPlatformId' or 'externalId' is required");
  }
  if (externalId !== undefined) {
    assertId('externalId', externalId);
    return { externalId };
  }
  if (typeof externalPlatformId !== 'string' || !/^\d+$/.test(externalPlatformId)) {
    throw validationError("'externalPlatformId' must be a numeric X user ID");
  }
  return { externalPlatformId };
}

function threadQuery(query: QueryParams): ThreadQuery {
  const inbox = query.string('inbox');
  if (inbox !== undefined && !VIEWS.includes(inbox as InboxView)) {
    throw validationError(`'inbox' must be one of ${VIEWS.join(', ')}`);
  }
  const sortOrder = query.string('filters[sortOrder]');
  if (sortOrder !== undefined && sortOrder !== 'asc' && sortOrder !== 'desc') {
    throw validationError("'filters[sortOrder]' must be asc or desc");
  }
  const out: ThreadQuery = {
    inbox: (inbox ?? 'default') as InboxView,
    accountLinkIds: query.ids('accountLinkIds'),
    sortOrder,
  };
  for (const [group, flag] of GROUPS) {
    const filter: GroupFilter = {
      selectedIds: query.array(`filters[${group}][selectedIds]`),
      none: query.boolean(`filters[${group}][${flag}]`),
    };
    out[group] = filter;
  }
  return out;
}

/** An optional integer query parameter within [min, max]; 400 otherwise. */
function integerParam(query: QueryParams, name: string, min: number, max: number): number | undefined {
  const raw = query.string(name);
  if (raw === undefined) return undefined;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) throw validationError(`'${name}' must be an integer from ${min} to ${max}`);
  return value;
}

/** `limit` (1..100) and the cursor in either form (never both; `cursorId` and `cursorTimestamp` together). */
function page(query: QueryParams, defaultLimit: number): PageQuery {
  const rawLimit = query.string('limit');
  const limit = rawLimit === undefined ? defaultLimit : /^\d+$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
  if (!(limit >= 1 && limit <= 100)) throw validationError("'limit' must be an integer from 1 to 100");
  const flat = readCursor(query, 'cursorId', 'cursorTimestamp');
  const nested = readCursor(query, 'cursor[id]', 'cursor[timestamp]');
  if (flat && nested) throw validationError("Use either 'cursorId'/'cursorTimestamp' or 'cursor[...]', not both");
  return { limit, cursor: flat ?? nested ?? null };
}

function readCursor(query: QueryParams, idKey: string, timestampKey: string): ApiCursor | undefined {
  const id = query.id(idKey);
  const timestamp = query.string(timestampKey);
  if (id === undefined && timestamp === undefined) return undefined;
  if (id === undefined || timestamp === undefined) {
    throw validationError(`'${idKey}' and '${timestampKey}' must be given together`);
  }
  return { id, timestamp: parseDateTime(timestampKey, timestamp) };
}
