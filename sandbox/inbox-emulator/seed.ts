/**
 * The emulator's demo data: the Acme Growth team (members from DEMO_PEOPLE), three X accounts, tags,
 * statuses, ~300 threads across every inbox view, and the well-known threads tests and demos rely on.
 * Deterministic: the same `now` gives the same data (seeded PRNG; ages are relative to `now`).
 */
import { DEMO_CAMPAIGNS, DEMO_PEOPLE, DEMO_TEAM } from '../demo-team.js';
import { createRandom, type Random, seedId } from './random.js';
import type {
  ApiAccountLink,
  ApiMember,
  ApiMessage,
  ApiProspect,
  ApiProspectContext,
  ApiStatus,
  ApiTag,
  InboxData,
  ProspectRecord,
  ThreadRecord,
} from './types.js';

export interface SeedOptions {
  /** Generated threads besides the well-known ones (default 295, so ~300 in all). */
  generatedThreads?: number;
  /** PRNG seed (default 1). */
  randomSeed?: number;
}

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

export const SEED_ACCOUNT_LINKS = {
  acmehq: { id: seedId('lacmehq', 1), username: 'acmehq', name: 'Acme', platformId: '1566123362161725440' },
  acmeSales: {
    id: seedId('lacmesales', 2),
    username: 'acme_sales',
    name: 'Acme Sales',
    platformId: '1602345678901234567',
  },
  aliceBuilds: {
    id: seedId('lalicebuilds', 3),
    username: 'alicebuilds',
    name: 'Alice Chen',
    platformId: '1423456789012345678',
  },
} as const;

export const SEED_TAGS = {
  hotLead: { id: seedId('thotlead', 1), name: 'hot lead', color: '#ef4444' },
  enterprise: { id: seedId('tenterprise', 2), name: 'enterprise', color: '#3b82f6' },
  partner: { id: seedId('tpartner', 3), name: 'partner', color: '#22c55e' },
  followUp: { id: seedId('tfollowup', 4), name: 'follow-up', color: '#f59e0b' },
  investor: { id: seedId('tinvestor', 5), name: 'investor', color: '#a855f7' },
} as const satisfies Record<string, ApiTag>;

export const SEED_STATUSES = {
  new: { id: seedId('snew', 1), name: 'New', color: '#64748b' },
  qualified: { id: seedId('squalified', 2), name: 'Qualified', color: '#3b82f6' },
  meetingBooked: { id: seedId('smeetingbooked', 3), name: 'Meeting booked', color: '#8b5cf6' },
  proposalSent: { id: seedId('sproposalsent', 4), name: 'Proposal sent', color: '#f59e0b' },
  closedWon: { id: seedId('sclosedwon', 5), name: 'Closed won', color: '#22c55e' },
  closedLost: { id: seedId('sclosedlost', 6), name: 'Closed lost', color: null },
} as const;

/** Members with an Inbox seat, in DEMO_PEOPLE order. */
export const SEED_MEMBERS = DEMO_PEOPLE.flatMap((p) =>
  p.memberId && p.userId ? [{ id: p.memberId, userId: p.userId, name: p.name, email: p.email, role: p.role }] : [],
);

/** The user an API send is attributed to (the token's creator: the team owner). */
export const SEED_API_USER_ID = (SEED_MEMBERS.find((m) => m.role === 'owner') ?? SEED_MEMBERS[0])?.userId ?? null;

export const SEED_PROSPECTS = {
  jordan: {
    externalId: seedId('pjordanrivera', 1),
    platformId: '1876543210987654321',
    username: 'jordanrivera',
    displayName: 'Jordan Rivera',
  },
  markup: { externalId: seedId('pmaxmarkup', 2), platformId: '1711111111111111111', username: 'maxmarkup' },
  rtl: { externalId: seedId('playlahaddad', 3), platformId: '1722222222222222222', username: 'laylahaddad' },
  longMessage: { externalId: seedId('ppriyaraman', 4), platformId: '1733333333333333333', username: 'priyaraman' },
} as const;

