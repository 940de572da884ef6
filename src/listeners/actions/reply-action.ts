/**
 * Reply on a card opens the reply window; inside it, Edit goes back to the text, "Send it again" (after a
 * confirmed "not sent") and "Check again" (after an unknown outcome) are new explicit actions.
 */
import type { AllMiddlewareArgs, BlockAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildErrorMessage, buildStaleButton } from '../../blocks/errors.js';
import { ActionIds } from '../../blocks/ids.js';
import type { AppDeps } from '../../deps.js';
import { isReplySessionId } from '../../services/reply.js';
import {
  composeFor,
  composeView,
  openWindow,
  outcomeView,
  sendAndShow,
  sendingView,
  showView,
} from '../reply-window.js';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** The card's Reply button: open the window at once, then fill it with the conversation and a text box. */
export async function openReplyWindow(deps: AppDeps, args: Args, threadId: string): Promise<void> {
  const { body, client, respond } = args;
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const container = body.container as { channel_id?: string; message_ts?: string; is_ephemeral?: boolean };
  const message = body.message as { blocks?: unknown[]; text?: string } | undefined;
  const card = message
    ? {
        channelId: body.channel?.id ?? container.channel_id ?? null,
        messageTs: container.message_ts ?? null,
        ephemeral: container.is_ephemeral === true,
        responseUrl: body.response_url ?? null,
        blocks: message.blocks ?? [],
        text: typeof message.text === 'string' ? message.text : '',
      }
    : null;
  const result = await openWindow(deps, client, body.trigger_id, async () =>
    composeFor(await deps.reply.openForThread({ teamId, userId: body.user.id, threadId, card })),
  );
  if (!result.opened && body.response_url) {
    await respond({
      ...buildErrorMessage(`Could not open the reply window: ${result.words}.`),
      response_type: 'ephemeral',
      replace_original: false,
    });
  }
}

/** Buttons inside the reply window: the view's private_metadata names the session. */
export function replyWindowAction(deps: AppDeps): Middleware<SlackActionMiddlewareArgs<BlockAction>> {
  return async (args) => {
    const { ack, body, action, client, respond } = args as Args;
    await ack();
    const view = body.view;
    const sessionId = view?.private_metadata;
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    if (!view || !isReplySessionId(sessionId)) {
      if (body.response_url) {
        await respond({ ...buildStaleButton(), response_type: 'ephemeral', replace_original: false });
      }
      return;
    }
    const session = await deps.reply.get(teamId, sessionId);
    if (!session || session.userId !== body.user.id) {
      await showView(deps, client, view.id, await outcomeView(deps, { kind: 'gone' }, sessionId));
      return;
    }
    switch (action.action_id) {
      case ActionIds.replyEdit: {
        let face: Parameters<typeof showView>[3];
        try {
          face = composeView(await deps.reply.context(session));
        } catch {
          // Inbox is not answering: the text box still comes back with the text, without the history.
          face = composeView({ session, thread: null, messages: [], directory: await deps.threads.directory() });
        }
        await showView(deps, client, view.id, face, view.hash);
        return;
      }
      case ActionIds.replyRetry:
      case ActionIds.replyCheck:
        // A double click: the second one finds the face already changed and does nothing.
        if (!(await showView(deps, client, view.id, await sendingView(deps, session), view.hash))) return;
        await sendAndShow(
          deps,
          client,
          view.id,
          teamId,
          sessionId,
          body.user.id,
          action.action_id === ActionIds.replyRetry ? 'send' : 'check',
        );
        return;
    }
  };
}
