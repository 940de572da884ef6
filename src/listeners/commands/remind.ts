/** `/inbox remind …`: show, set or stop the caller's personal reminder; the Home tab is redrawn to match. */

import type { SlackMessage } from '../../blocks/message.js';
import { buildRemindAnswer } from '../../blocks/reminder-message.js';
import type { RemindCommand } from '../../commands/remind.js';
import type { AppDeps } from '../../deps.js';
import { FALLBACK_TIMEZONE, nextSlot } from '../../services/reminders.js';

export async function serveRemind(
  deps: AppDeps,
  command: RemindCommand,
  teamId: string,
  slackUserId: string,
): Promise<SlackMessage> {
  const { reminders } = deps;
  const now = deps.clock();
  switch (command.action) {
    case 'off': {
      const had = await reminders.off(teamId, slackUserId);
      deps.home.refreshSoon(teamId, slackUserId);
      return buildRemindAnswer({ kind: 'off', had });
    }
    case 'show': {
      const reminder = await reminders.get(teamId, slackUserId);
      if (!reminder) return buildRemindAnswer({ kind: 'show', reminder: null, next: null });
      // The zone Slack has now (the person may have travelled since they set it).
      const timezone = (await reminders.lookupTimeZone(slackUserId).catch(() => null)) ?? reminder.timezone;
      const current = { ...reminder, timezone };
      return buildRemindAnswer({
        kind: 'show',
        reminder: current,
        next: nextSlot(current, timezone ?? FALLBACK_TIMEZONE, now),
      });
    }
    case 'set': {
      const reminder = await reminders.set(teamId, slackUserId, command.schedule);
      deps.home.refreshSoon(teamId, slackUserId);
      return buildRemindAnswer({
        kind: 'set',
        reminder,
        next: nextSlot(reminder, reminder.timezone ?? FALLBACK_TIMEZONE, now),
      });
    }
  }
}
