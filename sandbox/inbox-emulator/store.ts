/**
 * The emulator's in-memory Inbox: the seeded data plus every change made through the API.
 * Domain rules live here (views, filters, keyset pagination, sends); HTTP concerns live in api.ts.
 */
import { ApiError, threadNotFound } from './errors.js';
import { EventLog, type InboxEventType } from './events.js';
import { createRandom, type Random } from './random.js';
import { buildLargeTeam, buildSeed, iso, SEED_API_USER_ID, type SeedOptions } from './seed.js';
import type {
  ApiAccountLink,
  ApiCursor,
  ApiMember,
  ApiMessage,
  ApiProspectWithThreads,
  ApiStatus,
  ApiTag,
  ApiTeam,
  ApiThread,
  InboxData,
  InboxView,
  ProspectRecord,
  ThreadRecord,
} from './types.js';

/** One filter group: match any of `selectedIds`; `none` also matches an empty value (OR of the two when both given). */
export interface GroupFilter {
  selectedIds?: string[];
  none?: boolean;
}

export interface ThreadQuery {
  inbox?: InboxView;
  accountLinkIds?: string[];
  tags?: GroupFilter;
  statuses?: GroupFilter;
  assignees?: GroupFilter;
  campaigns?: GroupFilter;
  sortOrder?: 'asc' | 'desc';
}

export interface PageQuery {
  limit: number;
  cursor?: ApiCursor | null;
}

/** What tests and tools may read directly (`controls.store`). Returns copies in the API's shapes. */
export interface EmulatorStore {
  team(): ApiTeam;
  members(): ApiMember[];
  accountLinks(): ApiAccountLink[];
  tags(): ApiTag[];
  statuses(): ApiStatus[];
  /** Every matching, non-deleted thread in list order (no pagination); without `inbox`, every view. */
  threads(query?: ThreadQuery): ApiThread[];
  thread(id: string): ApiThread | undefined;
  /** Newest first. */
  messages(threadId: string): ApiMessage[];
  /** The internal campaign association the API does not expose. */
  campaignOf(threadId: string): string | null;
  countByView(): Record<InboxView, number>;
}

export class InboxStore implements EmulatorStore {
  private data!: InboxData;
  private rng!: Random;
  /** Every change, as the documented events (GET /events, webhooks). Survives reset(): seq never goes back. */
  readonly events: EventLog;
  /**
   * Every thread (deleted ones too) sorted by (sort key, id) ascending, built when first needed and dropped
   * when a sort key changes (a message, a new thread, a reset). A page seeks to its cursor by binary search
   * and scans only until it has `limit + 1` matches: time proportional to the page, not to the whole view.
   */
  private sorted: Array<{ k: string; t: ThreadRecord }> | null = null;

  constructor(
    private readonly now: () => Date,
    private readonly seedOptions: SeedOptions = {},
  ) {
    this.events = new EventLog(now);
    this.reset();
  }

  reset(): void {
    this.sorted = null;
    this.data = buildSeed(this.now(), this.seedOptions);
    this.rng = createRandom(0x5eed);
    this.events.clear();
  }

  loadLargeTeam(opts: { noReplyThreads: number; accounts?: number; members?: number }): void {
    this.sorted = null;
    this.data = buildLargeTeam(this.now(), opts);
    this.rng = createRandom(0x5eed);
    this.events.clear();
  }

  private emit(type: InboxEventType, data: unknown): void {
    this.events.record(this.data.team.id, type, data);
  }

  /**
   * Gives a thread another ID (tests: an ID the real API could send but a Slack message cannot carry, such as
   * 300 characters). The thread keeps its place and everything else.
   */
  setThreadId(id: string, newId: string): void {
    const record = this.data.threads.get(id);
    if (!record) throw new ApiError(404, 'THREAD_NOT_FOUND', `Thread with ID '${id}' not found`);
    const threads = new Map<string, ThreadRecord>();
    for (const [key, value] of this.data.threads) {
      if (key === id) threads.set(newId, { ...value, id: newId });
      else threads.set(key, value);
    }
    this.data.threads = threads;
    this.sorted = null;
  }

