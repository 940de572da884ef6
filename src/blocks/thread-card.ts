/**
 * The thread card: one builder used by the list, the who result, the thread command and the digest. Its size does
 * not depend on the team: assigning goes through an external_select whose options the app loads on demand.
 *
 * full (5 blocks max): head (overflow menu) · detail (the last message) · meta · actions · note
 * compact (3 blocks): head (the last message, overflow menu) · meta (age, facts, note) · actions
 * The actions row holds the Assign select and at most two buttons; rarely used actions (View, Unassign, Open in
 * Inbox, Open on X) are in the overflow menu. CARD_ACTIONS (ids.ts) says which action goes where.
 */
import type {
  ActionsBlock,
  Button,
  ExternalSelect,
  KnownBlock,
  Overflow,
  PlainTextOption,
  SectionBlock,
} from '@slack/types';
import { X_USERNAME_PATTERN } from '../commands/grammar.js';
import type { AccountLink, Member, Thread } from '../inbox/schemas.js';
import type { Directory } from '../services/directory.js';
import {
  durationBetween,
  escapeTruncate,
  oneLine,
  parseTimestamp,
  quote,
  safeName,
  slackDate,
  truncate,
  waitingFor,
} from './escape.js';
import {
  CARD_ACTIONS,
  CARD_VERBS,
  type CardActionSpec,
  type CardVerb,
  type CardViewer,
  isInboxId,
  threadBlockId,
} from './ids.js';
import { context, LIMITS, mrkdwn, plain, section } from './kit.js';

export interface CardContext {
  directory: Directory;
  now: Date;
  /** "Open in Inbox" URL template; `{threadId}` is replaced (used as is when absent). */
  inboxAppUrl: string;
  /** Who sees the card, when only one person does (ephemeral answers): hides what would do nothing for them. */
  viewer?: CardViewer;
  /**
   * `relative` (default): "waiting 3 hours (since …)", true when drawn; `absolute`: only `<!date>` tokens, true
   * whenever it is read (for messages that stay in a channel, like the digest).
   */
  ages?: 'relative' | 'absolute';
}

export interface CardOptions {
  variant?: 'full' | 'compact';
  /** A line such as "Archived by <@U123>" (mrkdwn authored by the app: escape any outside text in it). */
  note?: string;
}

const MESSAGE_CHARS = { full: 600, compact: 300 } as const;
const COMPACT_MESSAGE_LINES = 4;
const NAME_CHARS = 80;

export function memberName(member: Pick<Member, 'name' | 'email'>): string {
  const name = member.name?.trim();
  return name ? name : member.email;
}

export function findMember(directory: Directory, memberId: string | null | undefined): Member | undefined {
  return memberId ? directory.members.find((m) => m.id === memberId) : undefined;
}

export function findAccount(directory: Directory, accountLinkId: string): AccountLink | undefined {
  return directory.accountLinks.find((a) => a.id === accountLinkId);
}

/** `<https://x.com/name|@name>` when the handle is valid, else the escaped text (never a link). */
export function xProfileLink(username: string, label = `@${username}`): string {
  const handle = username.trim().replace(/^@/, '');
  if (!X_USERNAME_PATTERN.test(handle)) return safeName(label, NAME_CHARS);
  return `<https://x.com/${handle}|${safeName(label, NAME_CHARS)}>`;
}

/** X's badges, in words (an emoji badge reads as decoration and costs a glyph per card). */
export function verifiedBadge(verified: string | null | undefined): string {
  switch (verified) {
    case 'verified':
      return ' ✓';
    case 'business':
      return ' ✓ business';
    case 'government':
      return ' ✓ government';
    default:
      return '';
  }
}

/**
 * The "Open in Inbox" link of a thread: `{threadId}` in the template is replaced by the (validated) ID. Inbox
 * documents no deep link (reference §1.4); a template without `{threadId}` is used as is.
 */
export function inboxUrl(template: string, threadId: string): string | null {
  if (!isInboxId(threadId)) return null;
  const url = template.includes('{threadId}') ? template.split('{threadId}').join(threadId) : template;
  return /^https?:\/\/\S+$/i.test(url) && url.length <= LIMITS.url ? url : null;
}

/**
 * `https://x.com/i/chat/{conversationPlatformId}` (reference §1.3). X's conversation IDs are
 * `{smallerUserId}:{largerUserId}`; a colon is legal in a URL path, so it stays as it is (`%3A` is not what X
 * links to). Anything but digits, letters, `_`, `-` and one or more `:` gives no link.
 */
export function xChatUrl(platformId: string | null | undefined): string | null {
  if (!platformId || !/^[0-9A-Za-z_-]+(?::[0-9A-Za-z_-]+)*$/.test(platformId) || platformId.length > 100) return null;
  return `https://x.com/i/chat/${platformId}`;
}

export function tagNames(directory: Directory, tagIds: readonly string[]): string[] {
  return tagIds
    .map((id) => directory.tags.find((t) => t.id === id)?.name)
    .filter((name): name is string => name !== undefined);
}

