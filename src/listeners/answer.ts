/**
 * How every listener answers after its ack: run the work, tell the user "working on it" if it is really slow (or
 * "queued behind N requests" when the team's Inbox quota makes it wait), and turn a failure into words. One
 * response_url post per outcome, plus at most one notice and one follow-up.
 *
 * The notice: Slack does not let a slash command's response_url replace or delete an earlier response
 * (bolt-js#2287), so a notice, once sent, stays above the answer for good. It is therefore sent only when the
 * answer is really slow (3 s by default: answers take a few tens of ms when Inbox is healthy, see
 * docs/performance.md), and it is written so that the answer reads as its natural follow-up ("…will appear just
 * below").
 *
 * The work runs in the app's bounded answer queue (deps.answers), not in the listener: the listener returns
 * right after its ack, and at most `concurrency` answers are being worked on at once, each starting on a fresh
 * event-loop turn, so new requests are accepted and acked between them.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { RespondFn } from '@slack/bolt';
import PQueue from 'p-queue';
import { buildErrorMessage, buildNotice } from '../blocks/errors.js';
import type { AppDeps } from '../deps.js';
import { InboxApiError } from '../inbox/errors.js';
import type { CallOptions, QueuedInfo } from '../inbox/index.js';
import { NotAllowedError } from '../services/access.js';
import { describeInboxFailure, describeSlackFailure } from '../services/failures.js';

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

/** The bounded queue answers run in (p-queue): one per app, given to the listeners as `deps.answers`. */
export function createAnswerQueue(concurrency = 256): PQueue {
  return new PQueue({ concurrency });
}

/** The words of the interim update for a request waiting in the team's Inbox quota queue. */
export function queuedNoticeText(info: QueuedInfo): string {
  const seconds = Math.ceil(info.estimatedWaitMs / 1000);
  const eta = seconds > 0 ? ` in about ${seconds} s` : ' shortly';
  return `⏳ Queued behind ${info.ahead} request${info.ahead === 1 ? '' : 's'} to Inbox (your team shares one Inbox quota). Your answer will appear${eta}.`;
}

/**
 * Acked; now answer. Returns once the work is queued (tests without a queue: once it is done). `work` receives
 * the options to pass to its Inbox calls (the interim "queued" update is wired into them).
 */
export async function answer(
  deps: AppDeps,
  respond: RespondFn,
  work: (call: CallOptions) => Promise<Answer>,
  options: AnswerOptions,
): Promise<void> {
  const queue = deps.answers;
  if (!queue) return answerNow(deps, respond, work, options);
  queue
    .add(async () => {
      await (deps.acksFirst?.() ?? nextTurn()); // requests waiting for their ack go first
      await answerNow(deps, respond, work, options);
    })
    .catch((err: unknown) => deps.logger.error(`Unhandled error in a listener: ${describeSlackFailure(err)}`));
}

async function answerNow(
  deps: AppDeps,
  respond: RespondFn,
  work: (call: CallOptions) => Promise<Answer>,
  options: AnswerOptions,
): Promise<void> {
  let notice: Promise<unknown> | null = null;
  const say = (text: string) => {
    if (notice) return;
    notice = respond({ ...buildNotice(text), response_type: 'ephemeral', replace_original: false });
  };
  const timer = options.slowNotice
    ? setTimeout(
        () => say('⏳ Working on it… Inbox is slow to answer right now; your answer will appear just below.'),
        deps.settings.slowNoticeMs,
      )
    : null;
  // A user told "queued" waits for the quota (up to two windows) rather than getting "try again later".
  const call: CallOptions = { onQueued: (info) => say(queuedNoticeText(info)), queueDeadlineMs: 120_000 };

  let result: Answer;
  let failure: unknown = null;
  try {
    result = await work(call);
    await (deps.acksFirst?.() ?? nextTurn()); // rendered: acks waiting go before the answer is serialised and sent
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

  if (failure instanceof NotAllowedError) {
    deps.logger.info(`Refused: a user who is not an Inbox member tried to ${failure.access}`);
  } else if (failure instanceof InboxApiError) {
    deps.logger.warn(`Inbox call failed (${failure.kind}, ${failure.endpoint}, status ${failure.status ?? 'none'})`);
  } else if (failure) {
    throw failure;
  }
}