export const SEED_THREADS = {
  /** Jordan Rivera on @acmehq: no-reply, he wrote 42 minutes ago; assigned to Bob, hot lead, Qualified. */
  jordanNoReply: seedId('hjordanacmehq', 1),
  /** Jordan Rivera on @alicebuilds: active, we spoke last 2 days ago. */
  jordanActive: seedId('hjordanalice', 2),
  /** No-reply; last message full of Slack mrkdwn/markup that must be escaped, plus emoji. */
  markup: seedId('hmarkup', 3),
  /** No-reply; last message in Arabic (right-to-left). */
  rtl: seedId('hrtl', 4),
  /** No-reply; last message ~5,000 characters. */
  longMessage: seedId('hlongmessage', 5),
} as const;

export const MARKUP_MESSAGE =
  'Hey <!channel> 🚀 check <https://evil.example|click> & tell <@U0ALICE001> that 2 < 3 > 1, *bold* _italic_ ~strike~ `code`';
export const RTL_MESSAGE = 'مرحبا! نحن مهتمون جداً بالعرض. هل يمكننا تحديد موعد لمكالمة الأسبوع القادم؟ 🙏';
export const LONG_MESSAGE = buildLongMessage();

function buildLongMessage(): string {
  const paragraphs = [
    'Thanks for the detailed walkthrough yesterday. I went back to the team with your notes and we put together a list of questions before we can move forward with a pilot.',
    'First, data residency: our legal team needs to know where message content is stored, for how long, and whether it can be deleted on request within thirty days.',
    'Second, seats: we have four SDRs today and plan to hire six more next quarter, so we need to understand how pricing scales and whether seats can be reassigned.',
    'Third, integrations: we live in HubSpot and Slack. Can assignments and statuses sync both ways, and what happens when two people update the same prospect?',
    'Fourth, reporting: leadership wants weekly reply rates per campaign and per rep, ideally exported as CSV or pushed to our warehouse.',
  ];
  let text = '';
  for (let i = 0; text.length < 5000; i++) text += `${paragraphs[i % paragraphs.length]}\n\n`;
  return `${text.slice(0, 4990).trimEnd()} — Priya`;
}

