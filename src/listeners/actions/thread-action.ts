/**
 * Assign, assign to me, unassign, archive, reopen — from a card's buttons, its member select or its overflow
 * menu. Ack, validate the payload, act as the clicking user, then redraw that one card in place from the
 * thread as Inbox returns it, with a line saying who did what.
 */
import type { BlockAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildErrorMessage, buildStaleButton } from '../../blocks/errors.js';
import { escapeMrkdwn } from '../../blocks/escape.js';
import {
  ActionIds,
  parseThreadActionValue,
  replaceThreadCard,
  type ThreadActionValue,
  type ThreadVerb,
} from '../../blocks/ids.js';
import { buildThreadCard, cardVariantIn } from '../../blocks/thread-card.js';
import type { AppDeps } from '../../deps.js';
import type { ActionOutcome, ThreadAction } from '../../services/threads.js';
import { type Answer, answer } from '../answer.js';
import { actFromHome, isHomeClick } from './home-action.js';
import { openReplyWindow } from './reply-action.js';
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
    if (threadAction === 'reply') {
      await openReplyWindow(deps, args as Parameters<typeof openReplyWindow>[1], ref.threadId);
      return;
    }
    if (isHomeClick(body)) {
      await actFromHome(deps, body, threadAction, ref.threadId);
      return;
    }
    await answer(
      deps,
      respond,
      async (call) => {
        const outcome = await deps.threads.act(threadAction, ref.threadId, body.user.id, call);
        await deps.acksFirst?.(); // requests waiting for their ack go before the card is redrawn
        return renderOutcome(deps, body, outcome);
      },
      { slowNotice: false },
    );
  };
}

/** The verb each card button stands for (the overflow menu carries its verb in the value). */
const BUTTON_VERBS: ReadonlyMap<string, ThreadVerb> = new Map([
  [ActionIds.assignMe, 'assign_me'],
  [ActionIds.unassign, 'unassign'],
  [ActionIds.archive, 'archive'],
  [ActionIds.reopen, 'reopen'],
  [ActionIds.view, 'view'],
  [ActionIds.reply, 'reply'],
]);

function toThreadAction(actionId: string, ref: ThreadActionValue): ThreadAction | 'view' | 'reply' | null {
  if (actionId === ActionIds.assignSelect) return ref.memberId ? { type: 'assign', memberId: ref.memberId } : null;
  const verb = actionId === ActionIds.overflow ? ref.verb : BUTTON_VERBS.get(actionId);
  switch (verb) {
    case 'view':
      return 'view';
    case 'reply':
      return 'reply';
    case 'assign_me':
    case 'unassign':
    case 'archive':
    case 'reopen':
      return { type: verb };
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
    const card = buildThreadCard(thread, ctx, { variant: cardVariantIn(blocks, thread.id), note });
    const text = typeof body.message?.text === 'string' ? body.message.text : note;
    return { message: { text, blocks: replaceThreadCard(blocks, thread.id, card) }, replaceOriginal: true };
  }
  // No message to edit (e.g. Slack did not include it): show the refreshed card on its own.
  return {
    message: { text: note, blocks: buildThreadCard(thread, ctx, { variant: 'compact', note }) },
    replaceOriginal: false,
  };
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
