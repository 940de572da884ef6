/**
 * The Inbox API v1 client's public surface. `createInboxClient` (client.ts) implements it; services,
 * the digest and the tests code against this interface, never against axios.
 */

import type { InboxPriority, QueuedInfo } from './scheduler.js';
import type {
  AccountLink,
  Cursor,
  EventPage,
  Member,
  Message,
  MessagePage,
  Status,
  Tag,
  Team,
  Thread,
  ThreadPage,
} from './schemas.js';

export type InboxView = 'default' | 'no-reply' | 'requests' | 'archived';
export type SortOrder = 'asc' | 'desc';

/** The guide's buildFilters options: each group is OR inside, groups AND together. */
export interface ThreadFilters {
  tagIds?: string[];
  statusIds?: string[];
  assigneeIds?: string[];
  campaignIds?: string[];
  noTags?: boolean;
  noStatus?: boolean;
  noAssignee?: boolean;
  noCampaign?: boolean;
  sortOrder?: SortOrder;
}

export interface ListThreadsParams {
  inbox?: InboxView;
  accountLinkIds?: string[];
  filters?: ThreadFilters;
  /** 1..100, default 20 on the server. */
  limit?: number;
  cursor?: Cursor | null;
}

export interface LookupThreadParams {
  accountLinkId: string;
  externalPlatformId?: string;
  externalId?: string;
}

export interface CreateThreadParams {
  accountLinkId: string;
  externalPlatformId?: string;
  externalId?: string;
}

export interface UpdateThreadParams {
  done?: boolean;
  /** A member ID, or null to unassign. */
  assigneeId?: string | null;
}

export interface ListMessagesParams {
  limit?: number;
  cursor?: Cursor | null;
}

export interface ListEventsParams {
  /** Exclusive; omitted = from the oldest retained event (events are kept 7 days). */
  afterSeq?: number | null;
  /** 1..1000 (server default 100). */
  limit?: number;
}
/** Inbox documents no maximum for a DM; X's limit is 10,000 characters (reference §8.2), so that is the limit. */
export const MAX_DM_CHARS = 10_000;

export interface SendMessageParams {
  content: string;
  replyToMessageId?: string;
}

/** Per-call options. */
export interface CallOptions {
  /** Abort the call (and any pending retry) when this signal fires. */
  signal?: AbortSignal;
  /** Its class in the team's shared quota (default 'interactive'): digests and refreshes pass 'background'. */
  priority?: InboxPriority;
  /** Called (at most once per call) when the request waits in the quota queue longer than a few seconds. */
  onQueued?: (info: QueuedInfo) => void;
  /** How long the call may wait for the team's quota, ms (default: its deadline). For callers that tell the user. */
  queueDeadlineMs?: number;
}

export interface InboxClient {
  getTeam(opts?: CallOptions): Promise<Team>;
  listMembers(opts?: CallOptions): Promise<Member[]>;
  getMember(memberId: string, opts?: CallOptions): Promise<Member>;
  listAccountLinks(opts?: CallOptions): Promise<AccountLink[]>;
  listTags(opts?: CallOptions): Promise<Tag[]>;
  listStatuses(opts?: CallOptions): Promise<Status[]>;

  listThreads(params?: ListThreadsParams, opts?: CallOptions): Promise<ThreadPage>;
  /** Every page of a thread list, in order; stops on nextCursor null and never loops on a repeated cursor. */
  iterateThreadPages(params?: ListThreadsParams, opts?: CallOptions): AsyncIterable<ThreadPage>;
  lookupThread(params: LookupThreadParams, opts?: CallOptions): Promise<Thread | null>;
  /** Strips a leading '@'; exact, case-insensitive match on the server. */
  lookupThreadsByUsername(username: string, accountLinkIds?: string[], opts?: CallOptions): Promise<Thread[]>;
  createThread(params: CreateThreadParams, opts?: CallOptions): Promise<Thread>;
  getThread(threadId: string, opts?: CallOptions): Promise<Thread>;
  updateThread(threadId: string, params: UpdateThreadParams, opts?: CallOptions): Promise<Thread>;
  deleteThread(threadId: string, opts?: CallOptions): Promise<void>;

  listMessages(threadId: string, params?: ListMessagesParams, opts?: CallOptions): Promise<MessagePage>;
  /** One page of the team's events (webhook replay), oldest first. */
  listEvents(params?: ListEventsParams, opts?: CallOptions): Promise<EventPage>;
  /** Every page after `afterSeq`, continuing with `afterSeq = lastSeq` while `hasMore`. */
  iterateEvents(params?: ListEventsParams, opts?: CallOptions): AsyncIterable<EventPage>;

  /** Never retried: v1 sends are not idempotent. */
  sendMessage(threadId: string, params: SendMessageParams, opts?: CallOptions): Promise<Message>;
}
