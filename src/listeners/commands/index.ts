import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.js';
import { inboxCommand } from './inbox-command.js';

export const INBOX_COMMAND = '/inbox';

export function registerCommands(app: App, deps: AppDeps): void {
  app.command(INBOX_COMMAND, inboxCommand(deps));
}
