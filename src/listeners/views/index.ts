import type { App } from '@slack/bolt';
import { CallbackIds } from '../../blocks/ids.js';
import type { AppDeps } from '../../deps.js';
import { replyComposeSubmission, replyConfirmSubmission } from './reply-view.js';
import { submitDigest, submitSettings } from './settings.js';

/** Every modal submission the app handles, by callback_id. */
export function registerViews(app: App, deps: AppDeps): void {
  app.view(CallbackIds.replyCompose, replyComposeSubmission(deps));
  app.view(CallbackIds.replyConfirm, replyConfirmSubmission(deps));
  app.view(CallbackIds.settingsModal, submitSettings(deps));
  app.view(CallbackIds.settingsDigest, submitDigest(deps));
}
