/**
 * A click on an action_id the app does not know (a card drawn by an older version, a crafted payload) would match
 * no listener and stay unacknowledged: Bolt answers 404 after 3 s and Slack shows a warning. This global middleware
 * acks it at once and tells the user in words; known actions pass through to their listeners.
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { buildStaleButton } from '../blocks/errors.js';
import { ActionIds } from '../blocks/ids.js';
import type { AppDeps } from '../deps.js';

const KNOWN: ReadonlySet<string> = new Set(Object.values(ActionIds));

export function answerUnknownActions(deps: AppDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as { type?: unknown; actions?: Array<{ action_id?: unknown }>; response_url?: unknown };
    const ids =
      body.type === 'block_actions' && Array.isArray(body.actions) ? body.actions.map((a) => a.action_id) : [];
    if (ids.length === 0 || ids.every((id) => typeof id === 'string' && KNOWN.has(id))) {
      await args.next();
      return;
    }
    const { ack, respond } = args as unknown as {
      ack: () => Promise<void>;
      respond?: (message: Record<string, unknown>) => Promise<unknown>;
    };
    await ack();
    deps.logger.warn(`Ignored a click on an unknown action_id "${String(ids[0]).slice(0, 64)}"`);
    if (typeof body.response_url === 'string' && respond) {
      await respond({ ...buildStaleButton(), response_type: 'ephemeral', replace_original: false });
    }
  };
}
