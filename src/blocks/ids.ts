/**
 * Every Slack action_id, block_id and callback_id the app uses, and the value formats its elements carry.
 * Builders and listeners both import from here. Values that come back in payloads are untrusted: decode them
 * with the parsers below, which validate every ID against `^[0-9a-z]+$`.
 *
 * Value contracts:
 * - assignSelect option value: `${threadId}:${memberId}`
 * - assignMe, unassign, archive, reopen, view button value: `${threadId}`
 * - overflow option value: `${verb}:${threadId}`, verb ∈ ThreadVerb (url options carry no action for us)
 * - listNext button value: encodePageValue({ text, cursor }) (JSON, ≤2000 chars)
 * - card block_id: `thread:${threadId}:${part}`
 * - threadModal private_metadata: `${threadId}`
 * - subscriptionRemove button value: the subscription ID (`^[0-9a-z]+$`); unsubscribeAll value: the channel ID
 * - reply button value: `${threadId}`; reply windows' private_metadata: the reply session ID (24 hex digits)
 * - bulkApply, bulkCancel, bulkUndo button value: the bulk plan ID (24 hex digits)
 * - autoassignApply, autoassignCancel button value: the round-robin plan ID (24 hex digits)
 */
import type { KnownBlock } from '@slack/types';
import { ID_PATTERN } from '../commands/grammar.js';
import { parseCommand } from '../commands/parse-command.js';
import type { Cursor } from '../inbox/schemas.js';

export const ActionIds = {
  assignSelect: 'thread_assign_select',
  assignMe: 'thread_assign_me',
  unassign: 'thread_unassign',
  archive: 'thread_archive',
  reopen: 'thread_reopen',
  view: 'thread_view',
  openInbox: 'thread_open_inbox',
  openX: 'thread_open_x',
  overflow: 'thread_overflow',
  listNext: 'list_next_page',
  subscriptionRemove: 'subscription_remove',
  unsubscribeAll: 'subscriptions_remove_all',
  /** Card → the reply window (value: threadId). */
  reply: 'thread_reply',
  /** In the reply window (private_metadata: the reply session ID). */
  replyEdit: 'reply_edit',
  replyRetry: 'reply_retry',
  replyCheck: 'reply_check',
  /** Bulk archive/assign: the preview's confirm and cancel, the summary's Undo (value: the plan ID). */
  bulkApply: 'bulk_apply',
  bulkCancel: 'bulk_cancel',
  bulkUndo: 'bulk_undo',
  /** `/inbox autoassign now`: confirm or cancel the planned assignments (value: the plan ID). */
  autoassignApply: 'autoassign_apply',
  autoassignCancel: 'autoassign_cancel',
  /** App Home ("My queue"): redraw it now. */
  homeRefresh: 'home_refresh',
  /** App Home: open the team settings modal (people who may change settings). */
  homeSettings: 'home_settings',
  /** Settings modal: push the editor for a new channel digest. */
  settingsAddDigest: 'settings_add_digest',
  /** Settings modal: a digest's overflow menu (value `edit:<id>` or `remove:<id>`). */
  settingsDigestMenu: 'settings_digest_menu',
  /** Settings modal: remove a member link (value: the Slack user ID). */
  settingsRemoveLink: 'settings_remove_link',
} as const;
export type ActionId = (typeof ActionIds)[keyof typeof ActionIds];

export const CallbackIds = {
  threadModal: 'thread_modal',
  /** `/inbox settings`: digests, member links, policies (private_metadata: encodeSettingsMetadata). */
  settingsModal: 'settings_modal',
  /** The editor of one channel digest, pushed over the settings modal. */
  settingsDigest: 'settings_digest',
  /** The reply window's three faces; private_metadata is the reply session ID. */
  replyCompose: 'reply_compose',
  replyConfirm: 'reply_confirm',
  replyResult: 'reply_result',
} as const;

/** action_ids of input elements (read from view state on submit; they send no block_actions of their own). */
export const InputIds = {
  replyText: 'reply_text',
  replyAccount: 'reply_account',
} as const;

/**
 * Input blocks of the settings modals: block_id and action_id are the same string (state.values[id][id]).
 * Inputs send no block_actions, so these are not ActionIds.
 */
export const SettingsInputs = {
  actionPolicy: 'settings_action_policy',
  readPolicy: 'settings_read_policy',
  linkUser: 'settings_link_user',
  linkMember: 'settings_link_member',
  channel: 'digest_channel',
  days: 'digest_days',
  times: 'digest_times',
  timezone: 'digest_timezone',
  accountIds: 'digest_accounts',
  tagIds: 'digest_tags',
  assigneeIds: 'digest_assignees',
  minAge: 'digest_min_age',
  skipEmpty: 'digest_skip_empty',
} as const;

