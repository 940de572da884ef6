/**
 * The `/inbox` help content: one source for the help messages (blocks/help.ts), the playground hint and the README.
 * `/inbox help` is short (what to type first); `/inbox help filters` and `/inbox help buttons` hold the rest.
 * Every example here is run against the sandbox's demo team by the tests (test/e2e/help-examples.test.ts), so
 * none of them may name a tag, person or account the demo team does not have.
 * Usage strings may contain placeholders such as `<name>`: the builders escape them for mrkdwn.
 */
import type { HelpTopic } from './grammar.js';

export interface HelpEntry {
  /** What to type, e.g. "/inbox who <username>". */
  usage: string;
  description: string;
  /** Full example commands. */
  examples: string[];
}

export const HELP_TITLE = 'Inbox for Slack: /inbox';

/** The short help: what to type first, one line each. */
export const HELP_START: readonly HelpEntry[] = [
  {
    usage: '/inbox noreply',
    description: 'Who is waiting for a reply (add `oldest` for the longest wait first).',
    examples: ['/inbox noreply', '/inbox noreply oldest'],
  },
  { usage: '/inbox mine', description: 'Threads assigned to you.', examples: ['/inbox mine'] },
  {
    usage: '/inbox who <username>',
    description: 'A prospect and their conversations.',
    examples: ['/inbox who @jordanrivera'],
  },
  { usage: '/inbox digest', description: 'Preview the daily digest (only you see it).', examples: ['/inbox digest'] },
  {
    usage: '/inbox help filters · buttons · commands',
    description:
      'Narrow a list (tags, people, accounts…), what each button does, and the rest: reply, bulk, round-robin, live channels, reminders.',
    examples: ['/inbox help filters', '/inbox help buttons', '/inbox help commands'],
  },
];

export interface HelpPage {
  title: string;
  intro: string;
  entries: readonly HelpEntry[];
}

export const HELP_PAGES: Readonly<Record<HelpTopic, HelpPage>> = {
  filters: {
    title: 'Lists and filters',
    intro:
      'Any list takes filters. Different filters combine (AND); the same one twice means either (tag:a tag:b). Quote names with spaces: tag:"hot lead". Names are matched without regard to case.',
    entries: [
      {
        usage: '/inbox list [active|noreply|requests|archived]',
        description: 'One view of Inbox (default: active). `requests` and `archived` work on their own too.',
        examples: ['/inbox list', '/inbox requests', '/inbox archived newest limit:5'],
      },
      {
        usage: 'mine · unassigned · assignee:<me|@user|name|email>',
        description: 'Assigned to you, to no one, or to these people.',
        examples: ['/inbox unassigned', '/inbox noreply assignee:bob assignee:"Carol Okafor"'],
      },
      {
        usage: 'tag:<name> · notags',
        description: 'With this tag, or with none.',
        examples: ['/inbox noreply tag:"hot lead"', '/inbox list notags'],
      },
      {
        usage: 'status:<name> · nostatus',
        description: 'With this status, or with none.',
        examples: ['/inbox list status:qualified', '/inbox noreply nostatus'],
      },
      {
        usage: 'campaign:<name> · nocampaign',
        description: 'Started by this campaign, or by none.',
        examples: ['/inbox list campaign:"Q4 founders"', '/inbox noreply nocampaign'],
      },
      {
        usage: 'account:@handle',
        description: 'On this connected X account.',
        examples: ['/inbox noreply account:@acmehq'],
      },
      {
        usage: 'oldest · newest · limit:<1-100>',
        description: 'Sort order, and how many threads in all (10 a page).',
        examples: ['/inbox noreply oldest limit:5'],
      },
      {
        usage: '/inbox thread <thread ID>',
        description: 'One conversation as a full card (the ID is the end of its "Open in Inbox" link).',
        examples: [],
      },
    ],
  },
  commands: {
    title: 'More commands',
    intro:
      'Write to prospects, act on many threads at once, share the load, follow a channel live, and set reminders and team settings.',
    entries: [
      {
        usage: '/inbox dm <username|X user ID> [account:@handle] ["message"]',
        description:
          'Write to a prospect: finds the conversation on that account (or starts one) and opens the reply window; nothing is sent before you confirm.',
        examples: [],
      },
      {
        usage: '/inbox archive <filters> · /inbox assign <me|@user|name> <filters>',
        description:
          'Archive or assign every thread a list matches (up to 100): you see how many and which first, confirm once, and can Undo.',
        examples: [],
      },
      {
        usage:
          '/inbox autoassign <members…> [account:@handle] [tag:name] · off · status · now · skip <member> until <day>',
        description:
          'Round-robin: new unassigned threads awaiting a reply go to the next member in turn; `now` assigns the waiting ones (one confirm); threads assigned by hand are left alone.',
        examples: ['/inbox autoassign status'],
      },
      {
        usage: '/inbox subscribe [filters] [events:replies,requests,assigned,archived] [quiet:22:00-08:00]',
        description:
          'Post a card in this channel when a matching thread changes, and keep it up to date (default events: replies,requests). During quiet hours, one summary at the end.',
        examples: [],
      },
      {
        usage: '/inbox subscriptions · /inbox unsubscribe',
        description: "This channel's subscriptions (with a Remove button each), or remove them all.",
        examples: ['/inbox subscriptions'],
      },
      {
        usage: '/inbox remind [weekdays|daily|mon,wed,fri] [at 9:00] [min-age:2h] [all-clear] · off',
        description:
          'A DM with your threads awaiting a reply, in your own time zone; `off` stops it, no words shows yours.',
        examples: ['/inbox remind'],
      },
      {
        usage: '/inbox digest post · /inbox settings',
        description:
          'Post the digest to its channel now; team settings (for admins): channel digests, member links, who may act and read.',
        examples: [],
      },
    ],
  },
  buttons: {
    title: 'What the buttons do',
    intro:
      'Buttons act in Inbox as you, so you need an Inbox seat (the app matches your Slack email). The card then shows what Inbox holds, with a line saying who did what.',
    entries: [
      {
        usage: 'Assign… (the menu)',
        description: 'Pick anyone on the Inbox team; type to search. It shows who has the thread now.',
        examples: [],
      },
      {
        usage: 'Assign to me',
        description: 'Take the thread. Not shown when it is already yours.',
        examples: [],
      },
      {
        usage: 'Archive · Reopen',
        description: 'Mark the conversation done in Inbox, or bring it back.',
        examples: [],
      },
      {
        usage: '⋯ (the menu at the top right of a card)',
        description:
          'View conversation (the latest messages, in a window), Unassign, Open in Inbox, Open on X (the DM itself).',
        examples: [],
      },
      {
        usage: 'Previous · Next page',
        description:
          'Move through a long list, 10 threads at a time; the header says where you are ("Threads 11–20 of 93").',
        examples: ['/inbox list'],
      },
    ],
  },
};

/** Every example command in the help, once each (the tests run them all). */
export const HELP_EXAMPLES: readonly string[] = [
  ...new Set([
    ...HELP_START.flatMap((e) => e.examples),
    ...Object.values(HELP_PAGES).flatMap((page) => page.entries.flatMap((e) => e.examples)),
  ]),
];

/** The short help as plain text (playground hint, logs). */
export const HELP_TEXT = [HELP_TITLE, ...HELP_START.map((entry) => `  ${entry.usage} — ${entry.description}`)].join(
  '\n',
);
