/**
 * Every Slack action_id, block_id and callback_id the app uses, the table of what a thread card lets you do, and
 * the value formats its elements carry. Builders and listeners both import from here. Values that come back in
 * payloads are untrusted: decode them with the parsers below, which validate every ID against `^[0-9a-z]+$` and
 * bound its length.
 *
 * Value contracts:
 * - every element of a card sits in a block whose block_id is `thread:${threadId}:${part}`: the thread comes from
 *   the block_id (bounded: MAX_ID_LENGTH), never from a free-form value
 * - assign external_select option value: `${memberId}` (options come from the app's options load handler)
 * - card buttons' value: `${threadId}` (must match the block's thread)
 * - overflow option value: `${verb}` (CardVerb; link options carry a url and need nothing from us)
 * - listNext / listPrev button value: encodePageValue(...) (JSON, ≤2000 chars)
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
  assignSelect: 'thread_assign',
  assignMe: 'thread_assign_me',
  archive: 'thread_archive',
  reopen: 'thread_reopen',
  overflow: 'thread_overflow',
  listNext: 'list_next_page',
  listPrev: 'list_previous_page',
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

/** Action_ids of older cards still in Slack: answered with "this button is out of date" (never acted on). */
export const RETIRED_ACTION_IDS = [
  'thread_assign_select',
  'thread_unassign',
  'thread_view',
  'thread_open_inbox',
  'thread_open_x',
] as const;

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
  digestHeader: 'digest:header',
  digestLongest: 'digest:longest',
  digestSummary: 'digest:summary',
  digestUpdated: 'digest:updated',
  digestRequested: 'digest:requested',
  digestCardsTitle: 'digest:cards',
  digestMore: 'digest:more',
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

/** What a card shows and does, as far as the table below needs to know. */
export interface CardThread {
  done: boolean;
  assigneeId: string | null;
}

/** Who is looking at the card: known on ephemeral answers (null member = no Inbox seat); unknown in a channel. */
export type CardViewer = { memberId: string | null } | undefined;

export interface CardActionSpec {
  /** The element's action_id; overflow items share ActionIds.overflow and carry their verb as the value. */
  actionId: string;
  label: string;
  /** Where the card shows it. */
  place: 'select' | 'button' | 'overflow';
  /** `change`: a write through threads.act; `window`: opens a modal; `link`: a URL (nothing to do on click). */
  does: 'change' | 'window' | 'link';
  /** Whether it is offered for this thread and viewer. */
  shows(thread: CardThread, viewer: CardViewer): boolean;
  /** A button that stands out (at most one per card). */
  primary?(thread: CardThread): boolean;
}

/**
 * The table of a thread card's actions, in the order the card shows them: the one place where an action is added
 * (registration, parsing and rendering read it). At most two buttons stay visible; the rest sit in the overflow.
 */
export const CARD_ACTIONS = {
  assign: { actionId: ActionIds.assignSelect, label: 'Assign…', place: 'select', does: 'change', shows: () => true },
  assign_me: {
    actionId: ActionIds.assignMe,
    label: 'Assign to me',
    place: 'button',
    does: 'change',
    // Hidden where it would do nothing: on a card already assigned to the viewer (when the viewer is known).
    shows: (t, viewer) => viewer === undefined || viewer.memberId === null || viewer.memberId !== t.assigneeId,
    primary: (t) => t.assigneeId === null,
  },
  reply: { actionId: ActionIds.reply, label: '↩️ Reply', place: 'button', does: 'window', shows: () => true },
  archive: { actionId: ActionIds.archive, label: 'Archive', place: 'button', does: 'change', shows: (t) => !t.done },
  reopen: { actionId: ActionIds.reopen, label: 'Reopen', place: 'button', does: 'change', shows: (t) => t.done },
  view: {
    actionId: ActionIds.overflow,
    label: 'View conversation',
    place: 'overflow',
    does: 'window',
    shows: () => true,
  },
  unassign: {
    actionId: ActionIds.overflow,
    label: 'Unassign',
    place: 'overflow',
    does: 'change',
    shows: (t) => t.assigneeId !== null,
  },
  open_inbox: {
    actionId: ActionIds.overflow,
    label: 'Open in Inbox',
    place: 'overflow',
    does: 'link',
    shows: () => true,
  },
  open_x: { actionId: ActionIds.overflow, label: 'Open on X', place: 'overflow', does: 'link', shows: () => true },
} as const satisfies Record<string, CardActionSpec>;

