import type { App } from '@slack/bolt';
import { ActionIds } from '../../blocks/ids.js';
import type { AppDeps } from '../../deps.js';
import { settingsAction } from '../views/settings.js';
import { autoassignAction } from './autoassign-action.js';
import { bulkAction } from './bulk-action.js';
import { homeRefreshAction } from './home-action.js';
import { listNextAction } from './list-next-action.js';
import { replyWindowAction } from './reply-action.js';
import { subscriptionAction } from './subscription-action.js';
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
    ActionIds.reply,
    ActionIds.overflow,
  ]) {
    app.action(id, act);
  }
  app.action(ActionIds.listNext, listNextAction(deps));
  app.action(ActionIds.subscriptionRemove, subscriptionAction(deps, 'one'));
  app.action(ActionIds.unsubscribeAll, subscriptionAction(deps, 'all'));
  const bulk = bulkAction(deps);
  for (const id of [ActionIds.bulkApply, ActionIds.bulkCancel, ActionIds.bulkUndo]) app.action(id, bulk);
  const rotation = autoassignAction(deps);
  for (const id of [ActionIds.autoassignApply, ActionIds.autoassignCancel]) app.action(id, rotation);
  const inWindow = replyWindowAction(deps);
  for (const id of [ActionIds.replyEdit, ActionIds.replyRetry, ActionIds.replyCheck]) app.action(id, inWindow);
  app.action(ActionIds.homeRefresh, homeRefreshAction(deps));
  const settings = settingsAction(deps);
  for (const id of [
    ActionIds.homeSettings,
    ActionIds.settingsAddDigest,
    ActionIds.settingsDigestMenu,
    ActionIds.settingsRemoveLink,
  ]) {
    app.action(id, settings);
  }
  for (const id of [ActionIds.openInbox, ActionIds.openX]) {
    app.action(id, async ({ ack }) => {
      await ack();
    });
  }
}
