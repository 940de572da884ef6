/**
 * The reply window, one modal with several faces (each replaces the last, so the typed text travels with it):
 * compose (latest messages, the text box, the account) → confirm (exactly what will be sent, where) →
 * sending → the result (sent / not sent / still unknown), or compose again with Inbox's refusal in words.
 * private_metadata is always the reply session ID. Pure.
 */
import type { KnownBlock, ModalView, PlainTextOption, SectionBlock } from '@slack/types';
import { SLACK_TEXT_BOX_CHARS } from '../commands/grammar.js';
import type { AccountLink, Message, Thread } from '../inbox/schemas.js';
import { MAX_DM_CHARS as X_DM_CHARS } from '../inbox/types.js';
import type { Directory } from '../services/directory.js';
import { oneLine, safeName, truncate } from './escape.js';
import { ActionIds, BlockIds, CallbackIds, InputIds } from './ids.js';
import { context, divider, LIMITS, plain, section } from './kit.js';
import { findAccount, xProfileLink } from './thread-card.js';
import { messageBlock } from './thread-modal.js';

/** What can be typed in the reply window: the smaller of the two. */
export const REPLY_MAX_CHARS = Math.min(X_DM_CHARS, SLACK_TEXT_BOX_CHARS);

const TITLE = 'Reply';

/** The people and place of a reply, as the window names them. */
export interface ReplyParties {
  prospect: { name: string; username: string; platformId: string | null };
  /** The account it goes out from; null while the user still has to pick one. */
  account: AccountLink | null;
  /** Accounts to pick from (several connected, none given); empty otherwise. */
  choices: AccountLink[];
  /** True when no conversation exists yet: sending starts one. */
  startsThread: boolean;
}

function modal(callbackId: string, blocks: KnownBlock[], sessionId: string, submit?: string): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(TITLE, LIMITS.modalTitle),
    close: plain(submit ? 'Cancel' : 'Close', LIMITS.modalTitle),
    ...(submit ? { submit: plain(submit, LIMITS.modalTitle) } : {}),
    private_metadata: sessionId,
    blocks: blocks.slice(0, LIMITS.modalBlocks),
  };
}

function prospectLabel(p: ReplyParties['prospect']): string {
  const name = safeName(p.name || p.username || 'the prospect');
  return p.username ? `*${name}* ${xProfileLink(p.username)}` : `*${name}*`;
}

function whereLine(parties: ReplyParties): string {
  const from = parties.account ? xProfileLink(parties.account.username) : '_the account you pick below_';
  const fresh = parties.startsThread ? ' · 🆕 no conversation yet: sending starts one' : '';
  return `To ${prospectLabel(parties.prospect)} · from ${from}${fresh}`;
}

/** The text as the prospect will read it: plain_text (no mrkdwn, nothing to escape), in pieces Slack accepts. */
export function textPreview(text: string, blockId: string = BlockIds.replyPreview): SectionBlock[] {
  const chars = Array.from(text);
  const pieces: SectionBlock[] = [];
  for (let i = 0; i < chars.length && pieces.length < 5; i += 2_900) {
    pieces.push({
      type: 'section',
      ...(i === 0 ? { block_id: blockId } : {}),
      text: { type: 'plain_text', text: chars.slice(i, i + 2_900).join(''), emoji: false },
    });
  }
  return pieces.length > 0 ? pieces : [section('_(empty)_', { block_id: blockId })];
}

function history(messages: Message[], thread: Thread | null, directory: Directory): KnownBlock[] {
  if (!thread) return [];
  const blocks: KnownBlock[] = [section(`*Latest messages* (newest last)`, { block_id: BlockIds.replyHistory })];
  if (messages.length === 0) blocks.push(section('_No messages yet._'));
  for (const m of messages) blocks.push(messageBlock(m, thread, directory));
  return [...blocks, divider()];
}