export function statusName(directory: Directory, statusId: string | null | undefined): string | undefined {
  return statusId ? directory.statuses.find((s) => s.id === statusId)?.name : undefined;
}

const prospectWroteLast = (thread: Thread) =>
  thread.lastMessage !== null && thread.lastMessage.authorId !== thread.accountLinkId;

/** The escaped name of the team member (and account) that wrote the last message. */
function teamAuthor(thread: Thread, directory: Directory, account: AccountLink | undefined): string {
  const message = thread.lastMessage;
  const member = message?.userId ? directory.members.find((m) => m.userId === message.userId) : undefined;
  const accountName = account ? `@${account.username}` : 'your account';
  return member ? `${safeName(memberName(member))} (${safeName(accountName)})` : safeName(accountName);
}

/** The escaped name of whoever wrote the last message: the prospect, the team member, or the account. */
function lastAuthor(thread: Thread, directory: Directory, account: AccountLink | undefined): string {
  if (thread.lastMessage === null) return '';
  if (prospectWroteLast(thread)) return safeName(thread.prospect.displayName || thread.prospect.username);
  return teamAuthor(thread, directory, account);
}

/**
 * "⏳ waiting 3 hours (since …)", "↩️ replied 2 days ago (…)" or "🆕 opened …". With `absolute` ages only the
 * `<!date>` token is given ("⏳ waiting since …"), which each reader's Slack renders in their own time zone and
 * which stays true however long the message stays in the channel.
 */
export function ageLine(thread: Thread, now: Date, ages: 'relative' | 'absolute' = 'relative'): string {
  const message = thread.lastMessage;
  const at = parseTimestamp(message?.createdAt) ?? parseTimestamp(thread.lastMessageTimestamp);
  const relative = ages === 'relative';
  if (message !== null && at !== null) {
    const prospectLast = prospectWroteLast(thread);
    if (prospectLast && !thread.done)
      return relative ? `⏳ ${waitingFor(at, now)}` : `⏳ waiting since ${slackDate(at)}`;
    const who = prospectLast ? 'last message' : 'replied';
    const icon = prospectLast ? '💬' : '↩️';
    return relative
      ? `${icon} ${who} ${durationBetween(at, now)} ago (${slackDate(at)})`
      : `${icon} ${who} ${slackDate(at)}`;
  }
  const created = parseTimestamp(thread.createdAt);
  if (created === null) return '';
  return relative
    ? `🆕 opened ${durationBetween(created, now)} ago (${slackDate(created)})`
    : `🆕 opened ${slackDate(created)}`;
}

function headLine(thread: Thread, account: AccountLink | undefined): string {
  const p = thread.prospect;
  const name = safeName(p.displayName || p.username, NAME_CHARS);
  const handle = xProfileLink(p.username);
  const on = account ? `on ${xProfileLink(account.username)}` : 'on an account not in this team';
  const markers = [thread.isRequest ? '📨 request' : '', thread.done ? '🗄 archived' : ''].filter(Boolean);
  return [`*${name}* ${handle}${verifiedBadge(p.verified)}`, on, ...markers].join(' · ');
}

function factsLine(thread: Thread, directory: Directory): string[] {
  const assignee = findMember(directory, thread.assigneeId);
  const facts = [
    `👤 ${assignee ? safeName(memberName(assignee), 60) : thread.assigneeId ? 'Unknown member' : 'Unassigned'}`,
  ];
  const tags = tagNames(directory, thread.prospect.context.tags);
  if (tags.length > 0) {
    const shown = tags.slice(0, 5).map((t) => safeName(t, 40));
    facts.push(`🏷 ${shown.join(', ')}${tags.length > 5 ? ` +${tags.length - 5}` : ''}`);
  }
  const status = statusName(directory, thread.prospect.context.statusId);
  if (status) facts.push(`📊 ${safeName(status, 40)}`);
  const campaignId = thread.lastMessage?.campaignId;
  if (campaignId) {
    const campaign = directory.campaigns.find((c) => c.id === campaignId);
    facts.push(`📣 ${safeName(campaign?.name ?? campaignId, 40)}`);
  }
  return facts;
}