export type CardVerb = keyof typeof CARD_ACTIONS;
export const CARD_VERBS = Object.keys(CARD_ACTIONS) as CardVerb[];

/** The verbs whose element has its own action_id (not an overflow item). */
export function verbOfActionId(actionId: string): CardVerb | null {
  for (const verb of CARD_VERBS) {
    const spec: CardActionSpec = CARD_ACTIONS[verb];
    if (spec.place !== 'overflow' && spec.actionId === actionId) return verb;
  }
  return null;
}

/** The parts of a thread card, in the order they appear. */
export const THREAD_CARD_PARTS = ['head', 'detail', 'meta', 'actions', 'note', 'warning'] as const;
export type ThreadCardPart = (typeof THREAD_CARD_PARTS)[number];

export const MAX_OPTION_VALUE_LENGTH = 75;
export const MAX_BUTTON_VALUE_LENGTH = 2000;
/**
 * The longest Inbox ID the app carries in a block_id, value or URL (Inbox's are 24-25 characters). Anything
 * longer is not put into a message: `thread:<id>:actions` must stay far below Slack's 255-character block_id.
 */
export const MAX_ID_LENGTH = 64;

export function isInboxId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH && ID_PATTERN.test(value);
}

/** Splits threads into those a card can carry and those whose ID it cannot (to be skipped and logged). */
export function carriableThreads<T extends { id: string }>(threads: readonly T[]): { ok: T[]; skipped: string[] } {
  const ok: T[] = [];
  const skipped: string[] = [];
  for (const thread of threads) {
    if (isInboxId(thread.id)) ok.push(thread);
    else skipped.push(thread.id);
  }
  return { ok, skipped };
}

