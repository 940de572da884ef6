/**
 * The Remove button of `/inbox subscriptions` and the confirmed "Remove all" of `/inbox unsubscribe`: ack,
 * check the right (ACTION_POLICY), remove, and redraw the list in place.
 */
import type { BlockAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildErrorMessage, buildStaleButton } from '../../blocks/errors.js';
import { isInboxId } from '../../blocks/ids.js';
import { buildSubscriptionList } from '../../blocks/live.js';
import type { AppDeps } from '../../deps.js';
import { answer } from '../answer.js';
import { NOT_ALLOWED } from '../commands/subscribe.js';
import { actionValue } from './thread-action.js';

type Args = SlackActionMiddlewareArgs<BlockAction>;

export function subscriptionAction(deps: AppDeps, scope: 'one' | 'all'): Middleware<Args> {
  return async ({ ack, action, body, respond }) => {
    await ack();
    const value = actionValue(action);
    const channelId = body.channel?.id;
    const teamId = body.team?.id ?? body.user.team_id;
    const valid = scope === 'one' ? isInboxId(value) : value === channelId;
    if (!channelId || !teamId || !valid) {
      await respond({ ...buildStaleButton(), response_type: 'ephemeral', replace_original: false });
      return;
    }
    await answer(
      deps,
      respond,
      async () => {
        const outcome =
          scope === 'one'
            ? await deps.subscriptions.remove(teamId, channelId, value as string, body.user.id)
            : await deps.subscriptions.removeAll(teamId, channelId, body.user.id);
        if (!outcome.ok) return { message: buildErrorMessage(NOT_ALLOWED), replaceOriginal: false };
        const removed = Number(outcome.removed);
        const note =
          removed === 0
            ? 'Nothing to remove: it was already gone.'
            : `Removed ${scope === 'one' ? 'the subscription' : `${removed} subscription${removed === 1 ? '' : 's'}`} (by <@${body.user.id}>).`;
        const rest = await deps.subscriptions.list(teamId, channelId);
        return { message: buildSubscriptionList(channelId, rest, note), replaceOriginal: true };
      },
      { slowNotice: false },
    );
  };
}