  team(): ApiTeam {
    return structuredClone(this.data.team);
  }

  members(): ApiMember[] {
    return structuredClone(this.data.members);
  }

  member(id: string): ApiMember {
    const member = this.data.members.find((m) => m.id === id);
    if (!member) throw new ApiError(404, 'MEMBER_NOT_FOUND', `Member with ID '${id}' not found`);
    return structuredClone(member);
  }

  accountLinks(): ApiAccountLink[] {
    return structuredClone(this.data.accountLinks);
  }

  tags(): ApiTag[] {
    return structuredClone(this.data.tags);
  }

  statuses(): ApiStatus[] {
    return structuredClone(this.data.statuses);
  }

  threads(query: ThreadQuery = {}): ApiThread[] {
    return sortByKey(this.matching(query), sortKey, query.sortOrder ?? 'desc').map((t) => this.toApi(t));
  }

  listThreads(query: ThreadQuery, page: PageQuery): { threads: ApiThread[]; nextCursor: ApiCursor | null } {
    const index = this.index();
    const desc = (query.sortOrder ?? 'desc') === 'desc';
    const match = this.matcher(query);
    const cursor = page.cursor;
    // Keyset seek: the first position strictly after the cursor in the list's order.
    let i: number;
    if (desc) i = cursor ? lowerBound(index, cursor.timestamp, cursor.id) - 1 : index.length - 1;
    else i = cursor ? upperBound(index, cursor.timestamp, cursor.id) : 0;
    const step = desc ? -1 : 1;
    const items: ThreadRecord[] = [];
    let more = false;
    for (; i >= 0 && i < index.length; i += step) {
      const t = (index[i] as { t: ThreadRecord }).t;
      if (t.deletedAt || !match(t)) continue;
      if (items.length === page.limit) {
        more = true;
        break;
      }
      items.push(t);
    }
    const last = items.at(-1);
    return {
      threads: items.map((t) => this.toApi(t)),
      nextCursor: more && last ? { timestamp: sortKey(last), id: last.id } : null,
    };
  }

  private index(): Array<{ k: string; t: ThreadRecord }> {
    if (!this.sorted) {
      this.sorted = [...this.data.threads.values()].map((t) => ({ k: sortKey(t), t }));
      this.sorted.sort((a, b) => compareKey(a.k, a.t.id, b.k, b.t.id));
    }
    return this.sorted;
  }

  thread(id: string): ApiThread | undefined {
    const record = this.data.threads.get(id);
    return record && !record.deletedAt ? this.toApi(record) : undefined;
  }

  getThread(id: string): ApiThread {
    return this.toApi(this.record(id));
  }

  lookupThread(q: { accountLinkId: string; externalPlatformId?: string; externalId?: string }): ApiThread | null {
    const prospectId = q.externalId ?? this.prospectByPlatformId(q.externalPlatformId ?? '')?.profile.externalId;
    const found = this.live().find((t) => t.accountLinkId === q.accountLinkId && t.prospectId === prospectId);
    return found ? this.toApi(found) : null;
  }

  threadsByUsername(username: string, accountLinkIds?: string[]): ApiThread[] {
    const wanted = username.toLowerCase();
    return sortByKey(this.matching({ accountLinkIds }), sortKey, 'desc')
      .filter((t) => this.prospectOf(t).profile.username.toLowerCase() === wanted)
      .map((t) => this.toApi(t));
  }

