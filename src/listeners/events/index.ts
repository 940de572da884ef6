import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.js';
import { appHomeOpened } from './app-home.js';

/** The Events API events the app subscribes to (manifest.yml's bot_events must list exactly these). */
export const BOT_EVENTS = ['app_home_opened'] as const;

export function registerEvents(app: App, deps: AppDeps): void {
  app.event('app_home_opened', appHomeOpened(deps));
}
