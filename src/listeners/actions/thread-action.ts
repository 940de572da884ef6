/**
 * A click on a thread card: the Assign select, a button, or an item of the overflow menu (CARD_ACTIONS in
 * blocks/ids.ts says which is which). Ack, decode the payload, act as the clicking user, then redraw the card in
 * place from the thread as Inbox holds it — after a refused or failed click too, so the card never shows a choice
 * Inbox did not take. On a posted digest, the header and totals are redrawn as well.
 */
import type { BlockAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { buildErrorMessage, buildStaleButton } from '../../blocks/errors.js';
import { escapeMrkdwn } from '../../blocks/escape.js';
import {
  BlockIds,
  CARD_ACTIONS,
  type CardViewer,
  parseThreadAction,
  replaceThreadCard,
  type ThreadActionRef,
  withCardWarning,
} from '../../blocks/ids.js';
import { buildThreadCard, cardVariantIn } from '../../blocks/thread-card.js';
import type { AppDeps } from '../../deps.js';
import { InboxApiError } from '../../inbox/errors.js';
import type { CallOptions } from '../../inbox/index.js';
import type { Thread } from '../../inbox/schemas.js';
import type { Directory } from '../../services/directory.js';
import { describeInboxFailure, refusalWords } from '../../services/failures.js';
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

/** How long the same refusal is not repeated to the same user under a card in a channel. */
export const REFUSAL_REPEAT_MS = 10 * 60_000;

export function threadAction(deps: AppDeps): Middleware<Args> {
  const lastRefusal = new Map<string, { words: string; at: number }>();
  /** True when this user was told exactly this in the last few minutes (so it is not stacked again). */
  const toldRecently = (userId: string, words: string): boolean => {
    const now = deps.clock().getTime();
    const last = lastRefusal.get(userId);
    if (lastRefusal.size > 5_000) lastRefusal.clear();
    lastRefusal.set(userId, { words, at: now });
    return last !== undefined && last.words === words && now - last.at < REFUSAL_REPEAT_MS;
  };

  return async (args) => {
    const { ack, action, body, respond } = args;
    await ack();
    const ref = parseThreadAction(action as Parameters<typeof parseThreadAction>[0]);
    if (!ref) {
      await respond({ ...buildStaleButton(), response_type: 'ephemeral', replace_original: false });
      return;
    }
    const spec = CARD_ACTIONS[ref.verb];
    if (spec.does === 'link') return;
    if (ref.verb === 'view') {
      await openThreadModal(deps, args, ref.threadId);
      return;
    }
    if (ref.verb === 'reply') {
      await openReplyWindow(deps, args as Parameters<typeof openReplyWindow>[1], ref.threadId);
      return;
    }
    const change = toThreadAction(ref);
    if (!change) {
      await respond({ ...buildStaleButton(), response_type: 'ephemeral', replace_original: false });
      return;
    }
    if (isHomeClick(body)) {
      await actFromHome(deps, body, change, ref.threadId);
      return;
    }
    await answer(deps, respond, (call) => actAndRedraw(deps, body, ref.threadId, change, toldRecently, call), {
      slowNotice: false,
    });
  };
}

function toThreadAction(ref: ThreadActionRef): ThreadAction | null {
  switch (ref.verb) {
    case 'assign':
      return ref.memberId ? { type: 'assign', memberId: ref.memberId } : null;
    case 'assign_me':
    case 'unassign':
    case 'archive':
    case 'reopen':
      return { type: ref.verb };
    default:
      return null;
  }
}

async function actAndRedraw(
  deps: AppDeps,
  body: BlockAction,
  threadId: string,
  change: ThreadAction,
  toldRecently: (userId: string, words: string) => boolean,
  call: CallOptions,
): Promise<Answer> {
  const userId = body.user.id;
  const ephemeral = body.container?.is_ephemeral === true;
  let outcome: ActionOutcome | null = null;
  let failure: unknown = null;
  try {
    outcome = await deps.threads.act(change, threadId, userId, call);
  } catch (err) {
    if (!(err instanceof InboxApiError)) throw err;
    failure = err;
  }
  await deps.acksFirst?.(); // requests waiting for their ack go before the card is redrawn

  if (outcome?.ok) {
    const viewer: CardViewer = ephemeral ? { memberId: outcome.actor?.id ?? null } : undefined;
    const note = actionNote(outcome, userId);
    return redraw(deps, body, { thread: outcome.thread, directory: outcome.directory }, viewer, note, null, true);
  }

  const words = outcome ? refusalWords(outcome) : describeInboxFailure(failure);
  if (failure instanceof InboxApiError) {
    deps.logger.warn(`Inbox call failed (${failure.kind}, ${failure.endpoint}, status ${failure.status ?? 'none'})`);
  }
  const original = body.message?.blocks as KnownBlock[] | undefined;
  if (outcome && original?.length) {
    // Refused: nothing changed in Inbox, and a user with no seat spends none of the team's quota. The card is drawn
    // again as it was drawn from Inbox (so a pick in its Assign menu goes back to the real assignee).
    const text = typeof body.message?.text === 'string' ? body.message.text : 'Thread';
    if (ephemeral) {
      // Only this user sees the message: the refusal is written under the card, replacing any earlier one.
      return { message: { text, blocks: withCardWarning(original, threadId, `⚠️ ${words}`) }, replaceOriginal: true };
    }
    // Everyone sees a message in a channel: only the clicker is told why, and not again and again.
    const tell = toldRecently(userId, words) ? null : words;
    return {
      message: { text, blocks: original },
      replaceOriginal: true,
      ...(tell === null ? {} : { followUp: buildErrorMessage(tell) }),
    };
  }
  // Failed: draw the card as Inbox holds it now (when it can be read), and say why on it.
  const fresh = await deps.threads.get(threadId, userId, call).catch(() => null);
  if (ephemeral) return redraw(deps, body, fresh, undefined, `⚠️ ${words}`, null, false);
  const tell = toldRecently(userId, words) ? null : words;
  return redraw(deps, body, fresh, undefined, undefined, tell, false);
}

/**
 * The message the click came from, with the clicked card redrawn from `current` (or as it was, when Inbox could
 * not be read), and — on a posted digest — its header and totals redrawn from Inbox's numbers now.
 */
async function redraw(
  deps: AppDeps,
  body: BlockAction,
  current: { thread: Thread; directory: Directory } | null,
  viewer: CardViewer,
  note: string | undefined,
  tell: string | null,
  changed: boolean,
): Promise<Answer> {
  const followUp = tell === null ? undefined : buildErrorMessage(tell);
  const original = body.message?.blocks as KnownBlock[] | undefined;
  const ctx = current
    ? {
        directory: current.directory,
        now: deps.clock(),
        inboxAppUrl: deps.settings.inboxAppUrl,
        ...(viewer ? { viewer } : {}),
      }
    : null;
  const isDigest = original?.some((b) => b.block_id === BlockIds.digestHeader) ?? false;
  if (original?.length) {
    let blocks = original;
    if (current && ctx) {
      const card = buildThreadCard(current.thread, isDigest ? { ...ctx, ages: 'absolute' } : ctx, {
        variant: cardVariantIn(original, current.thread.id),
        ...(note ? { note } : {}),
      });
      blocks = replaceThreadCard(original, current.thread.id, card);
    }
    let text = typeof body.message?.text === 'string' ? body.message.text : (note ?? 'Thread');
    // A posted digest recounts its totals when something changed (a refusal or a failure changed nothing).
    if (isDigest && changed && deps.digest) {
      try {
        const redrawn = await deps.digest.redraw(blocks);
        blocks = redrawn.blocks;
        text = redrawn.text;
      } catch (err) {
        deps.logger.warn(`Could not redraw the digest's totals: ${describeInboxFailure(err)}`);
      }
    }
    return { message: { text, blocks }, replaceOriginal: true, ...(followUp ? { followUp } : {}) };
  }
  // No message to edit (e.g. Slack did not include it): show the refreshed card on its own.
  if (current && ctx) {
    const card = buildThreadCard(current.thread, ctx, { variant: 'compact', ...(note ? { note } : {}) });
    return {
      message: { text: note ?? 'Thread', blocks: card },
      replaceOriginal: false,
      ...(followUp ? { followUp } : {}),
    };
  }
  return { message: followUp ?? buildErrorMessage(note ?? 'Inbox could not be read.'), replaceOriginal: false };
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
