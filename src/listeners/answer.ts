/**
 * How every listener answers after its ack: run the work, tell the user "working on it" if it is slow, and
 * turn a failure into words (the card or list the user clicked stays as it was). One response_url post per
 * outcome, plus at most one notice.
 */
import type { RespondFn } from '@slack/bolt';
import { buildErrorMessage, buildNotice } from '../blocks/errors.js';
import type { AppDeps } from '../deps.js';
import { InboxApiError } from '../inbox/errors.js';
import { describeInboxFailure } from '../services/failures.js';

export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

export interface Answer {
  message: SlackMessage;
  /** Replace the message the user interacted with (a card's list, the "working on it" notice). */
  replaceOriginal: boolean;
  /** Post to the channel instead of only to the user. */
  inChannel?: boolean;
}

export interface AnswerOptions {
  /** Send a "working on it" notice when the work is slow (commands); the answer then replaces it. */
  slowNotice: boolean;
}

export async function answer(
  deps: AppDeps,
  respond: RespondFn,
  work: () => Promise<Answer>,
  options: AnswerOptions,
): Promise<void> {
  let notice: Promise<unknown> | null = null;
  const timer = options.slowNotice
    ? setTimeout(() => {
        notice = respond({ ...buildNotice('⏳ Working on it… Inbox is slow to answer.'), response_type: 'ephemeral' });
      }, deps.settings.slowNoticeMs)
    : null;

  let result: Answer;
  let failure: unknown = null;
  try {
    result = await work();
  } catch (err) {
    failure = err;
    result = { message: buildErrorMessage(describeInboxFailure(err)), replaceOriginal: false };
  } finally {
    if (timer) clearTimeout(timer);
  }
  // The notice must land before the answer that replaces it.
  const noticeSent = notice !== null;
  if (notice) await Promise.resolve(notice).catch(() => undefined);

  const replace = result.replaceOriginal || (noticeSent && !result.inChannel);
  await respond({
    text: result.message.text,
    blocks: result.message.blocks as never,
    // A replacement keeps the visibility of the message it replaces.
    ...(replace ? { replace_original: true } : { response_type: result.inChannel ? 'in_channel' : 'ephemeral' }),
  });

  if (failure instanceof InboxApiError) {
    deps.logger.warn(`Inbox call failed (${failure.kind}, ${failure.endpoint}, status ${failure.status ?? 'none'})`);
  } else if (failure) {
    throw failure;
  }
}