  createThread(q: { accountLinkId: string; externalPlatformId?: string; externalId?: string }): ApiThread {
    const link = this.data.accountLinks.find((l) => l.id === q.accountLinkId);
    if (!link) throw new ApiError(404, 'ACCOUNT_LINK_NOT_FOUND', `Account link with ID '${q.accountLinkId}' not found`);
    const prospect = q.externalId
      ? this.data.prospects.get(q.externalId)
      : this.prospectByPlatformId(q.externalPlatformId ?? '');
    if (!prospect) throw new ApiError(404, 'PROSPECT_NOT_FOUND', 'Prospect not found');
    const prospectId = prospect.profile.externalId ?? '';
    const existing = this.live().find((t) => t.accountLinkId === link.id && t.prospectId === prospectId);
    if (existing) {
      throw new ApiError(
        409,
        'CONFLICT',
        `A thread already exists for this account link and prospect: '${existing.id}'`,
      );
    }
    const [a, b] = [BigInt(link.platformId), BigInt(prospect.profile.platformId)].sort((x, y) => (x < y ? -1 : 1));
    const record: ThreadRecord = {
      id: this.rng.id(),
      platformId: `${a}:${b}`,
      done: false,
      assigneeId: null,
      createdAt: iso(this.now().getTime()),
      status: 'active',
      variant: 'unencrypted',
      accountLinkId: link.id,
      isRequest: false,
      prospectId,
      campaignId: null,
      deletedAt: null,
      messages: [],
    };
    this.data.threads.set(record.id, record);
    this.sorted = null;
    const thread = this.toApi(record);
    this.emit('thread.created', { thread });
    return thread;
  }

  updateThread(id: string, patch: { done?: boolean; assigneeId?: string | null }): ApiThread {
    const record = this.record(id);
    if (patch.assigneeId) this.member(patch.assigneeId);
    const wasDone = record.done;
    const wasAssignee = record.assigneeId;
    if (patch.done !== undefined) record.done = patch.done;
    if (patch.assigneeId !== undefined) record.assigneeId = patch.assigneeId;
    const thread = this.toApi(record);
    // Only real changes are events (a repeated PATCH changes nothing and emits nothing).
    if (record.assigneeId !== wasAssignee) {
      this.emit(record.assigneeId ? 'thread.assigned' : 'thread.unassigned', { thread });
    }
    if (record.done !== wasDone) this.emit(record.done ? 'thread.archived' : 'thread.unarchived', { thread });
    return thread;
  }

  deleteThread(id: string): void {
    const record = this.record(id);
    const thread = this.toApi(record);
    record.deletedAt = iso(this.now().getTime());
    this.emit('thread.deleted', { thread });
  }

  messages(threadId: string): ApiMessage[] {
    const record = this.data.threads.get(threadId);
    return record ? structuredClone(record.messages).reverse() : [];
  }

  listMessages(threadId: string, page: PageQuery) {
    const record = this.record(threadId);
    const { items, nextCursor } = paginate(record.messages, page, (m) => m.createdAt, 'desc');
    return {
      teamId: this.data.team.id,
      threadId,
      messages: structuredClone(items),
      nextCursor,
      isSyncing: false,
    };
  }

  /** A send from the API: origin 'api', authored by the account link; the thread leaves no-reply and requests. */
  sendMessage(threadId: string, body: { content: string; replyToMessageId?: string }): ApiMessage {
    const record = this.record(threadId);
    const replyTo = body.replyToMessageId;
    if (replyTo && !record.messages.some((m) => m.id === replyTo)) {
      throw new ApiError(404, 'MESSAGE_NOT_FOUND', `Message with ID '${replyTo}' not found`);
    }
    const message: ApiMessage = {
      ...this.newMessage(record, body.content, {
        authorId: record.accountLinkId,
        userId: SEED_API_USER_ID,
        origin: 'api',
      }),
      replyData: replyTo ? { messageId: replyTo } : null,
    };
    record.messages.push(message);
    record.isRequest = false;
    this.sorted = null; // its sort key moved
    this.emit('message.created', { message, thread: this.toApi(record) });
    return structuredClone(message);
  }

