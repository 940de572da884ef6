/**
 * Reply end to end: the card's Reply button, the reply window in the Slack emulator, one POST to the Inbox
 * emulator. Every uncertain outcome (a hang, a reset or a 500, before or after Inbox stored the message) ends
 * with exactly one copy in Inbox and a true answer; the typed text survives every error.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_DIGEST_CHANNEL, DEMO_PEOPLE } from '../../sandbox/demo-team.js';
import type { Fault } from '../../sandbox/inbox-emulator/index.js';
import { SEED_THREADS } from '../../sandbox/inbox-emulator/seed.js';
import { ActionIds, BlockIds, CallbackIds } from '../../src/blocks/ids.js';
import { CHANNEL, messageText, useAppStack } from '../support/app-stack.js';
import {
  face,
  openReplyFromCard,
  review,
  SEND_PATH,
  send,
  sendRequests,
  storedCopies,
  typedText,
  waitForWindow,
  windowText,
} from '../support/reply-window.js';

const ALICE = DEMO_PEOPLE[0]?.slackUserId ?? '';
const FRANK = 'U0FRANK006';
const THREAD = SEED_THREADS.jordanNoReply;

const app = useAppStack({
  // Frank (no seat) may read, so he has a card whose Reply button he can press.
  config: (c) => ({ ...c, readPolicy: 'anyone' }),
  inboxTimeouts: { timeoutMs: 700, deadlineMs: 1_500 },
  runtime: { verifyDelaysMs: [50, 50] },
});

/** Opens the window from a fresh card, types `text`, reviews: the confirm face. */
async function toConfirm(text: string, userId = ALICE) {
  const card = await app().postCard(userId, THREAD);
  const compose = await openReplyFromCard(app(), userId, card, THREAD);
  expect(compose.view.callback_id).toBe(CallbackIds.replyCompose);
  const ack = await review(app(), userId, compose.id, text);
  expect(ack.errors).toBeUndefined();
  const confirm = await waitForWindow(app(), userId, face(CallbackIds.replyConfirm));
  return { card, confirm };
}

const onSend = (fault: Fault, count = 1) =>
  app().inbox.controls.failNext(count, fault, { method: 'POST', path: SEND_PATH });