const FIRST_NAMES = [
  'Sam',
  'Maya',
  'Noah',
  'Ava',
  'Liam',
  'Zoe',
  'Ethan',
  'Isla',
  'Lucas',
  'Mia',
  'Omar',
  'Chloe',
  'Diego',
  'Hana',
  'Kofi',
  'Sofia',
  'Ravi',
  'Elena',
  'Mateo',
  'Aisha',
  'Jonas',
  'Yuki',
  'Tariq',
  'Grace',
  'Felix',
  'Nora',
  'Arjun',
  'Lea',
  'Marcus',
  'Ines',
  'Kenji',
  'Amara',
  'Leo',
  'Freya',
  'Andre',
  'Priyanka',
  'Tom',
  'Chiara',
  'Ben',
  'Olivia',
];
const LAST_NAMES = [
  'Patel',
  'Nguyen',
  'Kim',
  'Schmidt',
  'Garcia',
  'Okoro',
  'Rossi',
  'Silva',
  'Novak',
  'Tanaka',
  'Cohen',
  'Dubois',
  'Haddad',
  'Larsen',
  'Mensah',
  'Moreno',
  'Fischer',
  'Ali',
  'Walker',
  'Brennan',
  'Costa',
  'Ivanova',
  'Yilmaz',
  'Sato',
  'Hughes',
  'Lindqvist',
  'Adeyemi',
  'Reyes',
  'Weber',
  'Chen',
  'Murphy',
  'Kaur',
  'Bauer',
  'Santos',
];
const COMPANIES = [
  'Northwind',
  'Lumen Labs',
  'Brightpath',
  'Copperleaf',
  'Stackwise',
  'Helio',
  'Quantia',
  'Orbitly',
  'Fernway',
  'Pinecone Studio',
  'Tidal HQ',
  'Ribbon',
  'Vantage AI',
  'Mosaic Health',
  'Kiln',
  'Driftwood',
  'Parcel',
  'Ember',
];
const TITLES = [
  'Founder & CEO at {co}',
  'Head of Growth at {co}',
  'VP Sales @{co}',
  'Co-founder, {co}',
  'Marketing lead at {co}',
  'Partnerships @ {co}',
  'COO of {co}',
  'Building {co}',
  'Angel investor. Ex-{co}',
  'RevOps at {co}',
  'Creator & consultant',
  'Agency owner — we help SaaS grow on X',
];
const TAGLINES = [
  'Writing about B2B growth.',
  'DMs open.',
  'Previously 2x exited.',
  'Coffee, code, customers.',
  'Opinions my own.',
  'Helping founders sell on X 🚀',
  'Dog parent 🐕',
  'Always learning.',
  '',
];
const LOCATIONS = ['San Francisco, CA', 'New York, NY', 'London', 'Berlin', 'Lagos', 'Toronto', 'Singapore', null];
const THEIR_OPENERS = [
  'Hi! Saw your product on Product Hunt — do you have an agency plan?',
  'Hey, a friend recommended you. Can you tell me more about how it works?',
  'Quick question: do you integrate with HubSpot?',
  'Hello! Are you hiring for partnerships? 🙌',
  'Loved the thread on cold DMs. Would you be up for a podcast episode?',
];
const OUR_OPENERS = [
  'Hey {first}, loved your post about scaling outbound. Open to a quick chat about how we help {co} book more meetings?',
  'Hi {first}! Noticed {co} is hiring SDRs — we help teams like yours run X DMs at scale. Worth a look?',
  'Hey {first}, thanks for the follow! Curious what your team uses for social selling today?',
  '{first}, congrats on the launch 🎉 Happy to share what worked for similar teams if useful.',
];
const THEIR_REPLIES = [
  'Thanks for reaching out! What does pricing look like?',
  'Sure — can you send over a deck?',
  "We're using another tool right now. What's different about yours?",
  'Not a priority this quarter, maybe ping me in January.',
  'Sounds interesting. Who else at our stage uses you?',
  'Could we do Thursday 3pm ET?',
  'Looping in our ops lead, she owns tooling.',
  "What's the onboarding time like?",
  'Appreciate it 🙏 Let me check with the team.',
  'Do you offer a trial for 5 seats?',
  'Is there an API? We want to pipe replies into Slack.',
];
const OUR_REPLIES = [
  'Great question — most teams are live within a day.',
  'Sent the deck over, let me know what you think!',
  'Here is my calendar, grab any slot that works: https://cal.example/acme/30min',
  'Totally fair. Mind if I check back in a few weeks?',
  'Yes! Happy to set up a 14-day trial for your team.',
  'Booked — see you Thursday 👍',
  'We have a public API and a Slack app, both included.',
  'Pricing starts at $99/seat/month, annual gets two months free.',
];
const NOTES = [
  'Met at SaaStr. Wants a demo for the whole team.',
  'Budget approved for Q1.',
  'Prefers async — keep DMs short.',
  'Referred by an existing customer.',
  'Competitor user, contract renews in March.',
];

type Category = 'no-reply' | 'active' | 'request' | 'archived';
/** One cycle of 20 generated threads: 6 no-reply, 6 active, 2 requests, 6 archived. */
const CATEGORY_CYCLE: Category[] = 'naxnarxnaxnaxnarxnax'
  .split('')
  .map((c) => (c === 'n' ? 'no-reply' : c === 'a' ? 'active' : c === 'r' ? 'request' : 'archived'));

interface Line {
  fromUs: boolean;
  text: string;
  campaignId?: string | null;
}

