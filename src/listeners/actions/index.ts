import type { App } from '@slack/bolt';
import { buildErrorMessage } from '../../blocks/errors.js';
import { ActionIds } from '../../blocks/ids.js';
import type { AppDeps } from '../../deps.js';
import { listNextAction } from './list-next-action.js';
import { threadAction } from './thread-action.js';

/** Every action_id the app's blocks use; url buttons still send a payload and must be acked. */
export function registerActions(app: App, deps: AppDeps): void {
  const act = threadAction(deps);
  for (const id of [
    ActionIds.assignSelect,
    ActionIds.assignMe,
    ActionIds.unassign,
    ActionIds.archive,
    ActionIds.reopen,
    ActionIds.view,
    ActionIds.overflow,
  ]) {
    app.action(id, act);
  }
  app.action(ActionIds.listNext, listNextAction(deps));
  for (const id of [ActionIds.openInbox, ActionIds.openX]) {
    app.action(id, async ({ ack }) => {
      await ack();
    });
  }
  // Any other action_id (a card drawn by an older version, a crafted payload): ack at once and say so,
  // instead of leaving it unacknowledged (Bolt would answer 404 after 3 s and Slack would show a warning).
  const known = Object.values(ActionIds).join('|');
  app.action(
    { type: 'block_actions', action_id: new RegExp(`^(?!(?:${known})$)`) },
    async ({ ack, action, body, respond }) => {
      await ack();
      deps.logger.warn(`Ignored a click on an unknown action_id "${action.action_id.slice(0, 64)}"`);
      if (!body.response_url) return;
      await respond({
        ...buildErrorMessage(
          'This button is out of date or not valid any more. Run the command again to get a fresh card.',
        ),
        response_type: 'ephemeral',
        replace_original: false,
      });
    },
  );
}
