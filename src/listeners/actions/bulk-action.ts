/**
 * The bulk preview's confirm and cancel, and the summary's Undo. Each replaces the message it was clicked in,
 * so its buttons go away once used; the plan's state in the store makes a double click harmless.
 */
import type { BlockAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildBulkCancelled, buildBulkSummary, buildBulkUndone } from '../../blocks/bulk.js';
import { buildErrorMessage, buildNotice, buildStaleButton } from '../../blocks/errors.js';
import { ActionIds } from '../../blocks/ids.js';
import type { AppDeps } from '../../deps.js';
import { type BulkPlan, isBulkPlanId, type StepOutcome } from '../../services/bulk.js';
import { type Answer, answer } from '../answer.js';
import { actionValue } from './thread-action.js';

/** Whose Home lists the threads a bulk action touched: their assignees before, and the new one. */
function touchedMembers(plan: BulkPlan): Array<string | null> {
  const ids = plan.threads.map((t) => t.before.assigneeId);
  if (plan.action.type === 'assign') ids.push(plan.action.memberId);
  return [...new Set(ids)];
}

function refusal(outcome: Extract<StepOutcome, { ok: false }>): Answer {
  const words =
    outcome.reason === 'gone'
      ? 'This bulk action has expired. Run the command again.'
      : outcome.reason === 'not_yours'
        ? 'Only the person who ran this bulk action can confirm or undo it.'
        : outcome.plan?.state === 'undone' || outcome.plan?.state === 'undoing'
          ? 'This was undone already.'
          : outcome.plan?.state === 'cancelled'
            ? 'This was cancelled.'
            : 'This was done already; it is not done twice.';
  return { message: buildErrorMessage(words), replaceOriginal: false };
}

export function bulkAction(deps: AppDeps): Middleware<SlackActionMiddlewareArgs<BlockAction>> {
  return async ({ ack, action, body, respond }) => {
    await ack();
    const planId = actionValue(action);
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    if (!isBulkPlanId(planId)) {
      await respond({ ...buildStaleButton(), response_type: 'ephemeral', replace_original: false });
      return;
    }
    const userId = body.user.id;
    await answer(
      deps,
      respond,
      async () => {
        switch (action.action_id) {
          case ActionIds.bulkCancel: {
            const outcome = await deps.bulk.cancel(teamId, planId, userId);
            return outcome.ok ? { message: buildBulkCancelled(), replaceOriginal: true } : refusal(outcome);
          }
          case ActionIds.bulkApply: {
            await respond({ ...buildNotice('⏳ Applying…'), replace_original: true });
            const outcome = await deps.bulk.apply(teamId, planId, userId);
            if (outcome.ok) deps.home.threadsChanged(touchedMembers(outcome.plan));
            return outcome.ok
              ? { message: buildBulkSummary(outcome.plan, userId), replaceOriginal: true }
              : refusal(outcome);
          }
          default: {
            const outcome = await deps.bulk.undo(teamId, planId, userId);
            if (!outcome.ok) return refusal(outcome);
            deps.home.threadsChanged(touchedMembers(outcome.plan));
            const directory = await deps.threads.directory();
            return { message: buildBulkUndone(outcome.plan, userId, directory), replaceOriginal: true };
          }
        }
      },
      { slowNotice: false },
    );
  };
}
