/**
 * How every listener answers after its ack: run the work, tell the user "working on it" if it is slow, and
 * turn a failure into words (the card or list the user clicked stays as it was). One response_url post per
 * outcome, plus at most one notice. Slack does not let a slash command's response_url replace an earlier
 * response (bolt-js#2287), so the notice stays and says the answer follows below it.
 */
import type { RespondFn } from '@slack/bolt';
import { buildErrorMessage, buildNotice } from '../blocks/errors.js';
import type { AppDeps } from '../deps.js';
import { InboxApiError } from '../inbox/errors.js';
import { NotAllowedError } from '../services/access.js';
import { describeInboxFailure } from '../services/failures.js';

export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

export interface Answer {
  message: SlackMessage;
  /** Replace the message the user interacted with (a card's list, the "working on it" notice). */
  replaceOriginal: boolean;
}

export interface AnswerOptions {
  /** Send a "working on it" notice when the work is slow (commands); the answer follows as its own message. */
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
        notice = respond({
          ...buildNotice('⏳ Working on it… Inbox is slow to answer; the result will appear below.'),
          response_type: 'ephemeral',
        });
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
  // The notice must land before the answer that follows it.
  if (notice) await Promise.resolve(notice).catch(() => undefined);

  await respond({
    text: result.message.text,
    blocks: result.message.blocks as never,
    // A replacement keeps the visibility of the message it replaces; anything new is for the user only.
    ...(result.replaceOriginal ? { replace_original: true } : { response_type: 'ephemeral', replace_original: false }),
  });

  if (failure instanceof NotAllowedError) {
    deps.logger.info(`Refused: a user who is not an Inbox member tried to ${failure.access}`);
  } else if (failure instanceof InboxApiError) {
    deps.logger.warn(`Inbox call failed (${failure.kind}, ${failure.endpoint}, status ${failure.status ?? 'none'})`);
  } else if (failure) {
    throw failure;
  }
}
