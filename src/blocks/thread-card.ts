/**
 * The thread card: one builder used by the list, the who result, the thread command and the digest.
 *
 * full (5 blocks max): head · detail (the last message) · meta · actions · note
 * compact (3 blocks max): head (with the last message and a View button) · meta (with links and the note) · actions
 */
import type { ActionsBlock, Button, KnownBlock, PlainTextOption, StaticSelect } from '@slack/types';
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
import { ActionIds, assignOptionValue, isInboxId, MAX_OPTION_VALUE_LENGTH, threadBlockId } from './ids.js';
import { context, LIMITS, mrkdwn, plain, section } from './kit.js';

export interface CardContext {
  directory: Directory;
  now: Date;
  /** "Open in Inbox" URL template; `{threadId}` is replaced (used as is when absent). */
  inboxAppUrl: string;
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

export function verifiedBadge(verified: string | null | undefined): string {
  switch (verified) {
    case 'verified':
      return ' ☑️';
    case 'business':
      return ' ☑️ business';
    case 'government':
      return ' ☑️ government';
    default:
      return '';
  }
}

export function inboxUrl(template: string, threadId: string): string | null {
  const url = template.includes('{threadId}')
    ? template.split('{threadId}').join(encodeURIComponent(threadId))
    : template;
  return /^https?:\/\/\S+$/i.test(url) && url.length <= LIMITS.url ? url : null;
}

export function xChatUrl(platformId: string | null | undefined): string | null {
  if (!platformId || !/^[0-9A-Za-z_:-]{1,100}$/.test(platformId)) return null;
  return `https://x.com/i/chat/${encodeURIComponent(platformId)}`;
}

export function tagNames(directory: Directory, tagIds: readonly string[]): string[] {
  return tagIds
    .map((id) => directory.tags.find((t) => t.id === id)?.name)
    .filter((name): name is string => name !== undefined);
}

export function statusName(directory: Directory, statusId: string | null | undefined): string | undefined {
  return statusId ? directory.statuses.find((s) => s.id === statusId)?.name : undefined;
}

/** The escaped name of whoever wrote the last message: the prospect, the team member, or the account. */
function lastAuthor(thread: Thread, directory: Directory, account: AccountLink | undefined): string {
  const message = thread.lastMessage;
  if (message === null) return '';
  if (message.authorId !== thread.accountLinkId)
    return safeName(thread.prospect.displayName || thread.prospect.username);
  const member = message.userId ? directory.members.find((m) => m.userId === message.userId) : undefined;
  const accountName = account ? `@${account.username}` : 'your account';
  return member ? `${safeName(memberName(member))} (${safeName(accountName)})` : safeName(accountName);
}

/** "⏳ waiting 3 hours (since …)", "↩️ replied 2 days ago (…)" or "🆕 opened …". */
export function ageLine(thread: Thread, now: Date): string {
  const message = thread.lastMessage;
  const at = parseTimestamp(message?.createdAt) ?? parseTimestamp(thread.lastMessageTimestamp);
  if (message !== null && at !== null) {
    const prospectLast = message.authorId !== thread.accountLinkId;
    if (prospectLast && !thread.done) return `⏳ ${waitingFor(at, now)}`;
    const who = prospectLast ? 'last message' : 'replied';
    return `${prospectLast ? '💬' : '↩️'} ${who} ${durationBetween(at, now)} ago (${slackDate(at)})`;
  }
  const created = parseTimestamp(thread.createdAt);
  return created === null ? '' : `🆕 opened ${durationBetween(created, now)} ago (${slackDate(created)})`;
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

function compactMessage(thread: Thread, directory: Directory, account: AccountLink | undefined): string {
  const message = thread.lastMessage;
  if (message === null) return '_No messages yet._';
  const lines = message.content
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const clipped = lines.slice(0, COMPACT_MESSAGE_LINES).join('\n') + (lines.length > COMPACT_MESSAGE_LINES ? ' …' : '');
  const body = escapeTruncate(clipped === '' ? '(no text)' : clipped, MESSAGE_CHARS.compact);
  return quote(`_${lastAuthor(thread, directory, account)}:_ ${body}`);
}

function assignSelect(thread: Thread, directory: Directory): StaticSelect | null {
  let members = directory.members.filter((m) => isInboxId(m.id));
  const current = members.find((m) => m.id === thread.assigneeId);
  if (members.length > LIMITS.selectOptions) {
    members = members.slice(0, LIMITS.selectOptions);
    if (current && !members.includes(current)) members[members.length - 1] = current;
  }
  const options: PlainTextOption[] = members
    .map((m) => ({ member: m, value: assignOptionValue(thread.id, m.id) }))
    .filter(({ value }) => value.length <= MAX_OPTION_VALUE_LENGTH)
    .map(({ member, value }) => ({ text: plain(oneLine(memberName(member)), LIMITS.optionText), value }));
  if (options.length === 0) return null;
  const initial = current ? options.find((o) => o.value === assignOptionValue(thread.id, current.id)) : undefined;
  return {
    type: 'static_select',
    action_id: ActionIds.assignSelect,
    placeholder: plain('Assign…'),
    options,
    ...(initial ? { initial_option: initial } : {}),
  };
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return { type: 'button', action_id: actionId, text: plain(text), value, ...(style ? { style } : {}) };
}

function urlButton(text: string, actionId: string, url: string): Button {
  return { type: 'button', action_id: actionId, text: plain(text), url };
}

function actionElements(thread: Thread, ctx: CardContext, variant: 'full' | 'compact'): ActionsBlock['elements'] {
  const elements: ActionsBlock['elements'] = [];
  const select = assignSelect(thread, ctx.directory);
  if (select) elements.push(select);
  elements.push(button('Assign to me', ActionIds.assignMe, thread.id, thread.assigneeId ? undefined : 'primary'));
  if (thread.assigneeId) elements.push(button('Unassign', ActionIds.unassign, thread.id));
  elements.push(button('↩️ Reply', ActionIds.reply, thread.id));
  elements.push(
    thread.done ? button('Reopen', ActionIds.reopen, thread.id) : button('Archive', ActionIds.archive, thread.id),
  );
  if (variant === 'full') {
    elements.push(button('View', ActionIds.view, thread.id));
    const inbox = inboxUrl(ctx.inboxAppUrl, thread.id);
    if (inbox) elements.push(urlButton('Open in Inbox', ActionIds.openInbox, inbox));
    const x = xChatUrl(thread.platformId);
    if (x) elements.push(urlButton('Open on X', ActionIds.openX, x));
  }
  return elements;
}

function linksLine(thread: Thread, ctx: CardContext): string {
  const links: string[] = [];
  const inbox = inboxUrl(ctx.inboxAppUrl, thread.id);
  if (inbox) links.push(`<${inbox}|Open in Inbox>`);
  const x = xChatUrl(thread.platformId);
  if (x) links.push(`<${x}|Open on X>`);
  return links.join(' · ');
}

/** A thread as Block Kit. Every block_id is `thread:${thread.id}:${part}` so a listener can replace the card. */
export function buildThreadCard(thread: Thread, ctx: CardContext, opts: CardOptions = {}): KnownBlock[] {
  const variant = opts.variant ?? 'full';
  const { directory, now } = ctx;
  const account = findAccount(directory, thread.accountLinkId);
  const id = (part: Parameters<typeof threadBlockId>[1]) => threadBlockId(thread.id, part);
  const note = opts.note?.trim() ? truncate(opts.note.trim(), 500) : '';

  if (variant === 'compact') {
    return [
      section(`${headLine(thread, account)}\n${compactMessage(thread, directory, account)}`, {
        block_id: id('head'),
        accessory: button('View', ActionIds.view, thread.id),
      }),
      context(
        [note, ageLine(thread, now), factsLine(thread, directory).join(' · '), linksLine(thread, ctx)],
        id('meta'),
      ),
      { type: 'actions', block_id: id('actions'), elements: actionElements(thread, ctx, 'compact') },
    ];
  }

  const blocks: KnownBlock[] = [
    section(`${headLine(thread, account)}\n${factsLine(thread, directory).join(' · ')}`, {
      block_id: id('head'),
    }),
    {
      type: 'section',
      block_id: id('detail'),
      text: mrkdwn(messageText(thread, directory, account, MESSAGE_CHARS.full)),
    },
    context([ageLine(thread, now)], id('meta')),
    { type: 'actions', block_id: id('actions'), elements: actionElements(thread, ctx, 'full') },
  ];
  if (note) blocks.push(context([note], id('note')));
  return blocks;
}

/** The variant a card was drawn in, from its blocks (only the full card has a `thread:<id>:detail` block). */
export function cardVariantIn(blocks: ReadonlyArray<{ block_id?: string }>, threadId: string): 'full' | 'compact' {
  return blocks.some((b) => b.block_id === threadBlockId(threadId, 'detail')) ? 'full' : 'compact';
}
