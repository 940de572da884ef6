/**
 * The `/inbox` grammar: text in, a typed `Command` or a `ParseError` with words for the user out. Pure.
 *
 *   /inbox [help]
 *   /inbox [list] [active|noreply|requests|archived] [filters…]     (also: noreply, requests, archived, mine, unassigned)
 *   /inbox who <username | @username | x.com/username | numeric X user ID>
 *   /inbox thread <threadId>
 *   /inbox dm <username | @username | x.com/username | numeric X user ID> [account:@handle] ["message text"]
 *   /inbox archive <filters…>                    (preview, confirm, apply, Undo)
 *   /inbox assign <me|@slack-user|name|email> <filters…>
 *   /inbox autoassign <members…> [account:@handle] [tag:<name>] | off | status | now | skip <member> until <day>|off
 *   /inbox digest [post]
 *   /inbox subscribe [filters…] [events:replies,requests,assigned,archived] [quiet:22:00-08:00]
 *   /inbox subscriptions · /inbox unsubscribe
 *   /inbox settings                                                 (a modal: digests, member links, policies)
 *   /inbox remind [weekdays|daily|mon,wed,fri] [at 9:00] [min-age:2h] [all-clear] · /inbox remind off (remind.ts)
 *
 * Filters (AND together; repeating one means any of those values):
 *   tag:<name> notags  status:<name> nostatus  assignee:<me|@slack-user|name|email> mine unassigned
 *   campaign:<name> nocampaign  account:@handle  oldest|newest  limit:<1-100>
 */
import { closestMatch, rankByCloseness } from './closeness.js';
import {
  type AssigneeRef,
  type AutoassignOp,
  type Command,
  DEFAULT_LIVE_EVENTS,
  emptyListQuery,
  HELP_TOPICS,
  type HelpTopic,
  ID_PATTERN,
  LIST_VIEWS,
  LIVE_EVENT_KINDS,
  type ListQuery,
  type ListView,
  type LiveEventKind,
  MAX_COMMAND_LENGTH,
  MAX_LIMIT,
  type ParseError,
  type ParseErrorCode,
  type ParseResult,
  type QuietHours,
  SLACK_TEXT_BOX_CHARS,
  SLACK_USER_ID_PATTERN,
  type SubscribeRequest,
  type WhoTarget,
  X_USERNAME_PATTERN,
} from './grammar.js';
import { parseRemind } from './remind.js';
import { type Token, tokenize } from './tokenize.js';