/** What the settings modals carry in private_metadata: the version their form is based on, and which digest. */
export interface SettingsMetadata {
  teamId: string;
  /** null: the environment's values (never saved in Slack). */
  version: number | null;
  /** The digest being edited (the editor only); null for a new one. */
  digestId?: string | null;
}

export function encodeSettingsMetadata(meta: SettingsMetadata): string {
  return JSON.stringify({
    t: meta.teamId,
    v: meta.version,
    ...(meta.digestId !== undefined ? { d: meta.digestId } : {}),
  });
}

/** Decodes and validates settings private_metadata; null when malformed. */
export function decodeSettingsMetadata(value: unknown): SettingsMetadata | null {
  if (typeof value !== 'string' || value.length > 200) return null;
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const { t, v, d } = data as Record<string, unknown>;
  if (typeof t !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(t)) return null;
  if (v !== null && (typeof v !== 'number' || !Number.isInteger(v) || v < 1)) return null;
  if (d !== undefined && d !== null && (typeof d !== 'string' || !/^d\d{1,4}$/.test(d))) return null;
  return { teamId: t, version: v as number | null, ...(d !== undefined ? { digestId: d as string | null } : {}) };
}

/** `edit:d1` / `remove:d1` from a digest's overflow menu; null when malformed. */
export function parseDigestMenuValue(value: unknown): { verb: 'edit' | 'remove'; digestId: string } | null {
  if (typeof value !== 'string') return null;
  const m = /^(edit|remove):(d\d{1,4})$/.exec(value);
  return m ? { verb: m[1] as 'edit' | 'remove', digestId: m[2] as string } : null;
}

/** block_ids of blocks that are not part of a thread card. */
export const BlockIds = {
  listHeader: 'list:header',
  listFooter: 'list:footer',
  listMore: 'list:more',
  whoProspect: 'who:prospect',
  whoMore: 'who:more',
  help: 'help',
  error: 'error',
  notice: 'notice',
  modalMessages: 'modal:messages',
  subscriptions: 'subscriptions',
  /** `subscription:${subscriptionId}` — one row of the subscription list. */
  subscriptionPrefix: 'subscription:',
  replyHistory: 'reply:history',
  replyText: 'reply:text',
  replyAccount: 'reply:account',
  replyPreview: 'reply:preview',
  replyStatus: 'reply:status',
  replyActions: 'reply:actions',
  bulkSummary: 'bulk:summary',
  bulkThreads: 'bulk:threads',
  bulkActions: 'bulk:actions',
  autoassign: 'autoassign',
  autoassignActions: 'autoassign:actions',
  homeHeader: 'home:header',
  homeCounts: 'home:counts',
  homeActions: 'home:actions',
  homeNotice: 'home:notice',
  homeAwaiting: 'home:awaiting',
  homeAwaitingMore: 'home:awaiting:more',
  homeOther: 'home:other',
  homeOtherMore: 'home:other:more',
  homeReminder: 'home:reminder',
  homeUnlinked: 'home:unlinked',
  settingsSource: 'settings:source',
  settingsConflict: 'settings:conflict',
  settingsDigests: 'settings:digests',
  settingsAddDigest: 'settings:add_digest',
  settingsLinks: 'settings:links',
  settingsPolicies: 'settings:policies',
} as const;

/** The block_id of one digest's row in the settings modal, and of one member link's. */
export const settingsDigestBlockId = (digestId: string) => `settings:digest:${digestId}`;
export const settingsLinkBlockId = (slackUserId: string) => `settings:link:${slackUserId}`;

export const THREAD_VERBS = ['assign_me', 'unassign', 'view', 'reply', 'archive', 'reopen'] as const;
export type ThreadVerb = (typeof THREAD_VERBS)[number];

/** The parts of a thread card, in the order they appear. */
export const THREAD_CARD_PARTS = ['head', 'detail', 'meta', 'actions', 'note'] as const;
export type ThreadCardPart = (typeof THREAD_CARD_PARTS)[number];

export const MAX_OPTION_VALUE_LENGTH = 75;
export const MAX_BUTTON_VALUE_LENGTH = 2000;
const MAX_ID_LENGTH = 64;

export function isInboxId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH && ID_PATTERN.test(value);
}

export function threadBlockId(threadId: string, part: ThreadCardPart): string {
  return `thread:${threadId}:${part}`;
}

/** The thread ID and part of a card block_id, or null when the block is not part of a card. */
export function parseThreadBlockId(blockId: string | undefined): { threadId: string; part: string } | null {
  if (blockId === undefined) return null;
  const match = /^thread:([^:]+):([a-z]+)$/.exec(blockId);
  if (!match || !isInboxId(match[1])) return null;
  return { threadId: match[1] as string, part: match[2] as string };
}

export function assignOptionValue(threadId: string, memberId: string): string {
  return `${threadId}:${memberId}`;
}