interface ThreadSpec {
  id?: string;
  accountLinkId: string;
  prospectId: string;
  category: Category;
  lines: Line[];
  /** Age of the last message, in minutes. */
  lastAgeMinutes: number;
  assigneeId?: string | null;
  variant?: 'unencrypted' | 'xChat';
}

/** Builds data into `InboxData`; shared by the demo seed and the large benchmark team. */
class SeedBuilder {
  readonly data: InboxData;
  private readonly usernames = new Set<string>();

  constructor(
    readonly now: number,
    readonly rng: Random,
    accountLinkCount = 3,
  ) {
    const day = (n: number) => iso(now - n * DAY);
    const links: { id: string; username: string; name: string; platformId: string }[] = Object.values(
      SEED_ACCOUNT_LINKS,
    ).map((l) => ({ ...l }));
    for (let i = links.length; i < accountLinkCount; i++) {
      links.push({
        id: seedId('lextra', i + 1),
        username: `acme_team${i + 1}`,
        name: `Acme Team ${i + 1}`,
        platformId: `16${rng.digits(17)}`,
      });
    }
    const members: ApiMember[] = SEED_MEMBERS.map((m, i) => ({
      id: m.id,
      userId: m.userId,
      name: m.name,
      email: m.email,
      image: `https://avatars.example/${m.id}.png`,
      role: m.role,
      createdAt: day(380 - i * 20),
      updatedAt: i === 0 ? day(12) : null,
    }));
    this.data = {
      team: {
        id: DEMO_TEAM.id,
        name: DEMO_TEAM.name,
        slug: DEMO_TEAM.slug,
        image: null,
        createdAt: day(400),
        updatedAt: day(30),
        currency: 'USD',
        allowSupportAccess: false,
      },
      members,
      accountLinks: links.slice(0, accountLinkCount).map(
        (l, i): ApiAccountLink => ({
          id: l.id,
          platform: 'twitter',
          platformId: l.platformId,
          name: l.name,
          username: l.username,
          image: `https://pbs.twimg.example/profile_images/${l.platformId}/avatar.jpg`,
          createdAt: day(390 - i * 60),
          status: 'active',
          syncedAt: day(389 - i * 60),
        }),
      ),
      tags: Object.values(SEED_TAGS).map((t) => ({ ...t })),
      statuses: Object.values(SEED_STATUSES).map((s, i): ApiStatus => ({ ...s, createdAt: day(395 - i) })),
      prospects: new Map(),
      threads: new Map(),
    };
  }

  uniqueUsername(base: string): string {
    let name = base.slice(0, 15);
    for (let n = 2; this.usernames.has(name); n++) name = `${base.slice(0, 13)}${n}`;
    this.usernames.add(name);
    return name;
  }

