/**
 * Errors, refusals and notices, as small ephemeral messages. `text` arguments are mrkdwn written by the app:
 * escape any outside text before passing it in.
 */
import { closestMatch, rankByCloseness } from '../commands/closeness.js';
import type { ParseError } from '../commands/grammar.js';
import { formatValue } from '../commands/query-text.js';
import type { NameKind } from '../services/resolve-query.js';
import { escapeMrkdwn, safeName, truncate } from './escape.js';
import { BlockIds } from './ids.js';
import { context, LIMITS, section } from './kit.js';
import type { SlackMessage } from './message.js';

const HELP_HINT = 'Type `/inbox help` for every command and filter.';

export function buildErrorMessage(text: string): SlackMessage {
  return {
    text: truncate(`⚠️ ${text}`, LIMITS.messageText),
    blocks: [section(`⚠️ ${text}`, { block_id: BlockIds.error })],
  };
}

/** A click whose button this version of the app cannot serve (an old card, a tampered or unknown payload). */
export function buildStaleButton(): SlackMessage {
  return buildErrorMessage(
    'This button is out of date or not valid any more. Run the command again to get a fresh card.',
  );
}

export function buildNotice(text: string): SlackMessage {
  return { text: truncate(text, LIMITS.messageText), blocks: [section(text, { block_id: BlockIds.notice })] };
}

/** A command the grammar could not read: the parser's words (escaped: they echo the user's input) and a help hint. */
export function buildParseError(error: ParseError): SlackMessage {
  const message = escapeMrkdwn(error.message);
  return {
    text: truncate(`⚠️ ${message}`, LIMITS.messageText),
    blocks: [section(`⚠️ ${message}`, { block_id: BlockIds.error }), context([HELP_HINT])],
  };
}

export type { NameKind } from '../services/resolve-query.js';

const KIND_WORDS: Record<NameKind, { one: string; many: string; filter: string; none: string }> = {
  tag: { one: 'tag', many: 'Tags', filter: 'tag:', none: 'Your Inbox team has no tags yet.' },
  status: { one: 'status', many: 'Statuses', filter: 'status:', none: 'Your Inbox team has no statuses yet.' },
  member: { one: 'member', many: 'Members', filter: 'assignee:', none: 'Your Inbox team has no members.' },
  campaign: {
    one: 'campaign',
    many: 'Campaigns',
    filter: 'campaign:',
    none: 'No campaign names are configured; use a campaign ID (an admin can name campaigns in CAMPAIGNS).',
  },
  account: { one: 'account', many: 'Accounts', filter: 'account:', none: 'No X accounts are connected to Inbox yet.' },
};

const MAX_LISTED = 25;

function filterExample(kind: NameKind, name: string): string {
  const value = kind === 'account' ? `@${name.replace(/^@/, '')}` : formatValue(name);
  const text = `${KIND_WORDS[kind].filter}${value}`;
  return text.includes('`') ? safeName(text, 120) : `\`${safeName(text, 120)}\``;
}

/** "No tag called “hto lead”. Did you mean `tag:"hot lead"`?" then the valid names, closest first. */
export function buildUnknownName(args: { kind: NameKind; input: string; valid: string[] }): SlackMessage {
  const words = KIND_WORDS[args.kind];
  const input = safeName(args.input, 100);
  const ranked = rankByCloseness(args.input, args.valid);
  const best = closestMatch(args.input, args.valid);
  const lead = `No ${words.one} called “${input}”.${best === undefined ? '' : ` Did you mean ${filterExample(args.kind, best)}?`}`;
  let list: string;
  if (ranked.length === 0) {
    list = words.none;
  } else {
    const shown = ranked.slice(0, MAX_LISTED).map((name) => filterExample(args.kind, name));
    const more = ranked.length > MAX_LISTED ? ` and ${ranked.length - MAX_LISTED} more` : '';
    list = `${words.many} you can use, closest first: ${shown.join(', ')}${more}.`;
  }
  return {
    text: truncate(`⚠️ ${lead}`, LIMITS.messageText),
    blocks: [section(`⚠️ ${lead}\n${list}`, { block_id: BlockIds.error }), context([HELP_HINT])],
  };
}