/** A thread ID as it may appear in a log line (bounded, never the whole of a 300-character value). */
export function idForLog(id: string): string {
  const clean = id.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…(${id.length} chars)` : clean;
}

export function threadBlockId(threadId: string, part: ThreadCardPart): string {
  return `thread:${threadId}:${part}`;
}

/** The thread ID and part of a card block_id, or null when the block is not part of a card. */
export function parseThreadBlockId(blockId: string | undefined): { threadId: string; part: string } | null {
  if (blockId === undefined || blockId.length > 255) return null;
  const match = /^thread:([^:]+):([a-z]+)$/.exec(blockId);
  if (!match || !isInboxId(match[1])) return null;
  return { threadId: match[1] as string, part: match[2] as string };
}

export interface ThreadActionRef {
  threadId: string;
  verb: CardVerb;
  /** The member picked in the Assign select. */
  memberId?: string;
}

/**
 * Decodes a click on a card: the thread from the element's block_id, the verb from the action_id (or, for the
 * overflow menu, from the picked option), the member from the picked option of the Assign select. Null when
 * anything is malformed (`../team`, an unknown verb, a button whose value names another thread).
 */
export function parseThreadAction(action: {
  action_id: string;
  block_id?: string;
  value?: unknown;
  selected_option?: { value?: unknown } | null;
}): ThreadActionRef | null {
  const block = parseThreadBlockId(action.block_id);
  if (!block) return null;
  const { threadId } = block;
  const picked = action.selected_option?.value;
  if (action.action_id === ActionIds.overflow) {
    if (typeof picked !== 'string' || !(CARD_VERBS as string[]).includes(picked)) return null;
    const verb = picked as CardVerb;
    return CARD_ACTIONS[verb].place === 'overflow' ? { threadId, verb } : null;
  }
  const verb = verbOfActionId(action.action_id);
  if (verb === null) return null;
  if (CARD_ACTIONS[verb].place === 'select') {
    return isInboxId(picked) ? { threadId, verb, memberId: picked } : null;
  }
  if (action.value !== undefined && action.value !== threadId) return null;
  return { threadId, verb };
}

/** The thread a modal is about (its private_metadata), or null when malformed. */
export function parseThreadModalMetadata(privateMetadata: unknown): string | null {
  return isInboxId(privateMetadata) ? privateMetadata : null;
}

/**
 * What "Next page" and "Previous" carry: the canonical query text (with its `limit:`, the total across pages),
 * where the target page starts (null for the first page), where each earlier page started (for "Previous"),
 * the position of its first thread, and the total when it was counted.
 */
export interface PageValue {
  text: string;
  cursor: Cursor | null;
  /** Start cursors of the pages before the target page (the first page's is null). */
  starts: Array<Cursor | null>;
  /** Threads before the target page (page 2 of 10 each: 10). */
  offset: number;
  /** Threads matching the query, counted on the first page; `atLeast` when counting stopped at the cap. */
  total: { count: number; atLeast: boolean } | null;
}

type WireCursor = [string, string] | 0;
const toWire = (c: Cursor | null): WireCursor => (c === null ? 0 : [c.id, c.timestamp]);

/** JSON for the page buttons' value; null when it would not fit in a button value (2000 chars). */
export function encodePageValue(page: PageValue): string | null {
  const payload: { t: string; c: WireCursor; p: WireCursor[]; o: number; n?: number; m?: 1 } = {
    t: page.text,
    c: toWire(page.cursor),
    p: page.starts.map(toWire),
    o: page.offset,
  };
  if (page.total) {
    payload.n = page.total.count;
    if (page.total.atLeast) payload.m = 1;
  }
  const value = JSON.stringify(payload);
  return value.length <= MAX_BUTTON_VALUE_LENGTH ? value : null;
}

const TIMESTAMP_PATTERN = /^[0-9T:.+\-Z ]{1,40}$/;
const MAX_COUNT = 1_000_000;

function fromWire(value: unknown): Cursor | null | undefined {
  if (value === 0) return null;
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [i, s] = value as unknown[];
  if (!isInboxId(i) || typeof s !== 'string' || !TIMESTAMP_PATTERN.test(s) || Number.isNaN(Date.parse(s))) {
    return undefined;
  }
  return { id: i, timestamp: s };
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_COUNT;

/**
 * Decodes and validates a page button's value; null for anything malformed, including text that is not a list
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
  const { t, c, p, o, n, m } = data as Record<string, unknown>;
  if (typeof t !== 'string' || t.length === 0 || t.length > MAX_BUTTON_VALUE_LENGTH) return null;
  const cursor = fromWire(c);
  if (cursor === undefined || !Array.isArray(p) || p.length > 100 || !isCount(o)) return null;
  const starts = p.map(fromWire);
  if (starts.some((s) => s === undefined)) return null;
  if (n !== undefined && !isCount(n)) return null;
  const parsed = parseCommand(t);
  if (!parsed.ok || parsed.command.kind !== 'list') return null;
  return {
    text: t,
    cursor,
    starts: starts as Array<Cursor | null>,
    offset: o,
    total: n === undefined ? null : { count: n, atLeast: m === 1 },
  };
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

/**
 * The message with `text` (app-written mrkdwn) as the one warning line, under the card of `threadId`: any earlier
 * warning in the message — on this card or another — goes, so refusals never stack and the message never grows
 * by more than one block. Returns a new array; unchanged when the card is not there.
 */
export function withCardWarning(blocks: readonly KnownBlock[], threadId: string, text: string): KnownBlock[] {
  const kept = blocks.filter((b) => !('block_id' in b && parseThreadBlockId(b.block_id)?.part === 'warning'));
  let last = -1;
  kept.forEach((b, i) => {
    if (threadIdOf(b) === threadId) last = i;
  });
  if (last < 0) return [...blocks];
  const warning: KnownBlock = {
    type: 'context',
    block_id: threadBlockId(threadId, 'warning'),
    elements: [{ type: 'mrkdwn', text: text.slice(0, 2000) }],
  };
  return [...kept.slice(0, last + 1), warning, ...kept.slice(last + 1)];
}
