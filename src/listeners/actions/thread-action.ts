/**
 * Assign, assign to me, unassign, archive, reopen — from a card's buttons, its member select or its overflow
 * menu. Ack, validate the payload, act as the clicking user, then redraw that one card in place from the
 * thread as Inbox returns it, with a line saying who did what.
 */
import type { BlockAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildErrorMessage, buildStaleButton } from '../../blocks/errors.js';
import { escapeMrkdwn } from '../../blocks/escape.js';
import { ActionIds, parseThreadActionValue, replaceThreadCard, threadBlockId } from '../../blocks/ids.js';
import { buildThreadCard } from '../../blocks/thread-card.js';
import type { AppDeps } from '../../deps.js';
import type { ActionOutcome, ThreadAction } from '../../services/threads.js';
import { type Answer, answer } from '../answer.js';
import { openThreadModal } from './view-action.js';

type Args = SlackActionMiddlewareArgs<BlockAction>;

/** The raw value Slack sent for the element: a button's value or the picked option's. */
export function actionValue(action: Args['action']): string | undefined {
  if ('selected_option' in action && action.selected_option) return action.selected_option.value;
  if ('value' in action) return action.value;
  return undefined;
}

export function threadAction(deps: AppDeps): Middleware<Args> {
  return async (args) => {
    const { ack, action, body, respond } = args;
    await ack();
    const ref = parseThreadActionValue(action.action_id, actionValue(action));
    const threadAction = ref && toThreadAction(action.action_id, ref);
    if (!ref || !threadAction) {
      await respond({ ...buildStaleButton(), response_type: 'ephemeral', replace_original: false });
      return;
    }
    if (threadAction === 'view') {
      await openThreadModal(deps, args, ref.threadId);
      return;
    }
    await answer(
      deps,
      respond,
      async () => renderOutcome(deps, body, await deps.threads.act(threadAction, ref.threadId, body.user.id)),
      { slowNotice: false },
    );
  };
}

function toThreadAction(actionId: string, ref: { memberId?: string; verb?: string }): ThreadAction | 'view' | null {
  const verb = actionId === ActionIds.overflow ? ref.verb : actionId;
  switch (verb) {
    case ActionIds.assignSelect:
      return ref.memberId ? { type: 'assign', memberId: ref.memberId } : null;
    case ActionIds.assignMe:
    case 'assign_me':
      return { type: 'assign_me' };
    case ActionIds.unassign:
    case 'unassign':
      return { type: 'unassign' };
    case ActionIds.archive:
    case 'archive':
      return { type: 'archive' };
    case ActionIds.reopen:
    case 'reopen':
      return { type: 'reopen' };
    case ActionIds.view:
    case 'view':
      return 'view';
    default:
      return null;
  }
}

function renderOutcome(deps: AppDeps, body: BlockAction, outcome: ActionOutcome): Answer {
  if (!outcome.ok) {
    const words =
      outcome.reason === 'not_linked'
        ? 'Only Inbox members can change threads, and your Slack account is not linked to one (no Inbox member has your Slack email). Ask an admin to add you to MEMBER_MAP.'
        : 'That member is no longer in the Inbox team. Pick someone else.';
    return { message: buildErrorMessage(words), replaceOriginal: false };
  }
  const { thread, directory } = outcome;
  const note = actionNote(outcome, body.user.id);
  const ctx = { directory, now: deps.clock(), inboxAppUrl: deps.settings.inboxAppUrl };
  const blocks = body.message?.blocks as Parameters<typeof replaceThreadCard>[0] | undefined;
  if (blocks?.length) {
    const card = buildThreadCard(thread, ctx, { variant: cardVariant(blocks, thread.id), note });
    const text = typeof body.message?.text === 'string' ? body.message.text : note;
    return { message: { text, blocks: replaceThreadCard(blocks, thread.id, card) }, replaceOriginal: true };
  }
  // No message to edit (e.g. Slack did not include it): show the refreshed card on its own.
  return {
    message: { text: note, blocks: buildThreadCard(thread, ctx, { variant: 'compact', note }) },
    replaceOriginal: false,
  };
}

/** The card is redrawn in the variant it was drawn in (only the full card has a `…:detail` block). */
function cardVariant(blocks: ReadonlyArray<{ block_id?: string }>, threadId: string): 'full' | 'compact' {
  return blocks.some((b) => b.block_id === threadBlockId(threadId, 'detail')) ? 'full' : 'compact';
}

export function actionNote(outcome: Extract<ActionOutcome, { ok: true }>, slackUserId: string): string {
  const by = `by <@${slackUserId}>`;
  switch (outcome.action.type) {
    case 'archive':
      return `Archived ${by}`;
    case 'reopen':
      return `Reopened ${by}`;
    case 'unassign':
      return `Unassigned ${by}`;
    case 'assign':
    case 'assign_me':
      return `Assigned to ${escapeMrkdwn(outcome.assignee?.name ?? outcome.assignee?.email ?? 'a member')} ${by}`;
  }
}