  addProspect(p: Partial<ApiProspect> & { displayName: string }, context: Partial<ApiProspectContext> = {}): string {
    const { rng, now } = this;
    const externalId = p.externalId ?? rng.id();
    const username = this.uniqueUsername(p.username ?? p.displayName.toLowerCase().replace(/[^a-z0-9_]/g, ''));
    const verified = p.verified ?? (rng.chance(0.1) ? 'verified' : rng.chance(0.03) ? 'business' : 'none');
    const followerCount = p.followerCount ?? Math.round(rng.logUniform(40, 250_000));
    const updatedDaysAgo = rng.int(0, 20);
    const websiteDomain = rng.chance(0.5) ? `${username.replace(/_/g, '')}.example` : null;
    const profile: ApiProspect = {
      platform: 'twitter',
      platformId: p.platformId ?? `1${rng.digits(18)}`,
      externalId,
      documentId: rng.int(100_000, 9_999_999),
      displayName: p.displayName,
      username,
      handle: `@${username}`,
      image: `https://pbs.twimg.example/profile_images/${username}/photo_normal.jpg`,
      imageNormalized: `https://pbs.twimg.example/profile_images/${username}/photo.jpg`,
      bio: p.bio ?? null,
      location: p.location !== undefined ? p.location : rng.pick(LOCATIONS),
      profileUrl: `https://x.com/${username}`,
      websiteUrl: websiteDomain ? `https://${websiteDomain}` : null,
      websiteDomain,
      verified,
      profileType: verified === 'business' ? 'business' : 'personal',
      isProtected: false,
      followerCount,
      followingCount: rng.int(20, 3000),
      postCount: rng.int(10, 40_000),
      engagementCount: rng.int(0, 90_000),
      listedCount: rng.chance(0.8) ? rng.int(0, 400) : null,
      platformCreatedAt: iso(now - rng.int(200, 5000) * DAY),
      firstSeenAt: iso(now - rng.int(30, 200) * DAY),
      lastUpdatedAt: iso(now - updatedDaysAgo * DAY),
      lastEnrichedAt: iso(now - updatedDaysAgo * DAY),
      lastActiveAt: iso(now - rng.int(0, 10) * DAY),
      source: 'cached',
      isFresh: updatedDaysAgo <= 7,
      isStale: false,
      confidence: 0.9,
      platformData: {
        isVerifiedBlue: verified === 'verified',
        isVerifiedGold: verified === 'business',
        isVerifiedGray: false,
        professionalCategory: verified === 'business' ? 'Software Company' : null,
        urlEntities: [],
        bannerUrl: null,
        tweetsCount: rng.int(10, 40_000),
        favoritesCount: rng.int(0, 90_000),
        rawData: null,
      },
    };
    const record: ProspectRecord = {
      profile,
      context: { tags: [], statusId: null, valuation: null, notes: null, ...context },
    };
    this.data.prospects.set(externalId, record);
    return externalId;
  }

  addThread(spec: ThreadSpec): string {
    const { rng, now } = this;
    const id = spec.id ?? rng.id();
    const prospect = this.data.prospects.get(spec.prospectId);
    const link = this.data.accountLinks.find((l) => l.id === spec.accountLinkId);
    if (!prospect || !link) throw new Error(`seed: unknown prospect or account link for thread ${id}`);
    const variant = spec.variant ?? 'unencrypted';
    // Times, oldest first: the last at lastAgeMinutes, earlier ones spaced by minutes to days.
    const ages = [spec.lastAgeMinutes];
    for (let i = 1; i < spec.lines.length; i++) ages.unshift((ages[0] ?? 0) + rng.logUniform(2, 2500));
    const member = spec.assigneeId
      ? this.data.members.find((m) => m.id === spec.assigneeId)
      : rng.pick(this.data.members);
    const messages = spec.lines.map((line, i): ApiMessage => {
      const campaignId = line.campaignId ?? null;
      const native = line.fromUs && !campaignId && rng.chance(0.15);
      return {
        platform: 'twitter',
        teamId: this.data.team.id,
        threadId: id,
        id: rng.id(),
        userId: line.fromUs && !campaignId && !native ? (member?.userId ?? null) : null,
        createdAt: iso(roundToSecond(now - (ages[i] ?? 0) * MINUTE)),
        updatedAt: null,
        platformId: `18${rng.digits(17)}`,
        content: line.text,
        campaignId,
        authorId: line.fromUs ? link.id : spec.prospectId,
        origin: line.fromUs ? (native ? 'external' : 'internal') : 'external',
        replyData: null,
        forwardData: null,
        entities: null,
        attachment: null,
        reactions: [],
        isEncrypted: variant === 'xChat' ? true : null,
        isEdited: false,
        deletedAt: null,
        platformDeletedAt: null,
      };
    });
    const thread: ThreadRecord = {
      id,
      platformId: conversationId(link.platformId, prospect.profile.platformId),
      done: spec.category === 'archived',
      assigneeId: spec.assigneeId ?? null,
      createdAt: messages[0]?.createdAt ?? iso(roundToSecond(now - spec.lastAgeMinutes * MINUTE)),
      status: 'active',
      variant,
      accountLinkId: link.id,
      isRequest: spec.category === 'request',
      prospectId: spec.prospectId,
      campaignId: spec.lines[0]?.campaignId ?? null,
      deletedAt: null,
      messages,
    };
    this.data.threads.set(id, thread);
    return id;
  }
}

