import type { App } from '@slack/bolt';
import { ActionIds, CARD_ACTIONS } from '../../blocks/ids.js';
import type { AppDeps } from '../../deps.js';
import { settingsAction } from '../views/settings.js';
import { assignOptions } from './assign-options.js';
import { autoassignAction } from './autoassign-action.js';
import { bulkAction } from './bulk-action.js';
import { homeRefreshAction } from './home-action.js';
import { listPageAction } from './list-next-action.js';
import { replyWindowAction } from './reply-action.js';
import { subscriptionAction } from './subscription-action.js';
import { threadAction } from './thread-action.js';

/**
 * Every action_id the app's blocks use (url options and buttons still send a payload and must be acked), and the
 * options load of the Assign select (`block_suggestion`, at the manifest's options load URL).
 */
export function registerActions(app: App, deps: AppDeps): void {
  const act = threadAction(deps);
  for (const id of new Set(Object.values(CARD_ACTIONS).map((spec) => spec.actionId))) app.action(id, act);
  const page = listPageAction(deps);
  app.action(ActionIds.listNext, page);
  app.action(ActionIds.listPrev, page);
  app.options(ActionIds.assignSelect, assignOptions(deps));
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
}
