/**
 * Realistic fixtures for builder tests (and anyone else's): the demo team's members, two connected X accounts,
 * tags, statuses and campaigns, and factories for threads, prospects and messages with overrides.
 */

import { DEMO_CAMPAIGNS, DEMO_PEOPLE } from '../../sandbox/demo-team.js';
import type {
  AccountLink,
  LastMessage,
  Member,
  Message,
  Prospect,
  ProspectContext,
  Status,
  Tag,
  Thread,
} from '../../src/inbox/schemas.js';
import type { Directory } from '../../src/services/directory.js';

/** A fixed clock: Monday 24 Nov 2025, 12:12 UTC. */
export const NOW = new Date('2025-11-24T12:12:00.000Z');
export const INBOX_APP_URL = 'https://app.inboxapp.com/threads/{threadId}';

export const MEMBERS: Member[] = DEMO_PEOPLE.filter((p) => p.memberId !== null).map((p) => ({
  id: p.memberId as string,
  userId: p.userId as string,
  name: p.name,
  email: p.email,
  role: p.role,
  image: null,
  createdAt: '2025-01-06T09:00:00.000Z',
  updatedAt: null,
}));
export const [ALICE, BOB, CAROL] = MEMBERS as [Member, Member, Member, ...Member[]];

export const ACCOUNT_ACME: AccountLink = {
  id: 'aacmehq00000000000000001',
  platform: 'twitter',
  platformId: '1450000000000000001',
  name: 'Acme',
  username: 'acmehq',
  image: null,
  createdAt: '2025-01-06T09:00:00.000Z',
  status: 'active',
  syncedAt: '2025-11-24T12:00:00.000Z',
};
export const ACCOUNT_FOUNDER: AccountLink = {
  ...ACCOUNT_ACME,
  id: 'aacmefounder000000000002',
  platformId: '1450000000000000002',
  name: 'Jo at Acme',
  username: 'jo_acme',
};

export const TAG_HOT: Tag = { id: 'thotlead0000000000000001', name: 'hot lead', color: 'red' };
export const TAG_ENTERPRISE: Tag = { id: 'tenterprise0000000000002', name: 'enterprise', color: 'blue' };
export const TAG_CUSTOMER: Tag = { id: 'tcustomer000000000000003', name: 'customer', color: 'green' };
export const STATUS_QUALIFIED: Status = { id: 'squalified00000000000001', name: 'Qualified', color: 'green' };
export const STATUS_IN_TALKS: Status = { id: 'sintalks0000000000000002', name: 'In talks', color: 'yellow' };

export function makeDirectory(overrides: Partial<Directory> = {}): Directory {
  return {
    members: MEMBERS,
    accountLinks: [ACCOUNT_ACME, ACCOUNT_FOUNDER],
    tags: [TAG_HOT, TAG_ENTERPRISE, TAG_CUSTOMER],
    statuses: [STATUS_QUALIFIED, STATUS_IN_TALKS],
    campaigns: DEMO_CAMPAIGNS.map((c) => ({ id: c.id, name: c.name })),
    ...overrides,
  };
}

export type ProspectOverrides = Partial<Omit<Prospect, 'context'>> & { context?: Partial<ProspectContext> };

export function makeProspect(overrides: ProspectOverrides = {}): Prospect {
  const { context, ...rest } = overrides;
  return {
    platform: 'twitter',
    platformId: '98765432101',
    externalId: null,
    displayName: 'Maya Patel',
    username: 'mayabuilds',
    handle: null,
    image: null,
    imageNormalized: null,
    bio: 'Founder @ Lumen Labs. Building dev tools for data teams.',
    location: 'Austin, TX',
    profileUrl: null,
    websiteUrl: null,
    verified: 'verified',
    isProtected: false,
    followerCount: 12_400,
    followingCount: 310,
    ...rest,
    context: {
      tags: [TAG_HOT.id],
      statusId: STATUS_QUALIFIED.id,
      valuation: 12_000,
      notes: 'Met at SaaStr. Wants a demo in December.',
      assigneeId: null,
      ...context,
    },
  };
}

export type ThreadOverrides = Partial<Omit<Thread, 'prospect' | 'lastMessage'>> & {
  prospect?: ProspectOverrides;
  lastMessage?: Partial<LastMessage> | null;
};

/** A thread on @acmehq where the prospect wrote last 3 hours before NOW, unassigned, active. */
export function makeThread(overrides: ThreadOverrides = {}): Thread {
  const { prospect, lastMessage, ...rest } = overrides;
  const base: Omit<Thread, 'lastMessage' | 'prospect'> = {
    id: 'tmaya0000000000000000001',
    platform: 'twitter',
    platformId: '98765432101:1450000000000000001',
    done: false,
    assigneeId: null,
    lastMessageTimestamp: '2025-11-24T09:12:00.000Z',
    computedSortTimestamp: '2025-11-24T09:12:00.000Z',
    createdAt: '2025-11-20T15:00:00.000Z',
    status: null,
    variant: null,
    accountLinkId: ACCOUNT_ACME.id,
    isSyncing: false,
    isRequest: false,
    typingIndicatorsEnabled: null,
    ...rest,
  };
  return {
    ...base,
    lastMessage:
      lastMessage === null
        ? null
        : {
            id: 'mmsg00000000000000000001',
            content: 'Hey! Saw your post about pipeline analytics. Do you have a free trial for teams of 5?',
            authorId: '98765432101',
            createdAt: base.lastMessageTimestamp ?? base.createdAt,
            userId: null,
            campaignId: null,
            ...lastMessage,
          },
    prospect: makeProspect(prospect),
  };
}

/** A message in a thread; `authorId` defaults to the prospect. */
export function makeMessage(overrides: Partial<Message> = {}): Message {
  return {
    id: 'mmsg00000000000000000001',
    platform: 'twitter',
    teamId: null,
    threadId: 'tmaya0000000000000000001',
    platformId: null,
    content: 'Hi there',
    authorId: '98765432101',
    userId: null,
    campaignId: null,
    origin: null,
    createdAt: '2025-11-24T09:12:00.000Z',
    updatedAt: null,
    isEdited: false,
    deletedAt: null,
    platformDeletedAt: null,
    ...overrides,
  };
}

/** `count` distinct threads (ids t000…0, t000…1, …), each with the given overrides. */
export function makeThreads(count: number, overrides: ThreadOverrides = {}): Thread[] {
  return Array.from({ length: count }, (_, i) =>
    makeThread({
      id: `tlist${String(i).padStart(19, '0')}`,
      ...overrides,
      prospect: { username: `prospect_${i}`, displayName: `Prospect ${i}`, ...overrides.prospect },
    }),
  );
}