export function buildSeed(now: Date, options: SeedOptions = {}): InboxData {
  const builder = new SeedBuilder(now.getTime(), createRandom(options.randomSeed ?? 1));
  addWellKnownThreads(builder);
  addGeneratedThreads(builder, options.generatedThreads ?? 295);
  return builder.data;
}

function addWellKnownThreads(b: SeedBuilder): void {
  const [alice, bob, carol] = SEED_MEMBERS;
  const { acmehq, aliceBuilds, acmeSales } = SEED_ACCOUNT_LINKS;
  const jordan = b.addProspect(
    {
      ...SEED_PROSPECTS.jordan,
      bio: 'Head of Growth at TechCo',
      location: 'Austin, TX',
      followerCount: 12_400,
      verified: 'none',
    },
    {
      tags: [SEED_TAGS.hotLead.id, SEED_TAGS.enterprise.id],
      statusId: SEED_STATUSES.qualified.id,
      valuation: 24_000,
      notes: 'Met at SaaStr. Decision maker for growth tooling.',
    },
  );
  b.addThread({
    id: SEED_THREADS.jordanNoReply,
    accountLinkId: acmehq.id,
    prospectId: jordan,
    category: 'no-reply',
    assigneeId: bob?.id ?? null,
    lastAgeMinutes: 42,
    lines: [
      { fromUs: true, text: 'Hey Jordan, loved your thread on PLG loops. Open to comparing notes on outbound?' },
      { fromUs: false, text: 'Sure, always happy to nerd out on growth. What are you seeing work?' },
      { fromUs: true, text: 'Founder-led DMs on X, then handing warm threads to reps. Want a quick demo?' },
      {
        fromUs: false,
        text: "Hey! Yes, we're evaluating tools for Q1 — can you share pricing for a 10-seat team?",
      },
    ],
  });
  b.addThread({
    id: SEED_THREADS.jordanActive,
    accountLinkId: aliceBuilds.id,
    prospectId: jordan,
    category: 'active',
    assigneeId: alice?.id ?? null,
    lastAgeMinutes: 2 * 1440,
    lines: [
      { fromUs: false, text: 'Alice! Big fan of your build-in-public posts 🙌' },
      { fromUs: true, text: 'Thank you Jordan! Means a lot. How is TechCo going?' },
      { fromUs: false, text: 'Growing fast, hiring 3 SDRs this month.' },
      { fromUs: true, text: "Congrats! Let's grab a virtual coffee next week?" },
    ],
  });
  const markup = b.addProspect(
    {
      ...SEED_PROSPECTS.markup,
      displayName: 'Max <Markup> & *Co*',
      bio: 'Building <b>cool</b> things & breaking *parsers* > 9000 🚀',
      verified: 'verified',
    },
    { tags: [SEED_TAGS.partner.id], statusId: SEED_STATUSES.new.id, notes: 'Notes with <tags> & *stars*' },
  );
  b.addThread({
    id: SEED_THREADS.markup,
    accountLinkId: acmeSales.id,
    prospectId: markup,
    category: 'no-reply',
    assigneeId: carol?.id ?? null,
    lastAgeMinutes: 180,
    lines: [
      { fromUs: true, text: 'Hi Max, want to see how Acme handles partner referrals?' },
      { fromUs: false, text: 'Sure 😄 but first: does your parser survive <script>alert(1)</script>?' },
      { fromUs: true, text: 'Ha, it should!' },
      { fromUs: false, text: MARKUP_MESSAGE },
    ],
  });
  const rtl = b.addProspect(
    { ...SEED_PROSPECTS.rtl, displayName: 'Layla Haddad', bio: 'مؤسسة ومديرة تنفيذية — Dubai', location: 'Dubai' },
    { tags: [SEED_TAGS.investor.id] },
  );
  b.addThread({
    id: SEED_THREADS.rtl,
    accountLinkId: acmehq.id,
    prospectId: rtl,
    category: 'no-reply',
    lastAgeMinutes: 360,
    variant: 'xChat',
    lines: [
      { fromUs: true, text: 'Hi Layla, thanks for connecting! Would love to show you our roadmap.' },
      { fromUs: false, text: 'שלום! Happy to chat.' },
      { fromUs: true, text: 'Great — does next week work?' },
      { fromUs: false, text: RTL_MESSAGE },
    ],
  });
  const priya = b.addProspect(
    { ...SEED_PROSPECTS.longMessage, displayName: 'Priya Raman', bio: 'Procurement lead at Mosaic Health' },
    { tags: [SEED_TAGS.enterprise.id], statusId: SEED_STATUSES.proposalSent.id, valuation: 48_000 },
  );
  b.addThread({
    id: SEED_THREADS.longMessage,
    accountLinkId: acmeSales.id,
    prospectId: priya,
    category: 'no-reply',
    assigneeId: bob?.id ?? null,
    lastAgeMinutes: 1500,
    lines: [
      { fromUs: true, text: 'Hi Priya, following up on our call — anything else you need?' },
      { fromUs: false, text: 'Yes, writing up our questions now.' },
      { fromUs: false, text: LONG_MESSAGE },
    ],
  });
}

