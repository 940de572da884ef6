/**
 * zod schemas for the Inbox API v1 responses (shapes from spec/inbox-openapi-v1.json).
 *
 * Tolerant reader: unknown extra keys are accepted (and stripped); the fields the app relies on are
 * required and typed; descriptive fields the app only displays are nullish so that a sparse real
 * response (the vendor's own guide shows prospects with most keys omitted) still parses.
 */
import { z } from 'zod';

/** Inbox IDs as the API validates them in paths and queries. */
export const INBOX_ID_PATTERN = /^[0-9a-z]+$/;
export const InboxId = z.string().regex(INBOX_ID_PATTERN);
/**
 * IDs in responses: any non-empty string. The request side validates IDs strictly (before they go
 * into a path); the reader stays tolerant — the vendor's own OpenAPI examples (`df6jbw4h36...`) would
 * fail the strict pattern, and rejecting a whole page for an odd ID helps nobody.
 */
const ResponseId = z.string().min(1);

const Timestamp = z.string().min(1);

export const TeamSchema = z.object({
  id: ResponseId,
  name: z.string(),
  slug: z.string(),
  image: z.string().nullish(),
  createdAt: Timestamp,
  updatedAt: Timestamp.nullish(),
  currency: z.string().nullish(),
  allowSupportAccess: z.boolean().nullish(),
});
export type Team = z.infer<typeof TeamSchema>;

export const MemberRoleSchema = z.enum(['owner', 'admin', 'user']);
export const MemberSchema = z.object({
  id: ResponseId,
  userId: z.string(),
  name: z.string().nullable(),
  email: z.string(),
  image: z.string().nullish(),
  role: z.string(),
  createdAt: Timestamp.nullish(),
  updatedAt: Timestamp.nullish(),
});
export type Member = z.infer<typeof MemberSchema>;

export const AccountLinkSchema = z.object({
  id: ResponseId,
  platform: z.string(),
  platformId: z.string(),
  name: z.string(),
  username: z.string(),
  image: z.string().nullish(),
  createdAt: Timestamp.nullish(),
  status: z.string(),
  syncedAt: Timestamp.nullish(),
});
export type AccountLink = z.infer<typeof AccountLinkSchema>;

export const TagSchema = z.object({
  id: ResponseId,
  name: z.string(),
  color: z.string().nullish(),
});
export type Tag = z.infer<typeof TagSchema>;

export const StatusSchema = z.object({
  id: ResponseId,
  name: z.string(),
  color: z.string().nullish(),
  createdAt: Timestamp.nullish(),
});
export type Status = z.infer<typeof StatusSchema>;

export const ProspectContextSchema = z.object({
  tags: z.array(z.string()),
  statusId: z.string().nullable(),
  valuation: z.number().nullable(),
  notes: z.string().nullable(),
  assigneeId: z.string().nullish(),
});
export type ProspectContext = z.infer<typeof ProspectContextSchema>;

export const VerifiedSchema = z.enum(['none', 'verified', 'business', 'government']);

export const ProspectSchema = z.object({
  platform: z.string(),
  platformId: z.string(),
  externalId: z.string().nullish(),
  displayName: z.string(),
  username: z.string(),
  handle: z.string().nullish(),
  image: z.string().nullish(),
  imageNormalized: z.string().nullish(),
  bio: z.string().nullish(),
  location: z.string().nullish(),
  profileUrl: z.string().nullish(),
  websiteUrl: z.string().nullish(),
  verified: VerifiedSchema.catch('none').default('none'),
  isProtected: z.boolean().nullish(),
  followerCount: z.number().nullish(),
  followingCount: z.number().nullish(),
  context: ProspectContextSchema,
});
export type Prospect = z.infer<typeof ProspectSchema>;

export const LastMessageSchema = z.object({
  id: z.string(),
  content: z.string(),
  authorId: z.string(),
  createdAt: Timestamp,
  userId: z.string().nullish(),
  campaignId: z.string().nullish(),
});
export type LastMessage = z.infer<typeof LastMessageSchema>;

export const ThreadSchema = z.object({
  id: ResponseId,
  platform: z.string(),
  /** X conversation ID; absent in the seed guide's example, so null when missing. */
  platformId: z.string().nullable().default(null),
  done: z.boolean(),
  assigneeId: z.string().nullable(),
  lastMessageTimestamp: Timestamp.nullable(),
  computedSortTimestamp: Timestamp.nullable(),
  createdAt: Timestamp,
  status: z.string().nullish(),
  variant: z.string().nullish(),
  accountLinkId: z.string(),
  isSyncing: z.boolean().nullish(),
  isRequest: z.boolean(),
  typingIndicatorsEnabled: z.boolean().nullish(),
  lastMessage: LastMessageSchema.nullable(),
  prospect: ProspectSchema,
});
export type Thread = z.infer<typeof ThreadSchema>;

export const CursorSchema = z.object({ id: z.string(), timestamp: Timestamp });
export type Cursor = z.infer<typeof CursorSchema>;

export const ThreadPageSchema = z.object({
  threads: z.array(ThreadSchema),
  nextCursor: CursorSchema.nullable(),
});
export type ThreadPage = z.infer<typeof ThreadPageSchema>;

export const MessageSchema = z.object({
  id: z.string(),
  platform: z.string().nullish(),
  teamId: z.string().nullish(),
  threadId: z.string(),
  platformId: z.string().nullish(),
  content: z.string(),
  authorId: z.string(),
  userId: z.string().nullish(),
  campaignId: z.string().nullish(),
  origin: z.string().nullish(),
  createdAt: Timestamp,
  updatedAt: Timestamp.nullish(),
  isEdited: z.boolean().nullish(),
  deletedAt: Timestamp.nullish(),
  platformDeletedAt: Timestamp.nullish(),
});
export type Message = z.infer<typeof MessageSchema>;

export const MessagePageSchema = z.object({
  teamId: z.string().nullish(),
  threadId: z.string(),
  messages: z.array(MessageSchema),
  nextCursor: CursorSchema.nullable(),
  isSyncing: z.boolean().nullish(),
});
export type MessagePage = z.infer<typeof MessagePageSchema>;

/**
 * One event (GET /events and webhook deliveries share the envelope). `type` stays a string: an event type
 * the app does not know yet must be stored and ignored, never rejected. `data` is read per type later.
 */
export const InboxEventSchema = z.object({
  id: z.string().min(1).max(200),
  seq: z.number().int().nonnegative(),
  teamId: z.string().min(1),
  type: z.string().min(1).max(100),
  timestamp: Timestamp,
  version: z.string().nullish(),
  data: z.unknown(),
});
export type InboxEvent = z.infer<typeof InboxEventSchema>;

export const EventPageSchema = z.object({
  events: z.array(InboxEventSchema),
  hasMore: z.boolean(),
  lastSeq: z.number().int().nonnegative().nullable(),
});
export type EventPage = z.infer<typeof EventPageSchema>;

export const MembersSchema = z.array(MemberSchema);
export const AccountLinksSchema = z.array(AccountLinkSchema);
export const TagsSchema = z.array(TagSchema);
export const StatusesSchema = z.array(StatusSchema);
export const ThreadsSchema = z.array(ThreadSchema);
export const NullableThreadSchema = ThreadSchema.nullable();

/** True when the prospect sent the last message: the seed guide's definition of "needs a reply". */
export function prospectSpokeLast(thread: Pick<Thread, 'lastMessage' | 'accountLinkId'>): boolean {
  return thread.lastMessage !== null && thread.lastMessage.authorId !== thread.accountLinkId;
}
