/**
 * What the reply listeners share: opening the window at once (a trigger dies after 3 s) and filling it when
 * Inbox answers, drawing each face from a session, and — after a send — redrawing the card the reply started
 * from with "Replied by @rep" (plus a line in the Slack thread under a card in a channel).
 */
import type { AllMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { escapeMrkdwn } from '../blocks/escape.js';
import { replaceThreadCard } from '../blocks/ids.js';
import {
  buildReplyCompose,
  buildReplyConfirm,
  buildReplyError,
  buildReplyLoading,
  buildReplyResult,
  buildReplySending,
  type ReplyResult,
  replyParties,
} from '../blocks/reply-modal.js';
import { buildThreadCard, cardVariantIn } from '../blocks/thread-card.js';
import type { AppDeps } from '../deps.js';
import type { Thread } from '../inbox/schemas.js';
import { describeInboxFailure, describeSlackFailure } from '../services/failures.js';
import type { OpenFailure, OpenOutcome, ReplyContext, ReplySession, SendOutcome } from '../services/reply.js';

type Client = AllMiddlewareArgs['client'];

const NOT_LINKED =
  'Only Inbox members can send messages from Slack, and your Slack account is not linked to one (no Inbox member has your Slack email). Ask an admin to add you to MEMBER_MAP.';

export function describeOpenFailure(failure: OpenFailure): string {
  switch (failure.reason) {
    case 'not_linked':
      return NOT_LINKED;
    case 'no_accounts':
      return 'No X account is connected to Inbox yet, so there is nothing to send from.';
    case 'unknown_account':
      return `No connected X account is called that. Accounts: ${failure.valid.map((u) => `@${escapeMrkdwn(u)}`).join(', ') || 'none'}.`;
    case 'no_thread_for_username':
      return `No conversation with @${escapeMrkdwn(failure.username)} exists on any connected account, and Inbox can start one only from the numeric X user ID. Use \`/inbox dm <X user ID>\` (it is in the profile's x.com/i/user/… link).`;
  }
}

/**
 * Opens a loading window with the trigger, then replaces it with what `load` returns (or the failure in words).
 * Returns false when Slack refused to open a window (the caller tells the user elsewhere).
 */
export async function openWindow(
  deps: AppDeps,
  client: Client,
  triggerId: string,
  load: () => Promise<ModalView>,
  draft = '',
): Promise<{ opened: true } | { opened: false; words: string }> {
  let viewId: string | undefined;
  try {
    viewId = (await client.views.open({ trigger_id: triggerId, view: buildReplyLoading() })).view?.id;
  } catch (err) {
    const words = describeSlackFailure(err);
    deps.logger.warn(`Could not open the reply window: ${words}`);
    return { opened: false, words };
  }
  if (!viewId) return { opened: true };
  let view: ModalView;
  try {
    view = await load();
  } catch (err) {
    view = buildReplyError(describeInboxFailure(err), draft);
    deps.logger.warn(`Reply window: ${describeInboxFailure(err)}`);
  }
  await showView(deps, client, viewId, view);
  return { opened: true };
}

/**
 * Replaces the window's face. With `hash` (the view as the user saw it), a second click on a stale face loses
 * the race (hash_conflict) instead of acting twice. False when Slack refused.
 */
export async function showView(
  deps: AppDeps,
  client: Client,
  viewId: string,
  view: ModalView,
  hash?: string,
): Promise<boolean> {
  try {
    await client.views.update({ view_id: viewId, view, ...(hash ? { hash } : {}) });
    return true;
  } catch (err) {
    deps.logger.warn(`Could not update the reply window: ${describeSlackFailure(err)}`);
    return false;
  }
}

/** The compose face for an opened reply (or the refusal). */
export function composeFor(outcome: OpenOutcome, draft = ''): ModalView {
  if (!outcome.ok) return buildReplyError(describeOpenFailure(outcome), draft);
  return composeView(outcome);
}

export function composeView(ctx: ReplyContext, problem: string | null = null): ModalView {
  const { session, thread, messages, directory } = ctx;
  return buildReplyCompose({
    sessionId: session.id,
    parties: replyParties(session, directory),
    thread,
    messages,
    directory,
    text: session.text,
    problem: problem === null ? null : problem,
  });
}

export async function confirmView(deps: AppDeps, session: ReplySession): Promise<ModalView> {
  const directory = await deps.threads.directory();
  return buildReplyConfirm({ sessionId: session.id, parties: replyParties(session, directory), text: session.text });
}

export async function sendingView(deps: AppDeps, session: ReplySession): Promise<ModalView> {
  const directory = await deps.threads.directory();
  return buildReplySending({ sessionId: session.id, parties: replyParties(session, directory), text: session.text });
}

/** The face that tells the outcome of a send or a check. A refusal goes back to compose, text kept. */
export async function outcomeView(deps: AppDeps, outcome: SendOutcome, sessionId: string): Promise<ModalView> {
  if (outcome.kind === 'gone') {
    return buildReplyResult({
      sessionId,
      parties: {
        prospect: { name: '', username: '', platformId: null },
        account: null,
        choices: [],
        startsThread: false,
      },
      text: '',
      result: { kind: 'gone' },
    });
  }
  const { session } = outcome;
  if (outcome.kind === 'rejected') {
    const ctx = await deps.reply.context(session).catch(async () => ({
      session,
      thread: null,
      messages: [],
      directory: await deps.threads.directory(),
    }));
    return composeView(ctx, escapeMrkdwn(outcome.why));
  }
  const directory = await deps.threads.directory();
  const result: ReplyResult =
    outcome.kind === 'sent'
      ? { kind: 'sent', checked: outcome.checked }
      : outcome.kind === 'not_sent'
        ? { kind: 'not_sent', why: escapeMrkdwn(outcome.why), checked: outcome.checked }
        : outcome.kind === 'unknown'
          ? { kind: 'unknown', why: escapeMrkdwn(outcome.why) }
          : { kind: 'busy', state: session.state };
  return buildReplyResult({
    sessionId: session.id,
    parties: replyParties(session, directory),
    text: session.text,
    result,
  });
}

/** POSTs to a response_url (ephemeral cards can only be changed through it), with a time limit. */
async function postResponseUrl(url: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`the response_url answered HTTP ${response.status}`);
}

