/** `app_home_opened` (Events API or Socket Mode; Bolt acks events itself): publish the viewer's "My queue". */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../deps.js';

export function appHomeOpened(deps: AppDeps) {
  return async ({ event, body }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    // The Messages tab opens the app's DM: nothing to draw there.
    if (event.tab !== 'home') return;
    await deps.home.refresh(teamOf(body), event.user);
  };
}

/** The Slack team a payload came from ('' when Slack sent none, as in a single-workspace install). */
export function teamOf(body: unknown): string {
  const b = body as { team_id?: unknown; team?: { id?: unknown } | null; user?: { team_id?: unknown } };
  const id = b.team_id ?? b.team?.id ?? b.user?.team_id;
  return typeof id === 'string' && /^[TE][A-Z0-9]{1,20}$/.test(id) ? id : '';
}