export function overflowValue(verb: ThreadVerb, threadId: string): string {
  return `${verb}:${threadId}`;
}

export interface ThreadActionValue {
  threadId: string;
  memberId?: string;
  verb?: ThreadVerb;
}

const THREAD_BUTTONS: ReadonlySet<string> = new Set([
  ActionIds.assignMe,
  ActionIds.unassign,
  ActionIds.archive,
  ActionIds.reopen,
  ActionIds.view,
  ActionIds.reply,
]);

/**
 * Decodes the value of a thread action (button value, selected option value) for `actionId`; null when the
 * action is not a thread action or the value is malformed (e.g. `../team`, an unknown verb, a missing member).
 */
export function parseThreadActionValue(actionId: string, payloadValue: unknown): ThreadActionValue | null {
  if (typeof payloadValue !== 'string' || payloadValue.length > MAX_BUTTON_VALUE_LENGTH) return null;
  if (actionId === ActionIds.assignSelect) {
    const parts = payloadValue.split(':');
    if (parts.length !== 2) return null;
    const [threadId, memberId] = parts;
    return isInboxId(threadId) && isInboxId(memberId) ? { threadId, memberId } : null;
  }
  if (actionId === ActionIds.overflow) {
    const parts = payloadValue.split(':');
    if (parts.length !== 2) return null;
    const [verb, threadId] = parts;
    if (!(THREAD_VERBS as readonly string[]).includes(verb as string) || !isInboxId(threadId)) return null;
    return { threadId, verb: verb as ThreadVerb };
  }
  if (THREAD_BUTTONS.has(actionId)) {
    return isInboxId(payloadValue) ? { threadId: payloadValue } : null;
  }
  return null;
}

/** The thread a modal is about (its private_metadata), or null when malformed. */
export function parseThreadModalMetadata(privateMetadata: unknown): string | null {
  return isInboxId(privateMetadata) ? privateMetadata : null;
}

/** What the "Next page" button carries: the canonical query text and the cursor of the next page. */
export interface PageValue {
  text: string;
  cursor: Cursor;
  /** How many threads earlier pages showed (to number the next page's header). */
  shown?: number;
}

/** JSON for the listNext button value; null when it would not fit in a button value (2000 chars). */
export function encodePageValue(page: PageValue): string | null {
  const payload: { t: string; c: { i: string; s: string }; n?: number } = {
    t: page.text,
    c: { i: page.cursor.id, s: page.cursor.timestamp },
  };
  if (page.shown !== undefined) payload.n = page.shown;
  const value = JSON.stringify(payload);
  return value.length <= MAX_BUTTON_VALUE_LENGTH ? value : null;
}

const TIMESTAMP_PATTERN = /^[0-9T:.+\-Z ]{1,40}$/;

/**
 * Decodes and validates a listNext value; null for anything malformed, including text that is not a list
 * command. Never throws.
 */
export function decodePageValue(value: unknown): PageValue | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_BUTTON_VALUE_LENGTH) return null;
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const { t, c, n } = data as Record<string, unknown>;
  if (typeof t !== 'string' || t.length === 0 || t.length > MAX_BUTTON_VALUE_LENGTH) return null;
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return null;
  const { i, s } = c as Record<string, unknown>;
  if (!isInboxId(i) || typeof s !== 'string' || !TIMESTAMP_PATTERN.test(s) || Number.isNaN(Date.parse(s))) return null;
  const parsed = parseCommand(t);
  if (!parsed.ok || parsed.command.kind !== 'list') return null;
  const page: PageValue = { text: t, cursor: { id: i, timestamp: s } };
  if (n !== undefined) {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 1_000_000) return null;
    page.shown = n;
  }
  return page;
}

function threadIdOf(block: KnownBlock): string | null {
  return parseThreadBlockId('block_id' in block ? block.block_id : undefined)?.threadId ?? null;
}

/** The thread IDs of the cards in a message, in order, each once. */
export function findThreadIds(blocks: readonly KnownBlock[]): string[] {
  const ids: string[] = [];
  for (const block of blocks) {
    const id = threadIdOf(block);
    if (id !== null && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/**
 * Replaces the card of `threadId` (each contiguous run of blocks whose block_id is `thread:${threadId}:…`) with
 * `newBlocks`, leaving every other block as it was. Returns a new array; unchanged when the card is not there.
 */
export function replaceThreadCard(
  blocks: readonly KnownBlock[],
  threadId: string,
  newBlocks: readonly KnownBlock[],
): KnownBlock[] {
  const out: KnownBlock[] = [];
  let inRun = false;
  for (const block of blocks) {
    if (threadIdOf(block) === threadId) {
      if (!inRun) out.push(...newBlocks);
      inRun = true;
    } else {
      inRun = false;
      out.push(block);
    }
  }
  return out;
}