/** After a send: the card leaves "awaiting reply" and says who replied; a card in a channel gets a thread line. */
export async function redrawCardAfterReply(
  deps: AppDeps,
  client: Client,
  session: ReplySession,
  thread: Thread | null,
): Promise<void> {
  const card = session.card;
  if (!card || !thread) return;
  const note = `↩️ Replied by <@${session.userId}>`;
  try {
    const directory = await deps.threads.directory();
    const ctx = { directory, now: deps.clock(), inboxAppUrl: deps.settings.inboxAppUrl };
    const blocks = card.blocks as Parameters<typeof replaceThreadCard>[0];
    const fresh = buildThreadCard(thread, ctx, { variant: cardVariantIn(blocks, thread.id), note });
    const redrawn = replaceThreadCard(blocks, thread.id, fresh);
    if (card.responseUrl) {
      await postResponseUrl(card.responseUrl, { replace_original: true, text: card.text || note, blocks: redrawn });
    } else if (card.channelId && card.messageTs && !card.ephemeral) {
      await client.chat.update({
        channel: card.channelId,
        ts: card.messageTs,
        text: card.text || note,
        blocks: redrawn as never,
      });
    }
  } catch (err) {
    deps.logger.warn(
      `Sent, but could not redraw the card: ${err instanceof Error ? err.message : describeSlackFailure(err)}`,
    );
  }
  if (card.channelId && card.messageTs && !card.ephemeral) {
    const who = thread.prospect.username ? ` to @${escapeMrkdwn(thread.prospect.username)}` : '';
    try {
      await client.chat.postMessage({
        channel: card.channelId,
        thread_ts: card.messageTs,
        text: `↩️ Replied${who} by <@${session.userId}>`,
      });
    } catch (err) {
      deps.logger.warn(`Sent, but could not post the reply line in the Slack thread: ${describeSlackFailure(err)}`);
    }
  }
}

/** The sending face now, then the outcome (and the card) once Inbox has answered. */
export async function sendAndShow(
  deps: AppDeps,
  client: Client,
  viewId: string,
  teamId: string,
  sessionId: string,
  userId: string,
  run: 'send' | 'check',
): Promise<void> {
  const outcome =
    run === 'send'
      ? await deps.reply.send(teamId, sessionId, userId)
      : await deps.reply.check(teamId, sessionId, userId);
  if (outcome.kind === 'sent') {
    deps.logger.info(`Reply sent (thread ${outcome.message.threadId}, message ${outcome.message.id})`);
  } else if (outcome.kind !== 'busy' && outcome.kind !== 'gone') {
    deps.logger.warn(`Reply ${outcome.kind}: ${outcome.why}`);
  }
  await showView(deps, client, viewId, await outcomeView(deps, outcome, sessionId));
  if (outcome.kind === 'sent') {
    await redrawCardAfterReply(deps, client, outcome.session, outcome.thread);
    // The thread left "awaiting reply": Homes that list it (the sender's, the assignee's) are redrawn.
    deps.home.refreshSoon(teamId, userId);
    deps.home.threadsChanged([outcome.thread?.assigneeId ?? null]);
  }
}
