/**
 * The Inbox API v1 objects exactly as the vendor OpenAPI document declares them: every `required`
 * key present, `null` where empty. The emulator emits these shapes and nothing else.
 */
export type InboxView = 'default' | 'no-reply' | 'requests' | 'archived';

export interface ApiTeam {
  id: string;
  name: string;
  slug: string;
  image: string | null;
  createdAt: string;
  updatedAt: string | null;
  currency: string;
  allowSupportAccess: boolean;
}

export interface ApiMember {
  id: string;
  userId: string;
  name: string | null;
  email: string;
  image: string | null;
  role: 'owner' | 'admin' | 'user';
  createdAt: string;
  updatedAt: string | null;
}

export interface ApiAccountLink {
  id: string;
  platform: 'twitter';
  platformId: string;
  name: string;
  username: string;
  image: string;
  createdAt: string;
  status: 'active' | 'offline' | 'paused';
  syncedAt: string | null;
}

export interface ApiTag {
  id: string;
  name: string;
  color: string;
}

export interface ApiStatus {
  id: string;
  name: string;
  color: string | null;
  createdAt: string;
}

export interface ApiProspectContext {
  tags: string[];
  statusId: string | null;
  valuation: number | null;
  notes: string | null;
}

export interface ApiProspect {
  platform: 'twitter';
  platformId: string;
  externalId: string | null;
  documentId: number | null;
  displayName: string;
  username: string;
  handle: string;
  image: string | null;
  imageNormalized: string | null;
  bio: string | null;
  location: string | null;
  profileUrl: string;
  websiteUrl: string | null;
  websiteDomain: string | null;
  verified: 'none' | 'verified' | 'business' | 'government';
  profileType: 'personal' | 'business' | 'government';
  isProtected: boolean;
  followerCount: number;
  followingCount: number;
  postCount: number;
  engagementCount: number | null;
  listedCount: number | null;
  platformCreatedAt: string | null;
  firstSeenAt: string | null;
  lastUpdatedAt: string;
  lastEnrichedAt: string | null;
  lastActiveAt: string | null;
  source: 'cached' | 'indexed' | 'live' | 'merged';
  isFresh: boolean;
  isStale: boolean;
  confidence: number;
  platformData: {
    isVerifiedBlue: boolean;
    isVerifiedGold: boolean;
    isVerifiedGray: boolean;
    professionalCategory: string | null;
    urlEntities: { url: string; expandedUrl: string; displayUrl: string; indices: [number, number] }[];
    bannerUrl: string | null;
    tweetsCount: number;
    favoritesCount: number;
    rawData: Record<string, unknown> | null;
  };
}

export interface ApiProspectWithContext extends ApiProspect {
  context: ApiProspectContext;
}

export interface ApiProspectWithThreads extends ApiProspect {
  context: ApiProspectContext & {
    threads: { id: string; accountLinkId: string; lastMessageTimestamp: string | null; createdAt: string }[] | null;
  };
}

export interface ApiLastMessage {
  id: string;
  content: string;
  authorId: string;
  createdAt: string;
  userId: string | null;
  campaignId: string | null;
}

export interface ApiThread {
  id: string;
  platform: 'twitter';
  platformId: string;
  done: boolean;
  assigneeId: string | null;
  lastMessageTimestamp: string | null;
  computedSortTimestamp: string | null;
  createdAt: string;
  status: 'active' | 'idle';
  variant: 'unencrypted' | 'xChat';
  accountLinkId: string;
  isSyncing: boolean;
  isRequest: boolean;
  typingIndicatorsEnabled: boolean | null;
  lastMessage: ApiLastMessage | null;
  prospect: ApiProspectWithContext;
}

export interface ApiMessage {
  platform: 'twitter';
  teamId: string;
  threadId: string;
  id: string;
  userId: string | null;
  createdAt: string;
  updatedAt: string | null;
  platformId: string | null;
  content: string;
  campaignId: string | null;
  authorId: string;
  origin: 'internal' | 'external' | 'api' | null;
  replyData: unknown;
  forwardData: unknown;
  entities: unknown;
  attachment: unknown;
  reactions: unknown[];
  isEncrypted: boolean | null;
  isEdited: boolean;
  deletedAt: string | null;
  platformDeletedAt: string | null;
}

export interface ApiCursor {
  timestamp: string;
  id: string;
}

/** A thread as the store keeps it: API fields plus what the API never shows (campaign, deletion). */
export interface ThreadRecord {
  id: string;
  platformId: string;
  done: boolean;
  assigneeId: string | null;
  createdAt: string;
  status: 'active' | 'idle';
  variant: 'unencrypted' | 'xChat';
  accountLinkId: string;
  isRequest: boolean;
  /** Prospect's externalId. */
  prospectId: string;
  /** Internal only: the campaign that sent the first message (the API has no campaignId on threads). */
  campaignId: string | null;
  deletedAt: string | null;
  /** Oldest first. */
  messages: ApiMessage[];
}

export interface ProspectRecord {
  profile: ApiProspect;
  context: ApiProspectContext;
}

export interface InboxData {
  team: ApiTeam;
  members: ApiMember[];
  accountLinks: ApiAccountLink[];
  tags: ApiTag[];
  statuses: ApiStatus[];
  /** By externalId. */
  prospects: Map<string, ProspectRecord>;
  /** By id, in creation order. */
  threads: Map<string, ThreadRecord>;
}