function addGeneratedThreads(b: SeedBuilder, count: number): void {
  const { rng } = b;
  const links = b.data.accountLinks;
  const tagIds = b.data.tags.map((t) => t.id);
  const statusIds = b.data.statuses.map((s) => s.id);
  let noReplyCount = 0;
  let previousNoReplyAge = 60;
  for (let i = 0; i < count; i++) {
    const category = CATEGORY_CYCLE[i % CATEGORY_CYCLE.length] ?? 'active';
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const co = rng.pick(COMPANIES);
    const fill = (s: string) => s.replaceAll('{first}', first).replaceAll('{co}', co);
    const closed = category === 'archived';
    const prospectId = b.addProspect(
      {
        displayName: `${first} ${last}`,
        username: rng
          .pick([`${first}${last}`, `${first}_${last}`, `${first[0]}${last}`, `${first}builds`])
          .toLowerCase(),
        bio: `${fill(rng.pick(TITLES))}. ${rng.pick(TAGLINES)}`.trim(),
      },
      {
        tags: tagIds.filter(() => rng.chance(0.22)),
        statusId: rng.chance(0.6) ? (closed ? rng.pick(statusIds.slice(3)) : rng.pick(statusIds.slice(0, 4))) : null,
        valuation: rng.chance(0.3) ? rng.int(1, 100) * 500 : null,
        notes: rng.chance(0.2) ? rng.pick(NOTES) : null,
      },
    );
    const campaignId = category !== 'request' && rng.chance(0.22) ? rng.pick(DEMO_CAMPAIGNS).id : null;
    const lines = conversation(rng, category, campaignId, fill);
    let lastAgeMinutes = Math.round(
      category === 'no-reply'
        ? rng.logUniform(3, 21 * 1440)
        : category === 'active'
          ? rng.logUniform(10, 14 * 1440)
          : category === 'request'
            ? rng.logUniform(30, 10 * 1440)
            : rng.logUniform(1440, 45 * 1440),
    );
    if (category === 'no-reply') {
      // Every 12th no-reply thread ties with the previous one, so pagination is tested across equal timestamps.
      if (noReplyCount % 12 === 11) lastAgeMinutes = previousNoReplyAge;
      previousNoReplyAge = lastAgeMinutes;
      noReplyCount++;
    }
    b.addThread({
      accountLinkId: (i % 5 < 2 ? links[0] : i % 5 < 4 ? links[1] : links[2])?.id ?? '',
      prospectId,
      category,
      lines,
      lastAgeMinutes,
      assigneeId: category !== 'request' && rng.chance(0.45) ? rng.pick(b.data.members).id : null,
      variant: rng.chance(0.1) ? 'xChat' : 'unencrypted',
    });
  }
}