  /**
   * The outside world (controls only): the prospect writes `content` on the thread. The message is
   * inbound (authored by the prospect); a thread that was done comes back (done=false, thread.unarchived,
   * as Inbox reopens a conversation the prospect revives).
   */
  simulateInbound(threadId: string, content: string): ApiMessage {
    const record = this.record(threadId);
    const message = this.newMessage(record, content, { authorId: record.prospectId, userId: null, origin: 'external' });
    record.messages.push(message);
    this.sorted = null; // its sort key moved
    const thread = this.toApi(record);
    this.emit('message.created', { message, thread });
    if (record.done) {
      record.done = false;
      this.emit('thread.unarchived', { thread: this.toApi(record) });
    }
    return structuredClone(message);
  }

  /**
   * The outside world (controls only): a new message request from someone not yet in the CRM, on the first
   * account link (or `accountLinkId`). Creates the prospect and a request thread with the first message.
   */
  simulateRequest(opts: { content: string; displayName?: string; username?: string; accountLinkId?: string }): {
    thread: ApiThread;
    message: ApiMessage;
  } {
    const link = opts.accountLinkId
      ? this.data.accountLinks.find((l) => l.id === opts.accountLinkId)
      : this.data.accountLinks[0];
    if (!link) throw new ApiError(404, 'ACCOUNT_LINK_NOT_FOUND', 'Account link not found');
    const template = this.data.prospects.values().next().value;
    if (!template) throw new Error('store: no prospect to model a new one on');
    const n = this.data.prospects.size + 1;
    const username = (opts.username ?? `newprospect${n}`).replace(/^@/, '').slice(0, 15);
    const externalId = this.rng.id();
    const platformId = `17${this.rng.digits(17)}`;
    const at = iso(this.now().getTime());
    this.data.prospects.set(externalId, {
      profile: {
        ...structuredClone(template.profile),
        platformId,
        externalId,
        displayName: opts.displayName ?? `New Prospect ${n}`,
        username,
        handle: `@${username}`,
        bio: null,
        profileUrl: `https://x.com/${username}`,
        verified: 'none',
        profileType: 'personal',
        firstSeenAt: at,
        lastUpdatedAt: at,
      },
      context: { tags: [], statusId: null, valuation: null, notes: null },
    });
    const [a, b] = [BigInt(link.platformId), BigInt(platformId)].sort((x, y) => (x < y ? -1 : 1));
    const record: ThreadRecord = {
      id: this.rng.id(),
      platformId: `${a}:${b}`,
      done: false,
      assigneeId: null,
      createdAt: at,
      status: 'active',
      variant: 'unencrypted',
      accountLinkId: link.id,
      isRequest: true,
      prospectId: externalId,
      campaignId: null,
      deletedAt: null,
      messages: [],
    };
    this.data.threads.set(record.id, record);
    this.emit('thread.created', { thread: this.toApi(record) });
    const message = this.newMessage(record, opts.content, { authorId: externalId, userId: null, origin: 'external' });
    record.messages.push(message);
    this.sorted = null; // a new thread, with a new sort key
    const thread = this.toApi(record);
    this.emit('message.created', { message, thread });
    return { thread, message: structuredClone(message) };
  }

  private newMessage(
    record: ThreadRecord,
    content: string,
    who: { authorId: string; userId: string | null; origin: ApiMessage['origin'] },
  ): ApiMessage {
    const last = record.messages.at(-1);
    // Strictly after the previous message, so "newest first" stays well-defined under a frozen clock.
    const at = Math.max(this.now().getTime(), last ? Date.parse(last.createdAt) + 1 : 0);
    return {
      platform: 'twitter',
      teamId: this.data.team.id,
      threadId: record.id,
      id: this.rng.id(),
      userId: who.userId,
      createdAt: iso(at),
      updatedAt: null,
      platformId: `19${this.rng.digits(17)}`,
      content,
      campaignId: null,
      authorId: who.authorId,
      origin: who.origin,
      replyData: null,
      forwardData: null,
      entities: null,
      attachment: null,
      reactions: [],
      isEncrypted: record.variant === 'xChat' ? true : null,
      isEdited: false,
      deletedAt: null,
      platformDeletedAt: null,
    };
  }

