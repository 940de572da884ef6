/**
 * `/inbox dm`: lookup-or-create end to end. An existing conversation is reused; a new one is created only when
 * the message is sent; a 409 (someone created it meanwhile) is answered by looking up again, never by a second
 * create; with several accounts and no `account:`, the window asks which one.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../sandbox/demo-team.js';
import { SEED_ACCOUNT_LINKS, SEED_PROSPECTS, SEED_THREADS } from '../../sandbox/inbox-emulator/seed.js';
import { BlockIds, CallbackIds } from '../../src/blocks/ids.js';
import { type AppStack, CHANNEL, useAppStack } from '../support/app-stack.js';
import { face, review, send, sendRequests, typedText, waitForWindow, windowText } from '../support/reply-window.js';

const ALICE = DEMO_PEOPLE[0]?.slackUserId ?? '';
const JORDAN = SEED_PROSPECTS.jordan;
const SALES = SEED_ACCOUNT_LINKS.acmeSales;

const app = useAppStack({ runtime: { verifyDelaysMs: [50] } });

async function dm(text: string) {
  const ack = await app().command(ALICE, `dm ${text}`);
  expect(ack.status).toBe(200);
  return waitForWindow(app(), ALICE, (v) => v.callback_id === CallbackIds.replyCompose || windowText(v).includes('⚠️'));
}

const requests = (stack: AppStack, method: string, route: string) =>
  stack.inbox.controls.requests().filter((r) => r.method === method && r.route === route);

const jordanThreadOn = (accountLinkId: string) =>
  app()
    .inbox.controls.store.threads()
    .filter((t) => t.accountLinkId === accountLinkId && t.prospect.platformId === JORDAN.platformId);

describe('/inbox dm', () => {
  it('reuses the existing conversation on the account, with the typed text in the box', async () => {
    const compose = await dm('@jordanrivera account:@acmehq "Hi Jordan, following up"');
    expect(windowText(compose.view)).toContain('Latest messages');
    expect(typedText(compose.view)).toBe('Hi Jordan, following up');
    await review(app(), ALICE, compose.id, 'Hi Jordan, following up');
    await send(app(), ALICE, (await waitForWindow(app(), ALICE, face(CallbackIds.replyConfirm))).id);
    expect(app().inbox.controls.store.messages(SEED_THREADS.jordanNoReply)[0]?.content).toBe('Hi Jordan, following up');
    expect(requests(app(), 'POST', '/threads')).toHaveLength(0);
  });

  it('starts a new conversation only when the message is sent, by X user ID', async () => {
    expect(jordanThreadOn(SALES.id)).toHaveLength(0);
    const compose = await dm(`${JORDAN.platformId} account:@${SALES.username}`);
    expect(windowText(compose.view)).toContain('no conversation yet');
    expect(requests(app(), 'POST', '/threads')).toHaveLength(0);
    await review(app(), ALICE, compose.id, 'Hello from Acme Sales');
    const result = await send(app(), ALICE, (await waitForWindow(app(), ALICE, face(CallbackIds.replyConfirm))).id);
    expect(windowText(result.view)).toContain('Sent');
    const [thread] = jordanThreadOn(SALES.id);
    expect(thread?.lastMessage?.content).toBe('Hello from Acme Sales');
    expect(requests(app(), 'POST', '/threads')).toHaveLength(1);
  });

  it('finds the X user ID from a username that has a thread on another account', async () => {
    const compose = await dm(`x.com/jordanrivera account:@${SALES.username} "Hi"`);
    await review(app(), ALICE, compose.id, 'Hi');
    await send(app(), ALICE, (await waitForWindow(app(), ALICE, face(CallbackIds.replyConfirm))).id);
    expect(jordanThreadOn(SALES.id)).toHaveLength(1);
  });

  it('answers a 409 (created meanwhile) by looking up again: one thread, one message, one create', async () => {
    const compose = await dm(`${JORDAN.platformId} account:@${SALES.username}`);
    await review(app(), ALICE, compose.id, 'Race you');
    // Someone else creates the thread between our lookup and our create: the create stores nothing new and says 409.
    app().inbox.controls.failNext(
      1,
      { kind: 'status', status: 409, code: 'CONFLICT', message: 'A thread already exists', after: true },
      { method: 'POST', path: '/threads' },
    );
    const result = await send(app(), ALICE, (await waitForWindow(app(), ALICE, face(CallbackIds.replyConfirm))).id);
    expect(windowText(result.view)).toContain('Sent');
    const threads = jordanThreadOn(SALES.id);
    expect(threads).toHaveLength(1);
    expect(
      app()
        .inbox.controls.store.messages(threads[0]?.id ?? '')
        .map((m) => m.content),
    ).toEqual(['Race you']);
    expect(requests(app(), 'POST', '/threads')).toHaveLength(1);
    expect(requests(app(), 'GET', '/threads/lookup').length).toBeGreaterThanOrEqual(2);
  });

  it('offers the accounts when several are connected and none is given, and sends from the one picked', async () => {
    const compose = await dm(`${JORDAN.platformId} "Which account?"`);
    const picker = (compose.view.blocks as Array<{ block_id?: string; element?: { options?: unknown[] } }>).find(
      (b) => b.block_id === BlockIds.replyAccount,
    );
    expect(picker?.element?.options).toHaveLength(3);
    const unpicked = await review(app(), ALICE, compose.id, 'Which account?');
    expect(unpicked.errors?.[BlockIds.replyAccount]).toBe('Pick the account to send from.');

    await review(app(), ALICE, compose.id, 'Which account?', SALES.id);
    const confirm = await waitForWindow(app(), ALICE, face(CallbackIds.replyConfirm));
    expect(windowText(confirm.view)).toContain(`@${SALES.username}`);
    await send(app(), ALICE, confirm.id);
    expect(jordanThreadOn(SALES.id)[0]?.lastMessage?.content).toBe('Which account?');
    expect(sendRequests(app())).toHaveLength(1);
  });

  it('reuses the existing thread when the picked account already has one', async () => {
    const compose = await dm(`${JORDAN.platformId}`);
    await review(app(), ALICE, compose.id, 'Back on acmehq', SEED_ACCOUNT_LINKS.acmehq.id);
    await send(app(), ALICE, (await waitForWindow(app(), ALICE, face(CallbackIds.replyConfirm))).id);
    expect(app().inbox.controls.store.messages(SEED_THREADS.jordanNoReply)[0]?.content).toBe('Back on acmehq');
    expect(requests(app(), 'POST', '/threads')).toHaveLength(0);
  });

  it('explains a username with no conversation anywhere, and keeps the typed text', async () => {
    const window = await dm('@nobody_here "Do not lose me"');
    expect(windowText(window.view)).toContain('numeric X user ID');
    expect(windowText(window.view)).toContain('Do not lose me');
  });

  it('names the accounts when account: is not one of them', async () => {
    const window = await dm('@jordanrivera account:@nope');
    expect(windowText(window.view)).toContain('@acmehq');
  });

  it('asks for quotes around the message instead of guessing', async () => {
    await app().command(ALICE, 'dm @jordanrivera hello there');
    const answer = await app().waitForMessage(ALICE, (m) => m.text.includes('quotes'), CHANNEL, 20_000);
    expect(answer.text).toContain('/inbox dm');
  });
});
