/** `/inbox autoassign now`'s confirm and cancel: applied once (the plan's state in the store), then one summary. */
import type { BlockAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildNowSummary } from '../../blocks/autoassign.js';
import { buildErrorMessage, buildNotice, buildStaleButton } from '../../blocks/errors.js';
import { ActionIds } from '../../blocks/ids.js';
import type { AppDeps } from '../../deps.js';
import { isNowPlanId } from '../../services/autoassign.js';
import { answer } from '../answer.js';
import { actionValue } from './thread-action.js';

const REFUSED = {
  gone: 'This has expired. Run `/inbox autoassign now` again.',
  not_yours: 'Only the person who ran it can confirm it.',
  busy: 'This was done (or cancelled) already; it is not done twice.',
} as const;

export function autoassignAction(deps: AppDeps): Middleware<SlackActionMiddlewareArgs<BlockAction>> {
  return async ({ ack, action, body, respond }) => {
    await ack();
    const planId = actionValue(action);
    if (!isNowPlanId(planId)) {
      await respond({ ...buildStaleButton(), response_type: 'ephemeral', replace_original: false });
      return;
    }
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const cancel = action.action_id === ActionIds.autoassignCancel;
    await answer(
      deps,
      respond,
      async () => {
        if (!cancel) await respond({ ...buildNotice('⏳ Assigning…'), replace_original: true });
        const outcome = await deps.autoassign.applyNow(teamId, planId, body.user.id, cancel);
        if (!outcome.ok) return { message: buildErrorMessage(REFUSED[outcome.reason]), replaceOriginal: false };
        if (cancel) return { message: buildNotice('Cancelled: nothing was assigned.'), replaceOriginal: true };
        deps.home.threadsChanged([null, ...new Set(outcome.plan.assignments.map((a) => a.memberId))]);
        const directory = await deps.threads.directory();
        return { message: buildNowSummary(outcome.plan, directory, body.user.id), replaceOriginal: true };
      },
      { slowNotice: false },
    );
  };
}
