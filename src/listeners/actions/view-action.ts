/**
 * "View": open a modal at once (the trigger_id dies after 3 s), then fill it with the thread and its latest
 * messages when Inbox answers — or with the failure in words.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildErrorMessage } from '../../blocks/errors.js';
import { buildErrorModal, buildLoadingModal, buildThreadModal } from '../../blocks/thread-modal.js';
import type { AppDeps } from '../../deps.js';
import { InboxApiError } from '../../inbox/errors.js';
import { NotAllowedError } from '../../services/access.js';
import { describeInboxFailure, describeSlackFailure } from '../../services/failures.js';

export async function openThreadModal(
  deps: AppDeps,
  { body, client, respond }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
  threadId: string,
): Promise<void> {
  let opened: Awaited<ReturnType<typeof client.views.open>>;
  try {
    opened = await client.views.open({ trigger_id: body.trigger_id, view: buildLoadingModal() });
  } catch (err) {
    // No window to show the failure in (an expired trigger, a rate limit past the retries): say it in the channel.
    const words = describeSlackFailure(err);
    deps.logger.warn(`Could not open the thread window: ${words}`);
    if (body.response_url) {
      await respond({
        ...buildErrorMessage(`Could not open the thread: ${words}.`),
        response_type: 'ephemeral',
        replace_original: false,
      });
    }
    return;
  }
  const viewId = opened.view?.id;
  if (!viewId) return;
  let view: ReturnType<typeof buildThreadModal>;
  try {
    const { thread, messages, directory } = await deps.threads.view(threadId, body.user.id);
    view = buildThreadModal({ thread, messages, directory, now: deps.clock(), inboxAppUrl: deps.settings.inboxAppUrl });
  } catch (err) {
    if (!(err instanceof InboxApiError) && !(err instanceof NotAllowedError)) throw err;
    view = buildErrorModal(describeInboxFailure(err));
  }
  await client.views.update({ view_id: viewId, view });
}
