/**
 * The "View" modal: the thread's details and its latest messages (newest last). It holds only link buttons:
 * changes happen on the card in the channel, where everyone sees them.
 */
import type { KnownBlock, ModalView } from '@slack/types';
import type { Message, Thread } from '../inbox/schemas.js';
import type { Directory } from '../services/directory.js';
import { escapeTruncate, oneLine, parseTimestamp, quote, safeName, slackDate, truncate } from './escape.js';
import { BlockIds, CallbackIds, threadBlockId } from './ids.js';
import { addIf, context, divider, LIMITS, plain, section } from './kit.js';
import { buildThreadCard, findAccount, inboxUrl, memberName, xChatUrl } from './thread-card.js';

export interface ThreadModalInput {
  thread: Thread;
  /** Any order; shown oldest to newest, the latest MAX_MODAL_MESSAGES of them. */
  messages: Message[];
  directory: Directory;
  now: Date;
  inboxAppUrl: string;
}

/** Messages per modal: about 8 detail blocks + 40 messages stays well under 100 blocks and 250 kB. */
export const MAX_MODAL_MESSAGES = 40;
const MESSAGE_CHARS = 2500;

function modal(title: string, blocks: KnownBlock[], privateMetadata?: string): ModalView {
  return {
    type: 'modal',
    callback_id: CallbackIds.threadModal,
    title: plain(title, LIMITS.modalTitle),
    close: plain('Close', LIMITS.modalTitle),
    blocks,
    ...(privateMetadata === undefined ? {} : { private_metadata: privateMetadata }),
  };
}

/** Shown at once on "View" (the trigger expires in 3 s), then replaced by views.update. */
export function buildLoadingModal(): ModalView {
  return modal('Thread', [section('⏳ Loading the thread from Inbox…')]);
}

/** `text` is mrkdwn written by the app (escape outside text first). */
export function buildErrorModal(text: string): ModalView {
  return modal('Thread', [section(`⚠️ ${text}`, { block_id: BlockIds.error })]);
}

function authorOf(message: Message, thread: Thread, directory: Directory): string {
  if (message.authorId !== thread.accountLinkId) {
    return safeName(thread.prospect.displayName || thread.prospect.username, 80);
  }
  const member = message.userId ? directory.members.find((m) => m.userId === message.userId) : undefined;
  const account = findAccount(directory, thread.accountLinkId);
  const accountName = account ? `@${account.username}` : 'your account';
  return member ? `${safeName(memberName(member), 80)} (${safeName(accountName, 40)})` : safeName(accountName, 40);
}

/** One message of a conversation: who wrote it, when, and the text (escaped, quoted). */
export function messageBlock(message: Message, thread: Thread, directory: Directory): KnownBlock {
  const at = parseTimestamp(message.createdAt);
  const when = at ? ` · ${slackDate(at)}` : '';
  const deleted = Boolean(message.deletedAt || message.platformDeletedAt);
  const content = message.content.trim();
  const body = deleted
    ? '_Message deleted._'
    : content === ''
      ? '_(no text: an attachment)_'
      : quote(escapeTruncate(content, MESSAGE_CHARS));
  const edited = message.isEdited && !deleted ? ' · _edited_' : '';
  return section(`*${authorOf(message, thread, directory)}*${when}${edited}\n${body}`);
}

function time(message: Message): number {
  return parseTimestamp(message.createdAt)?.getTime() ?? 0;
}

export function buildThreadModal(input: ThreadModalInput): ModalView {
  const { thread, directory, now, inboxAppUrl } = input;
  const card = buildThreadCard(thread, { directory, now, inboxAppUrl }, { variant: 'full' });
  // The card's head and age, without its controls (changes happen on the card in the channel, where everyone sees
  // them) and without its last-message block: the messages below already end with it.
  const details = card.flatMap((block): KnownBlock[] => {
    if (block.type === 'actions' || block.block_id === threadBlockId(thread.id, 'detail')) return [];
    if (block.type === 'section') {
      const { accessory: _menu, ...rest } = block;
      return [rest];
    }
    return [block];
  });
  const links = [
    ...addIf(inboxUrl(inboxAppUrl, thread.id) !== null, () => `<${inboxUrl(inboxAppUrl, thread.id)}|Open in Inbox>`),
    ...addIf(xChatUrl(thread.platformId) !== null, () => `<${xChatUrl(thread.platformId)}|Open on X>`),
  ];
  if (links.length > 0) details.push(context([links.join(' · ')], threadBlockId(thread.id, 'actions')));

  const sorted = [...input.messages].sort((a, b) => time(a) - time(b));
  const latest = sorted.slice(-MAX_MODAL_MESSAGES);
  const blocks: KnownBlock[] = [
    ...details,
    divider(),
    section(
      `*Latest messages* (${latest.length === sorted.length ? sorted.length : `${latest.length} of ${sorted.length}`}, newest last)`,
      {
        block_id: BlockIds.modalMessages,
      },
    ),
  ];
  if (sorted.length > latest.length) {
    blocks.push(context([`Older messages are in Inbox.`]));
  }
  if (latest.length === 0) blocks.push(section('_No messages yet._'));
  for (const message of latest) blocks.push(messageBlock(message, thread, directory));

  const title = truncate(
    oneLine(thread.prospect.displayName || `@${thread.prospect.username}`) || 'Thread',
    LIMITS.modalTitle,
  );
  return modal(title, blocks.slice(0, LIMITS.modalBlocks), thread.id);
}