  prospect(externalId: string): ApiProspectWithThreads {
    const prospect = this.data.prospects.get(externalId);
    if (!prospect) throw new ApiError(404, 'PROSPECT_NOT_FOUND', `Prospect with ID '${externalId}' not found`);
    return this.toApiProspect(prospect);
  }

  lookupProspect(platformId: string): ApiProspectWithThreads | null {
    const prospect = this.prospectByPlatformId(platformId);
    return prospect ? this.toApiProspect(prospect) : null;
  }

  campaignOf(threadId: string): string | null {
    return this.data.threads.get(threadId)?.campaignId ?? null;
  }

  countByView(): Record<InboxView, number> {
    const views: InboxView[] = ['default', 'no-reply', 'requests', 'archived'];
    return Object.fromEntries(views.map((inbox) => [inbox, this.matching({ inbox }).length])) as Record<
      InboxView,
      number
    >;
  }

  private live(): ThreadRecord[] {
    return [...this.data.threads.values()].filter((t) => !t.deletedAt);
  }

  private record(id: string): ThreadRecord {
    const record = this.data.threads.get(id);
    if (!record || record.deletedAt) throw threadNotFound(id);
    return record;
  }

  private prospectOf(thread: ThreadRecord): ProspectRecord {
    const prospect = this.data.prospects.get(thread.prospectId);
    if (!prospect) throw new Error(`store: thread ${thread.id} has no prospect`);
    return prospect;
  }

  private prospectByPlatformId(platformId: string): ProspectRecord | undefined {
    for (const p of this.data.prospects.values()) if (p.profile.platformId === platformId) return p;
    return undefined;
  }

  /** Non-deleted threads in the view, narrowed by every filter group (AND across groups); unsorted. */
  private matching(q: ThreadQuery): ThreadRecord[] {
    return this.live().filter(this.matcher(q));
  }

  /** The view and filter test of one thread (deleted threads are the caller's business). */
  private matcher(q: ThreadQuery): (t: ThreadRecord) => boolean {
    const accounts = q.accountLinkIds?.length ? new Set(q.accountLinkIds) : null;
    return (t) => {
      if (q.inbox && !inView(t, q.inbox)) return false;
      if (accounts && !accounts.has(t.accountLinkId)) return false;
      const context = this.prospectOf(t).context;
      return (
        matchesGroup(q.tags, context.tags) &&
        matchesGroup(q.statuses, context.statusId ? [context.statusId] : []) &&
        matchesGroup(q.assignees, t.assigneeId ? [t.assigneeId] : []) &&
        matchesGroup(q.campaigns, t.campaignId ? [t.campaignId] : [])
      );
    };
  }

  private toApi(t: ThreadRecord): ApiThread {
    const prospect = this.prospectOf(t);
    const last = t.messages.at(-1);
    return structuredClone({
      id: t.id,
      platform: 'twitter',
      platformId: t.platformId,
      done: t.done,
      assigneeId: t.assigneeId,
      lastMessageTimestamp: last?.createdAt ?? null,
      computedSortTimestamp: sortKey(t),
      createdAt: t.createdAt,
      status: t.status,
      variant: t.variant,
      accountLinkId: t.accountLinkId,
      isSyncing: false,
      isRequest: t.isRequest,
      typingIndicatorsEnabled: null,
      lastMessage: last
        ? {
            id: last.id,
            content: last.content,
            authorId: last.authorId,
            createdAt: last.createdAt,
            userId: last.userId,
            campaignId: last.campaignId,
          }
        : null,
      prospect: { ...prospect.profile, context: prospect.context },
    });
  }

