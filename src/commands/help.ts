/**
 * The `/inbox` help content: one source for the help message (blocks/help.ts), the playground hint and the README.
 */

export interface HelpEntry {
  /** What to type, e.g. "/inbox who <username>". */
  usage: string;
  description: string;
  /** Full example commands. */
  examples: string[];
}

export interface HelpSection {
  title: string;
  entries: HelpEntry[];
}

export const HELP_TITLE = 'Inbox for Slack: /inbox';

export const HELP_INTRO =
  'Work your X DMs from Slack: list threads, look up a prospect, assign and archive. Filters combine with AND; repeating one (tag:a tag:b) means any of them. Quote names with spaces: tag:"hot lead".';

export const HELP_SECTIONS: readonly HelpSection[] = [
  {
    title: 'Commands',
    entries: [
      {
        usage: '/inbox noreply',
        description: 'Threads awaiting your reply: the prospect wrote last and the thread is not archived.',
        examples: ['/inbox noreply', '/inbox noreply mine oldest'],
      },
      {
        usage: '/inbox list [active|noreply|requests|archived]',
        description: 'Threads in one view (default: active), with any filters below.',
        examples: ['/inbox list', '/inbox list archived tag:customer'],
      },
      {
        usage: '/inbox mine · /inbox unassigned',
        description: 'Active threads assigned to you, or to no one.',
        examples: ['/inbox mine', '/inbox unassigned account:@acmehq'],
      },
      {
        usage: '/inbox requests · /inbox archived',
        description: 'Message requests, or archived (done) threads.',
        examples: ['/inbox requests', '/inbox archived newest limit:5'],
      },
      {
        usage: '/inbox who <username>',
        description: 'A prospect: profile, tags, status, value, and their thread on each account.',
        examples: ['/inbox who @jack', '/inbox who https://x.com/jack', '/inbox who 12'],
      },
      {
        usage: '/inbox dm <username|X user ID> [account:@handle] ["message"]',
        description:
          'Write to a prospect: finds the conversation on that account (or starts one) and opens the reply window; nothing is sent before you confirm.',
        examples: ['/inbox dm @jordanrivera "Hi Jordan!"', '/inbox dm 1234567890 account:@acmehq'],
      },
      {
        usage: '/inbox archive <filters> · /inbox assign <me|@user|name> <filters>',
        description:
          'Archive or assign every thread a list matches (up to 100): you see how many and which first, confirm once, and can Undo.',
        examples: ['/inbox archive noreply tag:spam', '/inbox assign @alice unassigned tag:"hot lead"'],
      },
      {
        usage:
          '/inbox autoassign <members…> [account:@handle] [tag:name] · off · status · now · skip <member> until <day>',
        description:
          'Round-robin: new unassigned threads awaiting a reply go to the next member in turn; `now` assigns the waiting ones (one confirm); threads assigned by hand are left alone.',
        examples: [
          '/inbox autoassign @alice @bob tag:"hot lead"',
          '/inbox autoassign status',
          '/inbox autoassign skip @bob until friday',
        ],
      },
      {
        usage: '/inbox thread <thread ID>',
        description: 'One thread, with Assign, Archive and View buttons.',
        examples: ['/inbox thread t1a2b3c4d5e6f7g8h9i0j1k2'],
      },
      {
        usage: '/inbox digest [post]',
        description: 'Preview the daily digest (only you see it); `post` sends it to the digest channel now.',
        examples: ['/inbox digest', '/inbox digest post'],
      },
      {
        usage: '/inbox remind [weekdays|daily|mon,wed,fri] [at 9:00] [min-age:2h] [all-clear] · off',
        description:
          'A DM with your threads awaiting a reply, in your own time zone; `off` stops it, no words shows yours.',
        examples: [
          '/inbox remind weekdays at 9:00',
          '/inbox remind mon,wed,fri at 5:30pm min-age:2h',
          '/inbox remind off',
        ],
      },
      {
        usage: '/inbox settings',
        description: 'Team settings (for admins): channel digests, member links, who may act and read.',
        examples: ['/inbox settings'],
      },
      { usage: '/inbox help', description: 'This help.', examples: ['/inbox help'] },
    ],
  },
  {
    title: 'Live events in this channel',
    entries: [
      {
        usage: '/inbox subscribe [filters] [events:replies,requests,assigned,archived] [quiet:22:00-08:00]',
        description:
          'Post a card here when a matching thread changes, and keep it up to date (default events: replies,requests). During quiet hours, one summary at the end.',
        examples: ['/inbox subscribe', '/inbox subscribe tag:"hot lead" events:replies,assigned quiet:22:00-08:00'],
      },
      {
        usage: '/inbox subscriptions · /inbox unsubscribe',
        description: "This channel's subscriptions (with a Remove button each), or remove them all.",
        examples: ['/inbox subscriptions', '/inbox unsubscribe'],
      },
    ],
  },
  {
    title: 'Filters (for any list)',
    entries: [
      {
        usage: 'tag:<name> · notags',
        description: 'With this tag (repeat for any of several), or with no tags.',
        examples: ['/inbox noreply tag:"hot lead"', '/inbox list notags'],
      },
      {
        usage: 'status:<name> · nostatus',
        description: 'With this status, or with none.',
        examples: ['/inbox list status:qualified', '/inbox noreply nostatus'],
      },
      {
        usage: 'assignee:<me|@user|name|email> · mine · unassigned',
        description: 'Assigned to these people (repeat for any of several), or to no one.',
        examples: ['/inbox noreply assignee:@alice assignee:@bob', '/inbox list assignee:"Carol Okafor"'],
      },
      {
        usage: 'campaign:<name> · nocampaign',
        description: 'Started by this campaign, or by none.',
        examples: ['/inbox list campaign:"Q4 founders"', '/inbox noreply nocampaign'],
      },
      {
        usage: 'account:@handle',
        description: 'On this connected X account (repeatable).',
        examples: ['/inbox noreply account:@acmehq'],
      },
      {
        usage: 'oldest · newest · limit:<1-100>',
        description: 'Sort order, and how many threads to show.',
        examples: ['/inbox noreply oldest limit:5'],
      },
    ],
  },
];

/** The help as plain text (playground hint, logs, fallback `text`). */
export const HELP_TEXT = [
  HELP_TITLE,
  HELP_INTRO,
  ...HELP_SECTIONS.flatMap((section) => [
    '',
    `${section.title}:`,
    ...section.entries.map((entry) => `  ${entry.usage} — ${entry.description} e.g. ${entry.examples.join(' | ')}`),
  ]),
].join('\n');
