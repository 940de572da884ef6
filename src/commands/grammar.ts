/**
 * The `/inbox` command as typed data. `parseCommand` (parse-command.ts) produces these; services consume them.
 */

import type { RemindCommand } from './remind.js';

/** Which Inbox view a list reads: Inbox's default, no-reply, requests and archived inboxes. */
export type ListView = 'active' | 'noreply' | 'requests' | 'archived';
export const LIST_VIEWS: readonly ListView[] = ['active', 'noreply', 'requests', 'archived'];

/** Who a thread is assigned to, as the user wrote it (the service resolves names and Slack users to members). */
export type AssigneeRef = { type: 'me' } | { type: 'slack'; userId: string } | { type: 'name'; value: string };

/**
 * A thread list request. Filter groups AND together; the values inside one group are alternatives (OR),
 * matching the Inbox API's `filters[...]` semantics.
 */
export interface ListQuery {
  view: ListView;
  /** Tag names (any of them). */
  tags: string[];
  noTags: boolean;
  /** Status names (any of them). */
  statuses: string[];
  noStatus: boolean;
  assignees: AssigneeRef[];
  unassigned: boolean;
  /** Campaign names or IDs (any of them). */
  campaigns: string[];
  noCampaign: boolean;
  /** X handles of the team's connected accounts, lowercased, without '@'. */
  accounts: string[];
  sort?: 'oldest' | 'newest';
  /** 1..100 */
  limit?: number;
}

export type WhoTarget = { type: 'username'; username: string } | { type: 'platformId'; platformId: string };

/** `/inbox help` alone is the short help; a topic gives the rest. */
export type HelpTopic = 'filters' | 'buttons' | 'commands';
export const HELP_TOPICS: readonly HelpTopic[] = ['filters', 'buttons', 'commands'];

/** What a channel subscription posts about: a prospect wrote, a new request, (re)assignment, archive/reopen. */
export type LiveEventKind = 'replies' | 'requests' | 'assigned' | 'archived';
export const LIVE_EVENT_KINDS: readonly LiveEventKind[] = ['replies', 'requests', 'assigned', 'archived'];
export const DEFAULT_LIVE_EVENTS: readonly LiveEventKind[] = ['replies', 'requests'];

/** Quiet hours as typed, `HH:MM` each (24 h); `start` after `end` spans midnight. */
export interface QuietHours {
  start: string;
  end: string;
}

export interface SubscribeRequest {
  /** The list filters (the view, sort and limit are not used by a subscription). */
  query: ListQuery;
  events: LiveEventKind[];
  quiet: QuietHours | null;
}

/** What a bulk command does to every thread it matches. */
export type BulkAction = { type: 'archive' } | { type: 'assign'; assignee: AssigneeRef };

/** `/inbox autoassign …`: round-robin assignment of new unassigned threads awaiting a reply. */
export type AutoassignOp =
  | { type: 'on'; members: AssigneeRef[]; accounts: string[]; tags: string[] }
  | { type: 'off' }
  | { type: 'status' }
  | { type: 'now' }
  /** `until`: an ISO date (YYYY-MM-DD) or a weekday / today / tomorrow word, lowercased; null ends the skip. */
  | { type: 'skip'; member: AssigneeRef; until: string | null };

export type Command =
  | { kind: 'help'; topic?: HelpTopic }
  | { kind: 'subscribe'; subscription: SubscribeRequest }
  | { kind: 'subscriptions' }
  | { kind: 'unsubscribe' }
  | { kind: 'list'; query: ListQuery }
  | { kind: 'who'; target: WhoTarget }
  | { kind: 'thread'; threadId: string }
  /** Start or continue a conversation: the reply window for this prospect (account: an X handle, lowercased). */
  | { kind: 'dm'; target: WhoTarget; account: string | null; text: string }
  /** Archive or assign every thread a list matches (preview, one confirm, apply, Undo). */
  | { kind: 'bulk'; action: BulkAction; query: ListQuery }
  | { kind: 'autoassign'; op: AutoassignOp }
  | { kind: 'digest'; post: boolean }
  | { kind: 'remind'; remind: RemindCommand }
  | { kind: 'settings' };

export type ParseErrorCode =
  | 'unknown_command'
  | 'unknown_word'
  | 'unknown_filter'
  | 'missing_value'
  | 'invalid_value'
  | 'conflict'
  | 'unexpected_argument'
  | 'missing_argument'
  | 'unterminated_quote'
  | 'too_long';

export interface ParseError {
  code: ParseErrorCode;
  /** One or two plain sentences for the user (may contain `backticks`; not yet escaped for mrkdwn). */
  message: string;
  /** The offending word as the user typed it, when there is one. */
  input?: string;
  /** What the grammar knows in that position, closest first (empty when not applicable). */
  suggestions: string[];
}

export type ParseResult = { ok: true; command: Command } | { ok: false; error: ParseError };

export function emptyListQuery(view: ListView = 'active'): ListQuery {
  return {
    view,
    tags: [],
    noTags: false,
    statuses: [],
    noStatus: false,
    assignees: [],
    unassigned: false,
    campaigns: [],
    noCampaign: false,
    accounts: [],
  };
}

/** X's handle rules: 1–15 letters, digits or underscores. */
export const X_USERNAME_PATTERN = /^[A-Za-z0-9_]{1,15}$/;
/** Inbox IDs (threads, members…) as the API validates them. */
export const ID_PATTERN = /^[0-9a-z]+$/;
/** Slack user IDs (`U…`, or `W…` on Enterprise Grid). */
export const SLACK_USER_ID_PATTERN = /^[UW][A-Z0-9]{2,}$/;
export const MAX_LIMIT = 100;
/**
 * The longest command text read, in characters. Slack's composer sends at most a message's worth (40,000
 * characters); anything longer did not come from a person typing, and is refused before it is tokenized.
 */
export const MAX_COMMAND_LENGTH = 40_000;
/** Slack's limit for one text box (plain_text_input max_length ≤ 3000): the longest reply typed in Slack. */
export const SLACK_TEXT_BOX_CHARS = 3_000;
