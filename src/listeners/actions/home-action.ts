/**
 * Clicks on the Home tab. There is no response_url in a view, so answers go into the Home itself: a card button
 * acts on the thread, then the Home is redrawn from Inbox with a line saying what happened (or what went wrong).
 */
import type { BlockAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { safeName } from '../../blocks/escape.js';
import type { AppDeps } from '../../deps.js';
import { describeInboxFailure, refusalWords } from '../../services/failures.js';
import type { ThreadAction } from '../../services/threads.js';
import { teamOf } from '../events/app-home.js';

type Args = SlackActionMiddlewareArgs<BlockAction>;

/** True when the click came from the app's Home tab. */
export function isHomeClick(body: BlockAction): boolean {
  return body.container?.type === 'view' && body.view?.type === 'home';
}

export function homeRefreshAction(deps: AppDeps): Middleware<Args> {
  return async ({ ack, body }) => {
    await ack();
    await deps.home.refresh(teamOf(body), body.user.id);
  };
}

/** Acts on a thread from a Home card, then redraws the Home with the outcome as its notice. */
export async function actFromHome(deps: AppDeps, body: BlockAction, action: ThreadAction, threadId: string) {
  let notice: string;
  try {
    const outcome = await deps.threads.act(action, threadId, body.user.id);
    notice = outcome.ok
      ? `✅ ${homeNote(outcome.action, outcome.assignee?.name ?? outcome.assignee?.email ?? null)}`
      : `⚠️ ${refusalWords(outcome)}`;
  } catch (error) {
    notice = `⚠️ ${describeInboxFailure(error)}`;
  }
  await deps.home.refresh(teamOf(body), body.user.id, { notice });
}

function homeNote(action: ThreadAction, assignee: string | null): string {
  switch (action.type) {
    case 'archive':
      return 'Archived.';
    case 'reopen':
      return 'Reopened.';
    case 'unassign':
      return 'Unassigned: it has left your queue.';
    case 'assign':
    case 'assign_me':
      return `Assigned to ${assignee === null ? 'a member' : safeName(assignee, 80)}.`;
  }
}