describe('Reply from a card', () => {
  it('shows the latest messages and the account, asks once, sends once, and redraws the card', async () => {
    const text = 'Thanks Jordan! Tuesday at 10 works — I will send an invite.';
    const card = await app().postCard(ALICE, THREAD);
    const compose = await openReplyFromCard(app(), ALICE, card, THREAD);
    const shown = windowText(compose.view);
    expect(shown).toContain('Latest messages');
    expect(shown).toContain('<https://x.com/acmehq|@acmehq>');
    expect(shown).toContain('Jordan Rivera');

    await review(app(), ALICE, compose.id, text);
    const confirm = await waitForWindow(app(), ALICE, face(CallbackIds.replyConfirm));
    expect(windowText(confirm.view)).toContain('Send this message?');
    expect(windowText(confirm.view)).toContain(text);
    expect(sendRequests(app())).toHaveLength(0);

    const result = await send(app(), ALICE, confirm.id);
    expect(windowText(result.view)).toContain('Sent');
    expect(storedCopies(app(), THREAD, text)).toHaveLength(1);
    expect(sendRequests(app()).map((r) => r.requestBody)).toEqual([{ content: text }]);

    const redrawn = await app().waitForMessage(
      ALICE,
      (m) => m.ts === card.ts && m.revision > card.revision,
      CHANNEL,
      20_000,
    );
    expect(messageText(redrawn)).toContain(`Replied by <@${ALICE}>`);
    // The thread left "awaiting reply": the card's age line now says we replied.
    expect(messageText(redrawn)).toContain('replied');
    expect(app().inbox.controls.store.thread(THREAD)?.lastMessage?.content).toBe(text);
  });

  it('sends once when Send is pressed twice at the same time', async () => {
    const text = 'Only once, please.';
    const { confirm } = await toConfirm(text);
    app().inbox.controls.setLatency(150);
    const both = await Promise.all([
      app().slack.submitView({ userId: ALICE, viewId: confirm.id }),
      app().slack.submitView({ userId: ALICE, viewId: confirm.id }),
    ]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    await waitForWindow(app(), ALICE, face(CallbackIds.replyResult, 'Sent'));
    expect(storedCopies(app(), THREAD, text)).toHaveLength(1);
    expect(sendRequests(app())).toHaveLength(1);
  });

  it('refuses a Slack user with no Inbox seat, in words, before any text is typed', async () => {
    const card = await app().postCard(FRANK, THREAD);
    const window = await openReplyFromCard(app(), FRANK, card, THREAD);
    expect(windowText(window.view)).toContain('Only Inbox members can send');
    expect(sendRequests(app())).toHaveLength(0);
  });

  it('posts a line in the Slack thread under a card in the channel', async () => {
    const text = 'Replying from the channel card.';
    // An in-channel card: the digest posts one for every no-reply thread.
    await app().command(ALICE, 'digest post');
    const digest = await app().slack.waitFor(
      () =>
        app()
          .slack.messages(DEMO_DIGEST_CHANNEL)
          .find((m) => !m.ephemeralTo && m.blocks.some((b) => String(b.block_id).endsWith(':actions'))),
      20_000,
    );
    const actions = String(digest.blocks.find((b) => String(b.block_id).endsWith(':actions'))?.block_id);
    const threadId = actions.split(':')[1] as string;
    await app().slack.clickAction({ userId: ALICE, messageTs: digest.ts, actionId: ActionIds.reply, blockId: actions });
    const compose = await waitForWindow(app(), ALICE, face(CallbackIds.replyCompose));
    await review(app(), ALICE, compose.id, text);
    await send(app(), ALICE, (await waitForWindow(app(), ALICE, face(CallbackIds.replyConfirm))).id);
    const line = await app().slack.waitFor(
      () =>
        app()
          .slack.messages(digest.channel)
          .find((m) => m.thread_ts === digest.ts),
      20_000,
    );
    expect(line.text).toContain(`by <@${ALICE}>`);
    const redrawn = await app().waitForMessage(
      ALICE,
      (m) => m.ts === digest.ts && m.revision > digest.revision,
      DEMO_DIGEST_CHANNEL,
      20_000,
    );
    expect(messageText(redrawn)).toContain(`Replied by <@${ALICE}>`);
    expect(storedCopies(app(), threadId, text)).toHaveLength(1);
  });
});

describe('Uncertain outcomes: never sent twice, always told the truth', () => {
  const cases: Array<{ name: string; fault: Fault }> = [
    { name: 'a hang', fault: { kind: 'hang' } },
    { name: 'a connection reset', fault: { kind: 'drop' } },
    { name: 'a 500', fault: { kind: 'status', status: 500 } },
  ];

  for (const { name, fault } of cases) {
    it(`${name} AFTER Inbox stored it: the app looks, finds it and says "Sent"`, async () => {
      const text = `After ${name}: see you Tuesday.`;
      const { confirm } = await toConfirm(text);
      onSend({ ...fault, after: true });
      const result = await send(app(), ALICE, confirm.id);
      expect(windowText(result.view)).toContain('Sent');
      expect(windowText(result.view)).toContain('the app looked');
      expect(storedCopies(app(), THREAD, text)).toHaveLength(1);
      expect(sendRequests(app())).toHaveLength(1);
    });

    it(`${name} BEFORE Inbox stored it: "Not sent", and Send it again (a new click) sends it once`, async () => {
      const text = `Before ${name}: see you Tuesday.`;
      const { confirm } = await toConfirm(text);
      onSend(fault);
      const result = await send(app(), ALICE, confirm.id);
      expect(windowText(result.view)).toContain('Not sent');
      expect(windowText(result.view)).toContain('the message is not there');
      expect(windowText(result.view)).toContain(text);
      expect(storedCopies(app(), THREAD, text)).toHaveLength(0);
      expect(sendRequests(app())).toHaveLength(1);

      await app().slack.clickAction({ userId: ALICE, viewId: result.id, actionId: ActionIds.replyRetry });
      const again = await waitForWindow(app(), ALICE, face(CallbackIds.replyResult, 'Sent'));
      expect(windowText(again.view)).not.toContain('Not sent');
      expect(storedCopies(app(), THREAD, text)).toHaveLength(1);
      expect(sendRequests(app())).toHaveLength(2);
    });
  }

  it('says "not known yet" when the conversation cannot be read either, and Check again finds the message', async () => {
    const text = 'Unknown outcome, then checked.';
    const { confirm } = await toConfirm(text);
    // The send is stored but its answer never comes; while the app waits, reading the conversation starts failing.
    onSend({ kind: 'hang', after: true });
    const sending = send(app(), ALICE, confirm.id);
    await app().slack.waitFor(() => (sendRequests(app()).length === 1 ? true : undefined));
    app().inbox.controls.failNext(50, { kind: 'status', status: 503 }, { method: 'GET', path: SEND_PATH });
    const result = await sending;
    expect(windowText(result.view)).toContain('Not known yet');
    expect(JSON.stringify(result.view.blocks)).not.toContain(ActionIds.replyRetry);
    expect(storedCopies(app(), THREAD, text)).toHaveLength(1);

    app().inbox.controls.clearFaults();
    await app().slack.clickAction({ userId: ALICE, viewId: result.id, actionId: ActionIds.replyCheck });
    const checked = await waitForWindow(app(), ALICE, face(CallbackIds.replyResult, 'Sent'));
    expect(windowText(checked.view)).toContain('the app looked');
    expect(storedCopies(app(), THREAD, text)).toHaveLength(1);
    expect(sendRequests(app())).toHaveLength(1);
  });
});

describe('The typed text survives every error', () => {
  it('shows Inbox refusing the send (a 4xx with its message) in words, with the text still in the box', async () => {
    const text = 'Text that must not be lost <3 & more';
    const { confirm } = await toConfirm(text);
    onSend({ kind: 'status', status: 403, code: 'ACCOUNT_PAUSED', message: 'The account @acmehq is paused.' });
    await app().slack.submitView({ userId: ALICE, viewId: confirm.id });
    const back = await waitForWindow(app(), ALICE, face(CallbackIds.replyCompose, 'paused'));
    expect(windowText(back.view)).toContain('Inbox refused the message (403): The account @acmehq is paused.');
    expect(typedText(back.view)).toBe(text);
    expect(storedCopies(app(), THREAD, text)).toHaveLength(0);

    // Fixed in Inbox; Review and Send again.
    await review(app(), ALICE, back.id, text);
    const confirmAgain = await waitForWindow(app(), ALICE, face(CallbackIds.replyConfirm));
    await send(app(), ALICE, confirmAgain.id);
    expect(storedCopies(app(), THREAD, text)).toHaveLength(1);
  });

  it('says the text is too long or empty on the field (response_action errors) without sending', async () => {
    const card = await app().postCard(ALICE, THREAD);
    const compose = await openReplyFromCard(app(), ALICE, card, THREAD);
    const long = await review(app(), ALICE, compose.id, 'x'.repeat(3_001));
    expect(long.errors?.[BlockIds.replyText]).toContain('3,000 characters');
    expect(long.errors?.[BlockIds.replyText]).toContain('Shorten it by 1');
    const empty = await review(app(), ALICE, compose.id, '   ');
    expect(empty.errors?.[BlockIds.replyText]).toBe('Write a message first.');
    expect(sendRequests(app())).toHaveLength(0);
  });

  it('brings the text back to the box from the confirmation (Edit) and after "Not sent"', async () => {
    const text = 'Edit me before sending.';
    const { confirm } = await toConfirm(text);
    await app().slack.clickAction({ userId: ALICE, viewId: confirm.id, actionId: ActionIds.replyEdit });
    const edited = await waitForWindow(app(), ALICE, face(CallbackIds.replyCompose));
    expect(typedText(edited.view)).toBe(text);

    await review(app(), ALICE, edited.id, text);
    onSend({ kind: 'drop' });
    const failed = await send(app(), ALICE, (await waitForWindow(app(), ALICE, face(CallbackIds.replyConfirm))).id);
    expect(windowText(failed.view)).toContain('Not sent');
    await app().slack.clickAction({ userId: ALICE, viewId: failed.id, actionId: ActionIds.replyEdit });
    expect(typedText((await waitForWindow(app(), ALICE, face(CallbackIds.replyCompose))).view)).toBe(text);
  });

  it('keeps the window usable when Inbox is down as it opens: the failure is said in words', async () => {
    const card = await app().postCard(ALICE, THREAD);
    app().inbox.controls.failNext(20, { kind: 'status', status: 503 }, { method: 'GET' });
    const window = await openReplyFromCard(app(), ALICE, card, THREAD);
    expect(windowText(window.view)).toContain('Inbox is not answering properly');
    expect(
      app()
        .slack.messages(CHANNEL, ALICE)
        .some((m) => m.source === 'slackbot'),
    ).toBe(false);
  });
});
