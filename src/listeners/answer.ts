/**
 * How every listener answers after its ack: run the work, tell the user "still waiting" if it is really slow, and
 * turn a failure into words (the card or list the user clicked stays as it was). One response_url post per
 * outcome, plus at most one notice and one follow-up.
 *
 * The notice: Slack does not let a slash command's response_url replace or delete an earlier response
 * (bolt-js#2287), so a notice, once sent, stays above the answer for good. It is therefore sent only when the
 * answer is really slow (3 s by default: answers take about 25 ms when Inbox is healthy, see docs/performance.md),
 * and it is written so that the answer reads as its natural follow-up ("…the answer will appear below").
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
  /** A second, ephemeral message for the user only (e.g. why a click on a shared card was refused). */
  followUp?: SlackMessage;
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
          ...buildNotice('⏳ Working on it… Inbox is slow to answer right now; your answer will appear just below.'),
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

  if (result.followUp) {
    await respond({
      text: result.followUp.text,
      blocks: result.followUp.blocks as never,
      response_type: 'ephemeral',
      replace_original: false,
    });
  }

  if (failure instanceof InboxApiError) {
    deps.logger.warn(`Inbox call failed (${failure.kind}, ${failure.endpoint}, status ${failure.status ?? 'none'})`);
  } else if (failure) {
    throw failure;
  }
}