  private toApiProspect(p: ProspectRecord): ApiProspectWithThreads {
    const threads = this.live()
      .filter((t) => t.prospectId === p.profile.externalId)
      .map((t) => ({
        id: t.id,
        accountLinkId: t.accountLinkId,
        lastMessageTimestamp: t.messages.at(-1)?.createdAt ?? null,
        createdAt: t.createdAt,
      }));
    return structuredClone({ ...p.profile, context: { ...p.context, threads } });
  }
}

/**
 * The views: default = open and not a request; no-reply = default and the prospect sent the last
 * message (the seed guide's definition); requests = open requests; archived = done.
 */
function inView(t: ThreadRecord, view: InboxView): boolean {
  switch (view) {
    case 'default':
      return !t.done && !t.isRequest && t.status === 'active';
    case 'no-reply': {
      const last = t.messages.at(-1);
      return inView(t, 'default') && last !== undefined && last.authorId !== t.accountLinkId;
    }
    case 'requests':
      return t.isRequest && !t.done;
    case 'archived':
      return t.done;
  }
}

function matchesGroup(filter: GroupFilter | undefined, values: string[]): boolean {
  const selected = filter?.selectedIds?.length ? filter.selectedIds : null;
  const none = filter?.none === true;
  if (!selected && !none) return true;
  return (none && values.length === 0) || (selected !== null && values.some((v) => selected.includes(v)));
}

function sortKey(t: ThreadRecord): string {
  return t.messages.at(-1)?.createdAt ?? t.createdAt;
}

function compareKey(ak: string, aid: string, bk: string, bid: string): number {
  return ak < bk ? -1 : ak > bk ? 1 : aid < bid ? -1 : aid > bid ? 1 : 0;
}

/** First position whose (key, id) is ≥ the given one, in an ascending index. */
function lowerBound(index: Array<{ k: string; t: { id: string } }>, k: string, id: string): number {
  let lo = 0;
  let hi = index.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const item = index[mid] as { k: string; t: { id: string } };
    if (compareKey(item.k, item.t.id, k, id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First position whose (key, id) is > the given one, in an ascending index. */
function upperBound(index: Array<{ k: string; t: { id: string } }>, k: string, id: string): number {
  let lo = 0;
  let hi = index.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const item = index[mid] as { k: string; t: { id: string } };
    if (compareKey(item.k, item.t.id, k, id) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sort by (key, id); ISO timestamps of one format compare correctly as strings. */
function sortByKey<T extends { id: string }>(items: T[], key: (item: T) => string, order: 'asc' | 'desc'): T[] {
  const sign = order === 'asc' ? 1 : -1;
  const keyed = items.map((item) => ({ item, k: key(item) }));
  keyed.sort(
    (a, b) => sign * (a.k < b.k ? -1 : a.k > b.k ? 1 : a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0),
  );
  return keyed.map((x) => x.item);
}

/** Keyset pagination over (key, id): the page starts strictly after the cursor in the list's order. */
function paginate<T extends { id: string }>(
  items: T[],
  page: PageQuery,
  key: (item: T) => string,
  order: 'asc' | 'desc',
): { items: T[]; nextCursor: ApiCursor | null } {
  const cursor = page.cursor;
  const after = (item: T) => {
    if (!cursor) return true;
    const k = key(item);
    const cmp =
      k < cursor.timestamp ? -1 : k > cursor.timestamp ? 1 : item.id < cursor.id ? -1 : item.id > cursor.id ? 1 : 0;
    return order === 'asc' ? cmp > 0 : cmp < 0;
  };
  const rest = sortByKey(items.filter(after), key, order);
  const slice = rest.slice(0, page.limit);
  const last = slice.at(-1);
  return { items: slice, nextCursor: rest.length > page.limit && last ? { timestamp: key(last), id: last.id } : null };
}
