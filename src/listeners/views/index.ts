import type { App } from '@slack/bolt';
import { CallbackIds } from '../../blocks/ids.js';
import type { AppDeps } from '../../deps.js';
import { submitDigest, submitSettings } from './settings.js';

/** Modal submissions (view_submission), by callback_id. */
export function registerViews(app: App, deps: AppDeps): void {
  app.view(CallbackIds.settingsModal, submitSettings(deps));
  app.view(CallbackIds.settingsDigest, submitDigest(deps));
}
