/**
 * Failures in words. Every error that reaches a Slack user or a log line goes through here, so the wording
 * is consistent and no error object (which could carry headers) is ever rendered as-is.
 */
import { InboxApiError } from '../inbox/errors.js';
import { NotAllowedError } from './access.js';

/** What the Slack user is told when an Inbox call fails. */
export function describeInboxFailure(err: unknown): string {
  if (err instanceof NotAllowedError) return err.message;
  if (!(err instanceof InboxApiError)) return 'Something went wrong on our side. Please try again.';
  switch (err.kind) {
    case 'unauthorized':
      return 'Inbox rejected the API token (401). An admin needs to check INBOX_API_TOKEN.';
    case 'forbidden':
      return 'Inbox refused this request (403): the API token has no access to it.';
    case 'not_found':
      return 'Inbox could not find that (404). It may have been deleted.';
    case 'conflict':
      return 'Inbox reported a conflict (409): someone changed this at the same time. Try again.';
    case 'rate_limited':
      return err.retryAfterSeconds !== null
        ? `Inbox is rate-limiting this team. Try again in ${err.retryAfterSeconds} s.`
        : 'Inbox is rate-limiting this team. Try again in a minute.';
    case 'invalid_request':
      return 'That request was not valid for Inbox.';
    case 'timeout':
      return 'Inbox is not answering (timed out). Try again in a minute.';
    case 'network':
      return 'Inbox is not reachable right now. Try again in a minute.';
    case 'server':
      return `Inbox is not answering properly (HTTP ${err.status ?? '5xx'}). Try again in a minute.`;
    case 'bad_response':
      return 'Inbox sent an answer this app could not read. Try again; if it keeps happening, tell an admin.';
    case 'aborted':
      return 'The request to Inbox was cancelled.';
  }
}

/** Slack Web API error codes, in words for logs and users. */
const SLACK_ERRORS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    not_in_channel: 'the bot is not in that channel: invite it with /invite @Inbox',
    channel_not_found: 'that channel does not exist or the bot cannot see it: check the channel ID and invite the bot',
    is_archived: 'that channel is archived',
    ratelimited: 'Slack is rate-limiting the app',
    invalid_blocks: 'Slack rejected the message layout (invalid_blocks)',
    msg_too_long: 'the message is too long for Slack',
    expired_trigger_id: 'the click is too old to open a window (expired_trigger_id): click again',
    exchanged_trigger_id: 'that click already opened a window',
    invalid_auth: 'Slack rejected the bot token (invalid_auth): check SLACK_BOT_TOKEN',
    not_authed: 'no bot token was sent to Slack',
    account_inactive: 'the bot token belongs to a deleted app or user',
    missing_scope: 'the app lacks a scope for this: reinstall it from manifest.yml',
    users_not_found: 'no Slack user has that email',
  }),
);

/** Extracts a Slack Web API error code (WebAPIPlatformError data.error, rate-limit code) from anything. */
export function slackErrorCode(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { code?: unknown; data?: { error?: unknown } };
  if (typeof e.data?.error === 'string') return e.data.error;
  if (e.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  return null;
}

export function describeSlackFailure(err: unknown): string {
  const code = slackErrorCode(err);
  if (code) return SLACK_ERRORS.get(code) ?? `Slack answered "${code}"`;
  if (err instanceof Error) return `Slack call failed: ${err.message}`;
  return 'Slack call failed';
}

/**
 * A refusal for a Slack user who has no Inbox seat: what only members may do, and what to ask for — their own
 * email (mrkdwn-escaped here), never a setting's name.
 */
export function membersOnly(what: string, email: string | null): string {
  const who = email
    ? `*${email.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\*/g, '')}*`
    : 'you (the app could not read an email on your Slack profile)';
  return `Only Inbox members can ${what}. Ask your Inbox admin to invite ${who} to Inbox.`;
}

/** What a refused click tells the user, in words. */
export function refusalWords(
  refusal: { reason: 'not_linked'; email: string | null } | { reason: 'unknown_member' },
): string {
  if (refusal.reason === 'unknown_member') return 'That person is no longer on the Inbox team. Pick someone else.';
  return membersOnly('change threads', refusal.email);
}