function accountOption(a: AccountLink): PlainTextOption {
  return {
    text: plain(truncate(oneLine(`@${a.username} · ${a.name}`), LIMITS.optionText), LIMITS.optionText),
    value: a.id,
  };
}

export interface ComposeInput {
  sessionId: string;
  parties: ReplyParties;
  thread: Thread | null;
  messages: Message[];
  directory: Directory;
  /** What the user typed so far (kept across every step and every error). */
  text: string;
  /** Inbox's refusal or another problem, in mrkdwn written by the app. */
  problem?: string | null;
}

export function buildReplyCompose(input: ComposeInput): ModalView {
  const { parties } = input;
  const blocks: KnownBlock[] = [section(whereLine(parties), { block_id: BlockIds.replyStatus })];
  if (input.problem) blocks.push(section(`⚠️ ${input.problem}`, { block_id: BlockIds.error }));
  blocks.push(...history(input.messages, input.thread, input.directory));
  if (parties.choices.length > 0) {
    const options = parties.choices.slice(0, LIMITS.selectOptions).map(accountOption);
    const initial = parties.account ? options.find((o) => o.value === parties.account?.id) : undefined;
    blocks.push({
      type: 'input',
      block_id: BlockIds.replyAccount,
      label: plain('Send from', LIMITS.buttonText),
      element: {
        type: 'static_select',
        action_id: InputIds.replyAccount,
        placeholder: plain('Pick a connected X account'),
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    });
  }
  const text = truncate(input.text, REPLY_MAX_CHARS);
  blocks.push({
    type: 'input',
    block_id: BlockIds.replyText,
    label: plain('Your message', LIMITS.buttonText),
    hint: plain(
      `Up to ${REPLY_MAX_CHARS.toLocaleString('en-US')} characters (Slack's limit for a text box; X allows ${X_DM_CHARS.toLocaleString('en-US')}: write longer DMs in Inbox). You will see it once more before it is sent.`,
      LIMITS.sectionText,
    ),
    element: {
      type: 'plain_text_input',
      action_id: InputIds.replyText,
      multiline: true,
      max_length: REPLY_MAX_CHARS,
      ...(text !== '' ? { initial_value: text } : {}),
      placeholder: plain('Write your reply…', 150),
    },
  });
  return modal(CallbackIds.replyCompose, blocks, input.sessionId, 'Review');
}

export function buildReplyConfirm(input: { sessionId: string; parties: ReplyParties; text: string }): ModalView {
  const chars = Array.from(input.text).length;
  const blocks: KnownBlock[] = [
    section(`*Send this message?* It goes out on X at once and cannot be unsent from here.`),
    section(whereLine(input.parties), { block_id: BlockIds.replyStatus }),
    divider(),
    ...textPreview(input.text),
    context([`${chars.toLocaleString('en-US')} characters`]),
    {
      type: 'actions',
      block_id: BlockIds.replyActions,
      elements: [{ type: 'button', action_id: ActionIds.replyEdit, text: plain('✏️ Edit'), value: 'edit' }],
    },
  ];
  return modal(CallbackIds.replyConfirm, blocks, input.sessionId, 'Send');
}

export function buildReplySending(input: { sessionId: string; parties: ReplyParties; text: string }): ModalView {
  return modal(
    CallbackIds.replyResult,
    [
      section(`⏳ Sending to ${prospectLabel(input.parties.prospect)}…`, { block_id: BlockIds.replyStatus }),
      ...textPreview(input.text),
    ],
    input.sessionId,
  );
}

export type ReplyResult =
  | { kind: 'sent'; checked: boolean }
  | { kind: 'not_sent'; why: string; checked: boolean }
  | { kind: 'unknown'; why: string }
  | { kind: 'busy'; state: string }
  | { kind: 'gone' };

/** The outcome of a send, told as it is. `why` is mrkdwn written by the app. */
export function buildReplyResult(input: {
  sessionId: string;
  parties: ReplyParties;
  text: string;
  result: ReplyResult;
}): ModalView {
  const { result, parties } = input;
  const to = prospectLabel(parties.prospect);
  const from = parties.account ? ` from ${xProfileLink(parties.account.username)}` : '';
  const blocks: KnownBlock[] = [];
  const buttons: KnownBlock[] = [];
  switch (result.kind) {
    case 'sent':
      blocks.push(
        section(
          result.checked
            ? `✅ *Sent* to ${to}${from}. Inbox did not answer in time, so the app looked: the message is in the conversation.`
            : `✅ *Sent* to ${to}${from}.`,
          { block_id: BlockIds.replyStatus },
        ),
      );
      break;
    case 'not_sent':
      blocks.push(
        section(
          `❌ *Not sent.* ${result.why}${result.checked ? ' The app checked the conversation: the message is not there.' : ''}`,
          { block_id: BlockIds.replyStatus },
        ),
      );
      buttons.push({
        type: 'actions',
        block_id: BlockIds.replyActions,
        elements: [
          {
            type: 'button',
            action_id: ActionIds.replyRetry,
            text: plain('Send it again'),
            style: 'primary',
            value: 'retry',
          },
          { type: 'button', action_id: ActionIds.replyEdit, text: plain('✏️ Edit'), value: 'edit' },
        ],
      });
      break;
    case 'unknown':
      blocks.push(
        section(
          `❓ *Not known yet whether it was sent.* ${result.why} The app could not read the conversation to find out. Do not send it again before you check: *Check again* looks once more, or look in Inbox.`,
          { block_id: BlockIds.replyStatus },
        ),
      );
      buttons.push({
        type: 'actions',
        block_id: BlockIds.replyActions,
        elements: [{ type: 'button', action_id: ActionIds.replyCheck, text: plain('Check again'), value: 'check' }],
      });
      break;
    case 'busy':
      blocks.push(
        section(
          result.state === 'sent'
            ? '✅ This message was already sent. It is not sent twice.'
            : '⏳ This message is already being sent. It is not sent twice; wait for the result.',
          { block_id: BlockIds.replyStatus },
        ),
      );
      break;
    case 'gone':
      blocks.push(
        section('⚠️ This reply window expired. Click *Reply* on the card again.', { block_id: BlockIds.replyStatus }),
      );
      break;
  }
  if (input.text !== '') blocks.push(divider(), ...textPreview(input.text));
  return modal(CallbackIds.replyResult, [...blocks, ...buttons], input.sessionId);
}

/** The window before anything is known (the trigger expires in 3 s, so it opens at once). */
export function buildReplyLoading(what = 'the conversation'): ModalView {
  return modal(CallbackIds.replyResult, [section(`⏳ Loading ${what} from Inbox…`)], '');
}

/** `text` is mrkdwn written by the app; `draft`, when the user had typed one, is shown so it is not lost. */
export function buildReplyError(text: string, draft = ''): ModalView {
  const blocks: KnownBlock[] = [section(`⚠️ ${text}`, { block_id: BlockIds.error })];
  if (draft.trim() !== '')
    blocks.push(divider(), section('*Your message* (copy it from here):'), ...textPreview(draft));
  return modal(CallbackIds.replyResult, blocks, '');
}

/** The parties of a reply, from its session and the directory. */
export function replyParties(
  session: {
    prospect: ReplyParties['prospect'];
    accountLinkId: string | null;
    accountChoices: string[];
    threadId: string | null;
  },
  directory: Directory,
): ReplyParties {
  const account = session.accountLinkId ? (findAccount(directory, session.accountLinkId) ?? null) : null;
  const choices = session.accountChoices
    .map((id) => findAccount(directory, id))
    .filter((a): a is AccountLink => a !== undefined);
  const startsThread = session.threadId === null && account !== null && choices.length === 0;
  return { prospect: session.prospect, account, choices, startsThread };
}