function messageText(thread: Thread, directory: Directory, account: AccountLink | undefined, max: number): string {
  const message = thread.lastMessage;
  if (message === null) return '_No messages yet._';
  const content = message.content.trim() === '' ? '(no text: an attachment or a deleted message)' : message.content;
  const body = escapeTruncate(content.replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n'), max);
  return `${lastAuthor(thread, directory, account)} wrote:\n${quote(body)}`;
}

/**
 * The last message, quoted and clipped. The prospect's name is already on the head line, so only a reply from
 * the team says who wrote it.
 */
function compactMessage(thread: Thread, directory: Directory, account: AccountLink | undefined): string {
  const message = thread.lastMessage;
  if (message === null) return '_No messages yet._';
  const lines = message.content
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const clipped = lines.slice(0, COMPACT_MESSAGE_LINES).join('\n') + (lines.length > COMPACT_MESSAGE_LINES ? ' …' : '');
  const body = escapeTruncate(clipped === '' ? '(no text)' : clipped, MESSAGE_CHARS.compact);
  return quote(prospectWroteLast(thread) ? body : `_${teamAuthor(thread, directory, account)}:_ ${body}`);
}

function offered(thread: Thread, ctx: CardContext, place: CardActionSpec['place']): CardVerb[] {
  return CARD_VERBS.filter((verb) => {
    const spec: CardActionSpec = CARD_ACTIONS[verb];
    return spec.place === place && spec.shows(thread, ctx.viewer);
  });
}

/** The Assign select: an external_select (the app loads the members on demand), showing the current assignee. */
function assignSelect(thread: Thread, ctx: CardContext): ExternalSelect {
  const current = findMember(ctx.directory, thread.assigneeId);
  const initial: PlainTextOption | undefined =
    current && isInboxId(current.id)
      ? { text: plain(oneLine(memberName(current)), LIMITS.optionText), value: current.id }
      : undefined;
  return {
    type: 'external_select',
    action_id: CARD_ACTIONS.assign.actionId,
    placeholder: plain(current ? 'Reassign…' : CARD_ACTIONS.assign.label),
    min_query_length: 0,
    ...(initial ? { initial_option: initial } : {}),
  };
}

function button(thread: Thread, verb: CardVerb): Button {
  const spec: CardActionSpec = CARD_ACTIONS[verb];
  return {
    type: 'button',
    action_id: spec.actionId,
    text: plain(spec.label),
    value: thread.id,
    ...(spec.primary?.(thread) ? { style: 'primary' as const } : {}),
  };
}

function actionElements(thread: Thread, ctx: CardContext): ActionsBlock['elements'] {
  return [
    ...offered(thread, ctx, 'select').map(() => assignSelect(thread, ctx)),
    ...offered(thread, ctx, 'button').map((verb) => button(thread, verb)),
  ];
}

function linkFor(verb: CardVerb, thread: Thread, ctx: CardContext): string | null | undefined {
  if (verb === 'open_inbox') return inboxUrl(ctx.inboxAppUrl, thread.id);
  if (verb === 'open_x') return xChatUrl(thread.platformId);
  return undefined;
}

/** The overflow menu (⋯): View, Unassign, Open in Inbox, Open on X — whichever apply. */
function overflowMenu(thread: Thread, ctx: CardContext): Overflow | null {
  const options = offered(thread, ctx, 'overflow').flatMap((verb) => {
    const spec: CardActionSpec = CARD_ACTIONS[verb];
    const url = linkFor(verb, thread, ctx);
    if (url === null) return [];
    return [{ text: plain(spec.label, LIMITS.optionText), value: verb, ...(url ? { url } : {}) }];
  });
  if (options.length === 0) return null;
  return { type: 'overflow', action_id: CARD_ACTIONS.view.actionId, options: options.slice(0, LIMITS.overflowOptions) };
}

/**
 * A thread as Block Kit. Every block_id is `thread:${thread.id}:${part}` so a listener can replace the card; a
 * thread whose ID cannot be carried (not `^[0-9a-z]+$`, or longer than MAX_ID_LENGTH) gets no card: callers skip
 * it with carriableThreads() and log it.
 */
export function buildThreadCard(thread: Thread, ctx: CardContext, opts: CardOptions = {}): KnownBlock[] {
  if (!isInboxId(thread.id)) return [];
  const variant = opts.variant ?? 'full';
  const { directory, now } = ctx;
  const account = findAccount(directory, thread.accountLinkId);
  const id = (part: Parameters<typeof threadBlockId>[1]) => threadBlockId(thread.id, part);
  const note = opts.note?.trim() ? truncate(opts.note.trim(), 500) : '';
  const menu = overflowMenu(thread, ctx);
  const accessory: Pick<SectionBlock, 'accessory'> = menu ? { accessory: menu } : {};
  const actions: KnownBlock = { type: 'actions', block_id: id('actions'), elements: actionElements(thread, ctx) };
  const age = ageLine(thread, now, ctx.ages);

  if (variant === 'compact') {
    return [
      section(`${headLine(thread, account)}\n${compactMessage(thread, directory, account)}`, {
        block_id: id('head'),
        ...accessory,
      }),
      context([note, age, factsLine(thread, directory).join(' · ')], id('meta')),
      actions,
    ];
  }

  const blocks: KnownBlock[] = [
    section(`${headLine(thread, account)}\n${factsLine(thread, directory).join(' · ')}`, {
      block_id: id('head'),
      ...accessory,
    }),
    {
      type: 'section',
      block_id: id('detail'),
      text: mrkdwn(messageText(thread, directory, account, MESSAGE_CHARS.full)),
    },
    context([age], id('meta')),
    actions,
  ];
  if (note) blocks.push(context([note], id('note')));
  return blocks;
}

/** The variant a card was drawn in, from its blocks (only the full card has a `thread:<id>:detail` block). */
export function cardVariantIn(blocks: ReadonlyArray<{ block_id?: string }>, threadId: string): 'full' | 'compact' {
  return blocks.some((b) => b.block_id === threadBlockId(threadId, 'detail')) ? 'full' : 'compact';
}
