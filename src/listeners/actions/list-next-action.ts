/**
 * "Next page" and "Previous" on a list: the button carries the canonical query text, where the page starts, where
 * the earlier pages started and the total; the list is replaced by that page.
 */
import type { BlockAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildErrorMessage } from '../../blocks/errors.js';
import { decodePageValue } from '../../blocks/ids.js';
import { parseCommand } from '../../commands/parse-command.js';
import type { AppDeps } from '../../deps.js';
import { answer } from '../answer.js';
import { listPage } from '../commands/inbox-command.js';
import { actionValue } from './thread-action.js';

export function listPageAction(deps: AppDeps): Middleware<SlackActionMiddlewareArgs<BlockAction>> {
  return async ({ ack, action, body, respond }) => {
    await ack();
    const page = decodePageValue(actionValue(action) ?? '');
    const parsed = page ? parseCommand(page.text) : null;
    if (!page || !parsed?.ok || parsed.command.kind !== 'list') {
      await respond({
        ...buildErrorMessage('This page button is not valid any more. Run the command again.'),
        response_type: 'ephemeral',
        replace_original: false,
      });
      return;
    }
    const { query } = parsed.command;
    await answer(
      deps,
      respond,
      async (call) => ({
        message: await listPage(deps, query, body.user.id, page, call),
        replaceOriginal: true,
      }),
      { slowNotice: false },
    );
  };
}
