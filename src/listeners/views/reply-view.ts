/**
 * The reply window's submissions. "Review" (compose) checks the text and answers with the confirmation face in
 * the ack itself (response_action: update), or with the problem on the field (response_action: errors) — the
 * typed text stays in the box either way. "Send" (confirm) answers at once with a "Sending…" face, sends once,
 * then shows the outcome.
 */
import type { AllMiddlewareArgs, Middleware, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { BlockIds, InputIds } from '../../blocks/ids.js';
import { REPLY_MAX_CHARS } from '../../blocks/reply-modal.js';
import type { AppDeps } from '../../deps.js';
import { draftProblem, isReplySessionId } from '../../services/reply.js';
import { confirmView, outcomeView, sendAndShow, sendingView } from '../reply-window.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

interface StateValue {
  value?: string | null;
  selected_option?: { value?: string } | null;
}

function stateValue(view: ViewSubmitAction['view'], blockId: string, actionId: string): StateValue | undefined {
  const values = view.state?.values as Record<string, Record<string, StateValue>> | undefined;
  return values?.[blockId]?.[actionId];
}

function teamOf(body: ViewSubmitAction): string {
  return body.team?.id ?? body.user.team_id ?? '';
}

export function replyComposeSubmission(deps: AppDeps): Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>> {
  return async (args) => {
    const { ack, body, view } = args as Args;
    const sessionId = view.private_metadata;
    const text = stateValue(view, BlockIds.replyText, InputIds.replyText)?.value ?? '';
    const problem = draftProblem(text, REPLY_MAX_CHARS);
    if (problem) {
      await ack({ response_action: 'errors', errors: { [BlockIds.replyText]: problem } });
      return;
    }
    if (!isReplySessionId(sessionId)) {
      await ack({ response_action: 'update', view: await outcomeView(deps, { kind: 'gone' }, '') });
      return;
    }
    const picked = stateValue(view, BlockIds.replyAccount, InputIds.replyAccount)?.selected_option?.value ?? null;
    const hasPicker = view.blocks.some((b) => b.block_id === BlockIds.replyAccount);
    if (hasPicker && !picked) {
      await ack({ response_action: 'errors', errors: { [BlockIds.replyAccount]: 'Pick the account to send from.' } });
      return;
    }
    const session = await deps.reply.saveDraft(teamOf(body), sessionId, body.user.id, {
      text,
      accountLinkId: picked,
    });
    if (!session) {
      await ack({ response_action: 'update', view: await outcomeView(deps, { kind: 'gone' }, sessionId) });
      return;
    }
    await ack({ response_action: 'update', view: await confirmView(deps, session) });
  };
}

export function replyConfirmSubmission(deps: AppDeps): Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>> {
  return async (args) => {
    const { ack, body, view, client } = args as Args;
    const sessionId = view.private_metadata;
    const teamId = teamOf(body);
    const session = isReplySessionId(sessionId) ? await deps.reply.get(teamId, sessionId) : null;
    if (!session || session.userId !== body.user.id) {
      await ack({ response_action: 'update', view: await outcomeView(deps, { kind: 'gone' }, sessionId) });
      return;
    }
    // The window keeps its ID through an update, so the outcome can replace the "Sending…" face later.
    await ack({ response_action: 'update', view: await sendingView(deps, session) });
    await sendAndShow(deps, client, view.id, teamId, sessionId, body.user.id, 'send');
  };
}