/** A plausible back-and-forth, oldest first, ending with the speaker the category needs. */
function conversation(rng: Random, category: Category, campaignId: string | null, fill: (s: string) => string): Line[] {
  if (category === 'request') {
    return Array.from({ length: rng.int(1, 3) }, (_, i) => ({
      fromUs: false,
      text: i === 0 ? rng.pick(THEIR_OPENERS) : rng.pick(THEIR_REPLIES),
    }));
  }
  // Campaign threads nobody answered are archived by the campaign send (v2 semantics).
  if (category === 'archived' && campaignId && rng.chance(0.6)) {
    return [
      { fromUs: true, text: fill(rng.pick(OUR_OPENERS)), campaignId },
      { fromUs: true, text: `Just bumping this, ${fill('{first}')} 🙂`, campaignId },
    ];
  }
  const count = rng.int(3, 12);
  const lastFromUs = category === 'active' ? true : category === 'no-reply' ? false : rng.chance(0.5);
  const speakers = [lastFromUs];
  while (speakers.length < count) speakers.unshift(rng.chance(0.8) ? !speakers[0] : Boolean(speakers[0]));
  if (campaignId) speakers[0] = true;
  return speakers.map((fromUs, i) => ({
    fromUs,
    text:
      i === 0
        ? fromUs
          ? fill(rng.pick(OUR_OPENERS))
          : rng.pick(THEIR_OPENERS)
        : fromUs
          ? rng.pick(OUR_REPLIES)
          : rng.pick(THEIR_REPLIES),
    campaignId: i === 0 ? campaignId : null,
  }));
}

/**
 * The benchmark team: the seed's directory, `accounts` account links (default 3) and exactly
 * `noReplyThreads` no-reply threads (two messages each; timestamps tie in groups of four).
 */
export function buildLargeTeam(
  now: Date,
  opts: { noReplyThreads: number; accounts?: number; members?: number },
): InboxData {
  const rng = createRandom(7);
  const b = new SeedBuilder(now.getTime(), rng, Math.max(1, opts.accounts ?? 3));
  const links = b.data.accountLinks;
  // A bigger team: the demo members first (the Slack users map to them), then generated ones.
  for (let i = b.data.members.length; i < (opts.members ?? 0); i++) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length] ?? 'Sam';
    const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length] ?? 'Lee';
    const id = `mbench${String(i).padStart(18, '0')}`;
    b.data.members.push({
      id,
      userId: `ubench${String(i).padStart(18, '0')}`,
      name: `${first} ${last}-Worthington ${i}`,
      email: `${first.toLowerCase()}.${last.toLowerCase()}${i}@acme-growth.example`,
      image: null,
      role: 'user',
      createdAt: iso(now.getTime() - 86_400_000),
      updatedAt: null,
    });
  }
  for (let i = 0; i < opts.noReplyThreads; i++) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length] ?? 'Sam';
    const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length] ?? 'Lee';
    const prospectId = b.addProspect({ displayName: `${first} ${last}`, username: `lead${i}`, bio: 'Benchmark lead' });
    b.addThread({
      accountLinkId: links[i % links.length]?.id ?? '',
      prospectId,
      category: 'no-reply',
      lastAgeMinutes: 1 + Math.floor(i / 4),
      lines: [
        { fromUs: true, text: `Hi ${first}, quick question about your outbound?` },
        { fromUs: false, text: 'Sure, what do you have in mind?' },
      ],
    });
  }
  return b.data;
}

/** X conversation ID: both user IDs, numerically sorted, joined by ':'. */
function conversationId(a: string, b: string): string {
  return BigInt(a) < BigInt(b) ? `${a}:${b}` : `${b}:${a}`;
}

function roundToSecond(ms: number): number {
  return Math.round(ms / 1000) * 1000;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