/** First words the grammar knows, in the order help lists them. */
export const COMMAND_WORDS = [
  'list',
  'noreply',
  'requests',
  'archived',
  'mine',
  'unassigned',
  'who',
  'thread',
  'dm',
  'archive',
  'assign',
  'autoassign',
  'digest',
  'subscribe',
  'subscriptions',
  'unsubscribe',
  'remind',
  'settings',
  'help',
] as const;
/** Bare words allowed among a list's filters. */
export const FILTER_WORDS = [
  'active',
  'noreply',
  'requests',
  'archived',
  'mine',
  'unassigned',
  'notags',
  'nostatus',
  'nocampaign',
  'oldest',
  'newest',
] as const;
/** `key:value` filters. */
export const FILTER_KEYS = ['tag', 'status', 'assignee', 'campaign', 'account', 'limit'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

// Words typed by users are looked up in Maps, never in plain objects: `constructor` or `__proto__` is just a word.
const KEY_ALIASES: ReadonlyMap<string, FilterKey> = new Map([
  ['tag', 'tag'],
  ['tags', 'tag'],
  ['status', 'status'],
  ['statuses', 'status'],
  ['assignee', 'assignee'],
  ['assignees', 'assignee'],
  ['campaign', 'campaign'],
  ['campaigns', 'campaign'],
  ['account', 'account'],
  ['accounts', 'account'],
  ['limit', 'limit'],
]);

const VIEW_WORDS: ReadonlyMap<string, ListView> = new Map(LIST_VIEWS.map((view) => [view, view]));

const VIEW_NAMES = new Set<string>(LIST_VIEWS);

/** Paths on x.com / twitter.com that are not profiles. */
const RESERVED_X_PATHS = new Set([
  'i',
  'home',
  'explore',
  'notifications',
  'messages',
  'settings',
  'search',
  'compose',
  'intent',
  'hashtag',
  'share',
  'login',
  'signup',
  'tos',
  'privacy',
]);

const MAX_THREAD_ID_LENGTH = 64;
const MAX_PLATFORM_ID_LENGTH = 32;
const MAX_NAME_LENGTH = 200;

class ParseFailure extends Error {
  constructor(readonly error: ParseError) {
    super(error.message);
  }
}

function fail(code: ParseErrorCode, message: string, input?: string, suggestions: string[] = []): never {
  throw new ParseFailure({ code, message, ...(input === undefined ? {} : { input }), suggestions });
}

function codeList(names: readonly string[]): string {
  return names.map((name) => `\`${name}\``).join(', ');
}

function unknown(
  code: ParseErrorCode,
  what: string,
  input: string,
  known: readonly string[],
  knownLabel: string,
  hint = '',
): never {
  const ranked = rankByCloseness(input, known);
  const best = closestMatch(input, known);
  const guess = best === undefined ? '' : ` Did you mean \`${best}\`?`;
  const extra = hint === '' ? '' : ` ${hint}`;
  fail(code, `Unknown ${what} “${input}”.${guess}${extra} ${knownLabel}: ${codeList(ranked)}.`, input, ranked);
}

/** Parses the text of an `/inbox` command. Never throws; linear in the text's length, which is capped first. */
export function parseCommand(text: string): ParseResult {
  if (text.length > MAX_COMMAND_LENGTH) {
    const length = codePoints(text);
    if (length > MAX_COMMAND_LENGTH) {
      return {
        ok: false,
        error: {
          code: 'too_long',
          message: `That command is too long (${length.toLocaleString('en-US')} characters; at most ${MAX_COMMAND_LENGTH.toLocaleString('en-US')}). Nothing was run.`,
          suggestions: [],
        },
      };
    }
  }
  try {
    return { ok: true, command: parseOrThrow(text) };
  } catch (err) {
    if (err instanceof ParseFailure) return { ok: false, error: err.error };
    throw err;
  }
}

/** Characters as a person counts them (code points), without allocating an array of them. */
function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

function parseOrThrow(text: string): Command {
  const tokenized = tokenize(text);
  if (!tokenized.ok) throw new ParseFailure(tokenized.error);
  const tokens = tokenized.tokens;
  const first = tokens[0];
  if (first === undefined) return { kind: 'help' };
  const rest = tokens.slice(1);
  if (first.key !== null || first.quoted || first.angle) {
    // `/inbox tag:hot` is shorthand for `/inbox list tag:hot`.
    if (first.key !== null) return { kind: 'list', query: parseListArgs(tokens, emptyListQuery()) };
    unknownCommand(first);
  }
  const word = first.value.toLowerCase();
  switch (word) {
    case 'help':
      return parseHelp(rest);
    case 'list':
      return { kind: 'list', query: parseListArgs(rest, emptyListQuery()) };
    case 'who':
      return { kind: 'who', target: parseWho(rest) };
    case 'thread':
      return { kind: 'thread', threadId: parseThreadId(rest) };
    case 'dm':
      return parseDm(rest);
    case 'archive':
      return { kind: 'bulk', action: { type: 'archive' }, query: parseBulkFilters('archive', rest) };
    case 'assign':
      return parseBulkAssign(rest);
    case 'autoassign':
      return { kind: 'autoassign', op: parseAutoassign(rest) };
    case 'digest':
      return { kind: 'digest', post: parseDigest(rest) };
    case 'subscribe':
      return { kind: 'subscribe', subscription: parseSubscribe(rest) };
    case 'subscriptions':
    case 'unsubscribe':
      if (rest[0] !== undefined) {
        fail('unexpected_argument', `\`${word}\` takes no arguments: it applies to this channel.`, rest[0].raw);
      }
      return { kind: word };
    case 'settings': {
      const extra = rest[0];
      if (extra)
        fail('unexpected_argument', '`settings` takes nothing after it: it opens the settings window.', extra.raw);
      return { kind: 'settings' };
    }
    case 'remind': {
      const remind = parseRemind(rest);
      if ('code' in remind) throw new ParseFailure(remind);
      return { kind: 'remind', remind };
    }
    default:
      if ((FILTER_WORDS as readonly string[]).includes(word)) {
        return { kind: 'list', query: parseListArgs(tokens, emptyListQuery()) };
      }
      unknownCommand(first);
  }
}

function unknownCommand(token: Token): never {
  const known = [...COMMAND_WORDS, ...FILTER_WORDS.filter((w) => !(COMMAND_WORDS as readonly string[]).includes(w))];
  unknown('unknown_command', 'command', token.raw, known, 'Commands and filters I know');
}

function parseHelp(args: Token[]): Command {
  const [arg, extra] = args;
  if (arg === undefined) return { kind: 'help' };
  if (extra !== undefined)
    fail('unexpected_argument', '`help` takes at most one word: `filters`, `buttons` or `commands`.', extra.raw);
  const word = arg.value.toLowerCase();
  if (arg.key === null && (HELP_TOPICS as readonly string[]).includes(word)) {
    return { kind: 'help', topic: word as HelpTopic };
  }
  unknown('unexpected_argument', 'help topic', arg.raw, [...HELP_TOPICS], 'Topics');
}

/**
 * `subscribe` takes the list filters plus `events:` and `quiet:`; a view, a sort order or a limit mean
 * nothing for a subscription (it follows every thread that matches), so they are refused with a reason.
 */
function parseSubscribe(args: Token[]): SubscribeRequest {
  let events: LiveEventKind[] | null = null;
  let quiet: QuietHours | null = null;
  const filters: Token[] = [];
  for (const token of args) {
    if (token.key === 'events' || token.key === 'event') {
      if (events !== null)
        fail('conflict', '`events:` is given twice. List them once, separated by commas.', token.raw);
      events = parseEventKinds(token);
    } else if (token.key === 'quiet') {
      if (quiet !== null) fail('conflict', '`quiet:` is given twice. Give one period.', token.raw);
      quiet = parseQuiet(token);
    } else if (
      token.key === 'limit' ||
      (token.key === null && !token.quoted && SUBSCRIBE_REFUSED.has(token.value.toLowerCase()))
    ) {
      fail(
        'unexpected_argument',
        `\`${token.raw}\` does not apply to a subscription: it follows every matching thread as it changes. Filters such as \`tag:\`, \`assignee:\`, \`account:\`, \`status:\`, \`campaign:\` and \`unassigned\` do.`,
        token.raw,
      );
    } else filters.push(token);
  }
  return { query: parseListArgs(filters, emptyListQuery()), events: events ?? [...DEFAULT_LIVE_EVENTS], quiet };
}

const SUBSCRIBE_REFUSED = new Set(['active', 'noreply', 'requests', 'archived', 'oldest', 'newest']);

function parseEventKinds(token: Token): LiveEventKind[] {
  const words = token.value
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  if (words.length === 0) {
    fail('missing_value', `\`events:\` needs a list, like \`events:replies,requests\`.`, token.raw);
  }
  const kinds: LiveEventKind[] = [];
  for (const word of words) {
    const kind = (LIVE_EVENT_KINDS as readonly string[]).includes(word)
      ? (word as LiveEventKind)
      : EVENT_ALIASES.get(word);
    if (kind === undefined) unknown('invalid_value', 'event', word, LIVE_EVENT_KINDS, 'Events I know');
    if (!kinds.includes(kind)) kinds.push(kind);
  }
  return kinds;
}

const EVENT_ALIASES = new Map<string, LiveEventKind>([
  ['reply', 'replies'],
  ['request', 'requests'],
  ['assign', 'assigned'],
  ['assignments', 'assigned'],
  ['archive', 'archived'],
]);

function parseQuiet(token: Token): QuietHours {
  const m = /^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$/.exec(token.value.trim());
  const hh = (h: string | undefined, mm: string | undefined) => {
    const hours = Number(h);
    const minutes = Number(mm);
    return hours <= 23 && minutes <= 59 ? `${String(hours).padStart(2, '0')}:${mm}` : null;
  };
  const start = m ? hh(m[1], m[2]) : null;
  const end = m ? hh(m[3], m[4]) : null;
  if (!start || !end || start === end) {
    fail(
      'invalid_value',
      `\`quiet:\` takes a period of 24-hour times, like \`quiet:22:00-08:00\` (not “${truncateForMessage(token.value)}”).`,
      token.raw,
    );
  }
  return { start, end };
}

function parseDigest(args: Token[]): boolean {
  if (args.length === 0) return false;
  const [arg, extra] = args;
  if (extra !== undefined) fail('unexpected_argument', `\`digest\` takes at most one word (\`post\`).`, extra.raw);
  const word = (arg as Token).value.toLowerCase();
  if (word === 'post' && (arg as Token).key === null) return true;
  if (word === 'preview' && (arg as Token).key === null) return false;
  unknown('unexpected_argument', 'digest option', (arg as Token).raw, ['post', 'preview'], 'Options');
}

function parseThreadId(args: Token[]): string {
  const [arg, extra] = args;
  if (arg === undefined) {
    fail('missing_argument', 'Which thread? Usage: `/inbox thread <thread ID>`, e.g. `/inbox thread t1a2b3c`.');
  }
  if (extra !== undefined) fail('unexpected_argument', '`thread` takes one thread ID.', extra.raw);
  const id = arg.key === null ? arg.value.trim() : arg.raw;
  if (id.length > MAX_THREAD_ID_LENGTH || !ID_PATTERN.test(id)) {
    fail(
      'invalid_value',
      `“${truncateForMessage(arg.raw)}” isn't a thread ID: thread IDs are lowercase letters and digits.`,
      arg.raw,
    );
  }
  return id;
}

/** A bulk command's filters: at least one, so a bare `/inbox archive` never means "everything". */
function parseBulkFilters(verb: string, args: Token[]): ListQuery {
  const example = verb === 'archive' ? '`/inbox archive tag:spam`' : '`/inbox assign @alice unassigned tag:"hot lead"`';
  if (args.length === 0) {
    fail(
      'missing_argument',
      `Which threads? Give at least one filter, like ${example}. You will see them before anything changes.`,
    );
  }
  const query = parseListArgs(args, emptyListQuery());
  if (verb === 'archive' && query.view === 'archived') {
    fail('conflict', 'Those threads are archived already. Pick another list, like `noreply` or `requests`.');
  }
  return query;
}

function parseBulkAssign(args: Token[]): Command {
  const [who, ...filters] = args;
  if (who === undefined || (who.key !== null && !who.angle)) {
    fail(
      'missing_argument',
      'Assign to whom? Usage: `/inbox assign <me|@slack-user|name|email> <filters>`, e.g. `/inbox assign @alice unassigned tag:"hot lead"`.',
      who?.raw,
    );
  }
  const assignee = parseAssignee(who, who.value);
  return { kind: 'bulk', action: { type: 'assign', assignee }, query: parseBulkFilters('assign', filters) };
}

const AUTOASSIGN_USAGE =
  '`/inbox autoassign @alice @bob [account:@handle] [tag:name]`, `/inbox autoassign off|status|now`, `/inbox autoassign skip @bob until friday`';
const DAY_WORDS = ['today', 'tomorrow', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

function parseAutoassign(args: Token[]): AutoassignOp {
  const [first, ...rest] = args;
  if (first === undefined) fail('missing_argument', `Who takes turns? Usage: ${AUTOASSIGN_USAGE}.`);
  const word = first.key === null && !first.quoted && !first.angle ? first.value.toLowerCase() : '';
  if (word === 'off' || word === 'status' || word === 'now') {
    if (rest[0]) fail('unexpected_argument', `\`autoassign ${word}\` takes nothing after it.`, rest[0].raw);
    return { type: word };
  }
  if (word === 'skip') {
    const [who, untilWord, day, extra] = rest;
    if (!who || who.key !== null)
      fail('missing_argument', `Skip whom? Usage: \`/inbox autoassign skip @bob until friday\`.`);
    const member = parseAssignee(who, who.value);
    if (untilWord?.value.toLowerCase() === 'off' && !day) return { type: 'skip', member, until: null };
    if (untilWord?.value.toLowerCase() !== 'until' || !day || extra) {
      fail(
        'invalid_value',
        'Say until when: `/inbox autoassign skip @bob until friday` (or `until 2026-12-24`), or `skip @bob off`.',
      );
    }
    const until = day.value.toLowerCase();
    if (!DAY_WORDS.includes(until) && !/^\d{4}-\d{2}-\d{2}$/.test(until)) {
      unknown('invalid_value', 'day', day.raw, DAY_WORDS, 'Days I know (or a date like 2026-12-24)');
    }
    return { type: 'skip', member, until };
  }
  const members: AssigneeRef[] = [];
  const accounts: string[] = [];
  const tags: string[] = [];
  for (const token of args) {
    if (token.key === 'account' || token.key === 'accounts') {
      const handle = parseXHandle(token.value, token.raw);
      if (handle.type === 'username' && !accounts.includes(handle.username)) accounts.push(handle.username);
    } else if (token.key === 'tag' || token.key === 'tags') {
      const tag = token.value.trim();
      if (tag === '') fail('missing_value', '`tag:` needs a name, like `tag:"hot lead"`.', token.raw);
      if (!tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
    } else if (token.key === null || token.angle) {
      const ref = parseAssignee(token, token.value);
      const same = (m: AssigneeRef) => JSON.stringify(m).toLowerCase() === JSON.stringify(ref).toLowerCase();
      if (!members.some(same)) members.push(ref);
    } else {
      fail(
        'unknown_filter',
        `\`autoassign\` takes members, \`account:\` and \`tag:\`. Usage: ${AUTOASSIGN_USAGE}.`,
        token.raw,
      );
    }
  }
  if (members.length < 2)
    fail('missing_argument', `Round-robin needs at least two members. Usage: ${AUTOASSIGN_USAGE}.`);
  return { type: 'on', members, accounts, tags };
}

const DM_USAGE = '`/inbox dm <username or X user ID> [account:@handle] ["message"]`, e.g. `/inbox dm @jack "Hi Jack!"`';

function parseDm(args: Token[]): Command {
  let target: WhoTarget | null = null;
  let account: string | null = null;
  let text: string | null = null;
  for (const token of args) {
    if (token.key === 'account' || token.key === 'accounts') {
      if (account !== null) fail('conflict', '`account:` is given twice. Give it once.', token.raw);
      const handle = parseXHandle(token.value, token.raw);
      if (handle.type !== 'username')
        fail('invalid_value', '`account:` takes the X handle of a connected account.', token.raw);
      account = handle.username;
    } else if (token.quoted && token.key === null) {
      if (text !== null) fail('unexpected_argument', 'Give the message once, in one pair of quotes.', token.raw);
      text = token.value;
    } else if (target === null) {
      target = parseWho([token]);
    } else {
      fail('unexpected_argument', `Put the message in quotes so every word is kept: ${DM_USAGE}.`, token.raw);
    }
  }
  if (target === null) fail('missing_argument', `Who to write to? Usage: ${DM_USAGE}.`);
  const draft = text ?? '';
  const length = Array.from(draft).length;
  if (length > SLACK_TEXT_BOX_CHARS) {
    fail(
      'invalid_value',
      `The message has ${length.toLocaleString('en-US')} characters; the reply window takes ${SLACK_TEXT_BOX_CHARS.toLocaleString('en-US')} (Slack's limit for a text box). Shorten it, or write longer DMs in Inbox.`,
    );
  }
  return { kind: 'dm', target, account, text: draft };
}

function parseWho(args: Token[]): WhoTarget {
  const [arg, extra] = args;
  if (arg === undefined) {
    fail(
      'missing_argument',
      'Who? Usage: `/inbox who <username>`, e.g. `/inbox who @jack` or `/inbox who x.com/jack`.',
    );
  }
  if (extra !== undefined) {
    fail('unexpected_argument', '`who` takes one X username, like `/inbox who @jack`.', extra.raw);
  }
  if (arg.key !== null && arg.key !== 'http' && arg.key !== 'https') {
    fail('invalid_value', `“${truncateForMessage(arg.raw)}” isn't an X username. Try \`/inbox who @jack\`.`, arg.raw);
  }
  const value = arg.key === null ? arg.value.trim() : arg.raw;
  if (!arg.quoted && !arg.angle && /^[0-9]+$/.test(value)) {
    if (value.length > MAX_PLATFORM_ID_LENGTH) {
      fail('invalid_value', `“${truncateForMessage(value)}” is too long to be an X user ID.`, arg.raw);
    }
    return { type: 'platformId', platformId: value };
  }
  return parseXHandle(value, arg.raw, { allowUserId: true });
}

type HandleResult = WhoTarget;

/**
 * Accepts `name`, `@name`, `x.com/name`, `https://www.twitter.com/Name/?s=20`, Slack's `<https://x.com/name|…>`,
 * and `x.com/i/user/<id>` (a numeric ID, only when `allowUserId`). Usernames come back lowercased.
 */
export function parseXHandle(input: string, raw = input, opts: { allowUserId?: boolean } = {}): HandleResult {
  let text = input.trim();
  if (text.startsWith('<') && text.endsWith('>')) {
    text = text.slice(1, -1).split('|')[0] ?? '';
    if (text.startsWith('@')) {
      fail('invalid_value', `That's a Slack user. Give an X username instead, like @jack.`, raw);
    }
  }
  const url = /^(?:https?:\/\/)?(?:www\.|mobile\.)?(?:x|twitter)\.com(?:\/(.*))?$/i.exec(text);
  if (url) {
    const path = (url[1] ?? '').split(/[?#]/)[0] ?? '';
    const segments = path.split('/').filter((s) => s.length > 0);
    const [firstSegment, second, third] = segments;
    if (firstSegment === undefined) {
      fail('invalid_value', `“${truncateForMessage(raw)}” is a link to X, not to a profile. Try x.com/jack.`, raw);
    }
    if (
      opts.allowUserId &&
      firstSegment.toLowerCase() === 'i' &&
      second?.toLowerCase() === 'user' &&
      third !== undefined &&
      /^[0-9]{1,32}$/.test(third)
    ) {
      return { type: 'platformId', platformId: third };
    }
    if (RESERVED_X_PATHS.has(firstSegment.toLowerCase())) {
      fail('invalid_value', `“${truncateForMessage(raw)}” isn't a link to an X profile. Try x.com/jack.`, raw);
    }
    text = firstSegment;
  } else if (/^https?:\/\//i.test(text) || /^[a-z0-9-]+(\.[a-z0-9-]+)+\//i.test(text)) {
    fail('invalid_value', `“${truncateForMessage(raw)}” isn't an x.com or twitter.com profile link.`, raw);
  }
  if (text.startsWith('@')) text = text.slice(1);
  if (!X_USERNAME_PATTERN.test(text)) {
    fail(
      'invalid_value',
      `“${truncateForMessage(raw)}” isn't a valid X username: usernames are 1–15 letters, digits or underscores.`,
      raw,
    );
  }
  return { type: 'username', username: text.toLowerCase() };
}

function truncateForMessage(text: string): string {
  const chars = Array.from(text);
  return chars.length > 60 ? `${chars.slice(0, 59).join('')}…` : text;
}

interface ListState {
  query: ListQuery;
  /** Lowercased names already in each list, so repeating a filter costs O(1), not a scan of the list. */
  seen: Map<string[], Set<string>>;
  /** Assignees already in the query (`me`, `slack:U…`, `name:<lowercased>`). */
  seenAssignees: Set<string>;
  viewWord: string | null;
  sortWord: string | null;
  limitSeen: boolean;
  previous: Token | null;
}

function parseListArgs(tokens: Token[], query: ListQuery): ListQuery {
  const state: ListState = {
    query,
    seen: new Map(),
    seenAssignees: new Set(),
    viewWord: null,
    sortWord: null,
    limitSeen: false,
    previous: null,
  };
  for (const token of tokens) {
    if (token.key !== null) parseFilter(token, state);
    else parseWord(token, state);
    state.previous = token;
  }
  const q = state.query;
  conflict(q.tags.length > 0 && q.noTags, 'tag:', 'notags', 'a thread with no tags has none of those tags');
  conflict(q.statuses.length > 0 && q.noStatus, 'status:', 'nostatus', 'a thread with no status has none of those');
  conflict(
    q.assignees.length > 0 && q.unassigned,
    q.assignees.some((a) => a.type === 'me') ? 'mine' : 'assignee:',
    'unassigned',
    'an unassigned thread has no assignee',
  );
  conflict(q.campaigns.length > 0 && q.noCampaign, 'campaign:', 'nocampaign', 'pick one');
  return q;
}

function conflict(when: boolean, a: string, b: string, why: string): void {
  if (when) fail('conflict', `\`${a}\` and \`${b}\` contradict each other (${why}). Use one or the other.`);
}

function parseWord(token: Token, state: ListState): void {
  const word = token.value.toLowerCase();
  const q = state.query;
  if (!token.quoted && !token.angle) {
    const view = VIEW_WORDS.get(word);
    if (view !== undefined) {
      if (state.viewWord !== null && q.view !== view) {
        fail(
          'conflict',
          `\`${state.viewWord}\` and \`${word}\` are different lists; a list shows one at a time. Use one of them.`,
          token.raw,
        );
      }
      q.view = view;
      state.viewWord = word;
      return;
    }
    switch (word) {
      case 'mine':
        addAssignee(state, { type: 'me' });
        return;
      case 'unassigned':
        q.unassigned = true;
        return;
      case 'notags':
        q.noTags = true;
        return;
      case 'nostatus':
        q.noStatus = true;
        return;
      case 'nocampaign':
        q.noCampaign = true;
        return;
      case 'oldest':
      case 'newest':
        if (state.sortWord !== null && state.sortWord !== word) {
          fail('conflict', '`oldest` and `newest` contradict each other. Use one of them.', token.raw);
        }
        q.sort = word;
        state.sortWord = word;
        return;
    }
  }
  const prev = state.previous;
  const hint =
    prev !== null && prev.key !== null && !prev.quoted && prev.value !== ''
      ? `If it belongs to the name before it, quote the whole name: \`${prev.key}:"${prev.value} ${token.value}"\`.`
      : '';
  const known = [...FILTER_WORDS, ...FILTER_KEYS.map((k) => `${k}:`)];
  unknown('unknown_word', 'word', token.raw, known, 'Filters I know', hint);
}

function parseFilter(token: Token, state: ListState): void {
  const rawKey = token.key as string;
  const key = KEY_ALIASES.get(rawKey);
  if (key === undefined) {
    unknown(
      'unknown_filter',
      'filter',
      `${rawKey}:`,
      [...FILTER_KEYS.map((k) => `${k}:`), ...FILTER_WORDS],
      'Filters I know',
    );
  }
  const value = token.value.trim();
  if (value === '') {
    fail('missing_value', `\`${key}:\` needs a value right after the colon, like ${EXAMPLES.get(key)}.`, token.raw, []);
  }
  if (Array.from(value).length > MAX_NAME_LENGTH) {
    fail('invalid_value', `The value of \`${key}:\` is too long (${MAX_NAME_LENGTH} characters at most).`, token.raw);
  }
  const q = state.query;
  switch (key) {
    case 'tag':
      addName(state, q.tags, value);
      return;
    case 'status':
      addName(state, q.statuses, value);
      return;
    case 'campaign':
      addName(state, q.campaigns, value);
      return;
    case 'account': {
      const handle = parseXHandle(value, token.raw);
      if (handle.type === 'username') addName(state, q.accounts, handle.username);
      return;
    }
    case 'assignee': {
      addAssignee(state, parseAssignee(token, value));
      return;
    }
    case 'limit': {
      if (state.limitSeen) fail('conflict', '`limit:` is given twice. Give it once.', token.raw);
      state.limitSeen = true;
      if (!/^[0-9]+$/.test(value)) {
        fail('invalid_value', `\`limit:\` takes a whole number from 1 to ${MAX_LIMIT}, not “${value}”.`, token.raw);
      }
      const n = Number(value);
      if (n < 1 || n > MAX_LIMIT) {
        fail(
          'invalid_value',
          `\`limit:\` must be from 1 to ${MAX_LIMIT} (got ${truncateForMessage(value)}).`,
          token.raw,
        );
      }
      q.limit = n;
      return;
    }
  }
}

const EXAMPLES: ReadonlyMap<FilterKey, string> = new Map([
  ['tag', '`tag:hot` or `tag:"hot lead"`'],
  ['status', '`status:qualified` or `status:"in talks"`'],
  ['assignee', '`assignee:me`, `assignee:@alice` or `assignee:"Alice Chen"`'],
  ['campaign', '`campaign:"Q4 founders"`'],
  ['account', '`account:@acmehq`'],
  ['limit', '`limit:20`'],
]);

/** Adds a name unless the list has it already (case-insensitively). */
function addName(state: ListState, list: string[], value: string): void {
  let seen = state.seen.get(list);
  if (!seen) {
    seen = new Set(list.map((v) => v.toLowerCase()));
    state.seen.set(list, seen);
  }
  const folded = value.toLowerCase();
  if (seen.has(folded)) return;
  seen.add(folded);
  list.push(value);
}

function addAssignee(state: ListState, ref: AssigneeRef): void {
  const key =
    ref.type === 'me' ? 'me' : ref.type === 'slack' ? `slack:${ref.userId}` : `name:${ref.value.toLowerCase()}`;
  if (state.seenAssignees.has(key)) return;
  state.seenAssignees.add(key);
  state.query.assignees.push(ref);
}

function parseAssignee(token: Token, value: string): AssigneeRef {
  if (token.angle) {
    const inner = value.slice(1, -1);
    const [target = '', label] = inner.split('|');
    if (target.startsWith('@')) {
      const userId = target.slice(1);
      if (SLACK_USER_ID_PATTERN.test(userId)) return { type: 'slack', userId };
    } else if (target.toLowerCase().startsWith('mailto:')) {
      const email = (label ?? target.slice('mailto:'.length)).trim();
      if (email !== '') return { type: 'name', value: email };
    }
    fail(
      'invalid_value',
      `\`assignee:\` takes me, a Slack user (@alice), or a member's name or email, not “${truncateForMessage(token.raw)}”.`,
      token.raw,
    );
  }
  if (token.quoted) return { type: 'name', value };
  if (value.toLowerCase() === 'me') return { type: 'me' };
  const name = value.startsWith('@') ? value.slice(1).trim() : value;
  if (name === '') fail('missing_value', `\`assignee:\` needs a value, like ${EXAMPLES.get('assignee')}.`, token.raw);
  return { type: 'name', value: name };
}

export function isListView(value: string): value is ListView {
  return VIEW_NAMES.has(value);
}
