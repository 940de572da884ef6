/**
 * The demo team shared by both emulators: Inbox members and the Slack users who stand for them.
 * Emails match, so "Assign to me" resolves a Slack user to an Inbox member exactly as in production
 * (users.info email → GET /members). Frank has a Slack account but no Inbox seat: he may read, not act.
 */
export interface DemoPerson {
  /** Inbox member ID (null for a Slack-only user). */
  memberId: string | null;
  /** Inbox user ID (what message.userId refers to). */
  userId: string | null;
  slackUserId: string;
  slackHandle: string;
  name: string;
  email: string;
  role: 'owner' | 'admin' | 'user';
  title: string;
}

export const DEMO_TEAM = {
  id: 'tacmegrowth0000000000001',
  name: 'Acme Growth',
  slug: 'acme-growth',
  slackTeamId: 'T0ACMEGROW',
  slackTeamDomain: 'acme-growth',
} as const;

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    memberId: 'malicechen00000000000001',
    userId: 'ualicechen00000000000001',
    slackUserId: 'U0ALICE001',
    slackHandle: 'alice',
    name: 'Alice Chen',
    email: 'alice@acme-growth.example',
    role: 'owner',
    title: 'Head of Sales',
  },
  {
    memberId: 'mbobmartinez000000000002',
    userId: 'ubobmartinez000000000002',
    slackUserId: 'U0BOB00002',
    slackHandle: 'bob',
    name: 'Bob Martinez',
    email: 'bob@acme-growth.example',
    role: 'admin',
    title: 'Account Executive',
  },
  {
    memberId: 'mcarolokafor000000000003',
    userId: 'ucarolokafor000000000003',
    slackUserId: 'U0CAROL003',
    slackHandle: 'carol',
    name: 'Carol Okafor',
    email: 'carol@acme-growth.example',
    role: 'user',
    title: 'SDR',
  },
  {
    memberId: 'mdankowalski000000000004',
    userId: 'udankowalski000000000004',
    slackUserId: 'U0DAN00004',
    slackHandle: 'dan',
    name: 'Dan Kowalski',
    email: 'dan@acme-growth.example',
    role: 'user',
    title: 'SDR',
  },
  {
    memberId: 'merinwalsh00000000000005',
    userId: 'uerinwalsh00000000000005',
    slackUserId: 'U0ERIN0005',
    slackHandle: 'erin',
    name: 'Erin Walsh',
    email: 'erin@acme-growth.example',
    role: 'user',
    title: 'Growth Marketer',
  },
  {
    memberId: null,
    userId: null,
    slackUserId: 'U0FRANK006',
    slackHandle: 'frank',
    name: 'Frank Osei',
    email: 'frank@partner-agency.example',
    role: 'user',
    title: 'Contractor (no Inbox seat)',
  },
];

/** Slack channels of the demo workspace; the digest goes to #sales-inbox. */
export const DEMO_CHANNELS = [
  { id: 'C0SALESINB', name: 'sales-inbox', isMember: true },
  { id: 'C0GENERAL1', name: 'general', isMember: true },
  { id: 'C0RANDOM01', name: 'random', isMember: false },
] as const;

export const DEMO_DIGEST_CHANNEL = 'C0SALESINB';

/** Campaign IDs used by seeded threads, with the display names the app is configured with (CAMPAIGNS). */
export const DEMO_CAMPAIGNS = [
  { id: 'cq4founders0000000000001', name: 'Q4 founders' },
  { id: 'cwebinarfollowup00000002', name: 'Webinar follow-up' },
] as const;

/** Bot identity in the Slack emulator. */
export const DEMO_BOT = { userId: 'U0INBOXBOT', botId: 'B0INBOXBOT', appId: 'A0INBOXAPP' } as const;

/** The Inbox API token the sandbox uses against its emulator (not a secret: it only opens the emulator). */
export const DEMO_INBOX_TOKEN = 'ibx_sandbox_demo_token';
