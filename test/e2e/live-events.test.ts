/**
 * Live events end to end, over real HTTP through both emulators: /inbox subscribe in a channel, the Inbox
 * emulator's signed webhooks into the app's POST /inbox/webhooks, cards and lines in the Slack emulator.
 * At-least-once delivery (twice, out of order, lost → backfilled), two replicas, own actions, DMs,
 * archived-then-back, Slack's `ratelimited`, a forged signature.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_INBOX_TOKEN, DEMO_PEOPLE } from '../../sandbox/demo-team.js';
import { inboxSignatureHeader } from '../../sandbox/inbox-emulator/index.js';
import { SEED_THREADS } from '../../sandbox/inbox-emulator/seed.js';
import type { StoredMessage } from '../../sandbox/slack-emulator/types.js';
import { ActionIds, threadBlockId } from '../../src/blocks/ids.js';
import { INBOX_WEBHOOK_PATH } from '../../src/events/index.js';
import { createMemoryLiveState, startRuntime } from '../../src/runtime.js';
import { CHANNEL, messageText, TEST_SECRETS, useAppStack } from '../support/app-stack.js';
import { callInbox } from '../support/inbox-emulator.js';

const liveState = createMemoryLiveState();
const stack = useAppStack({
  config: (c) => ({ ...c, events: { ...c.events, coalesceMs: 400 } }),
  live: { postIntervalMs: 20, reorderWindowMs: 300 },
  liveState,
});

// Subscriptions and cards live in the state store: forget them between tests, as the emulators are reset.
afterEach(async () => {
  await stack().runtime.live?.idle();
  liveState.clear();
});

const person = (handle: string) => {
  const p = DEMO_PEOPLE.find((x) => x.slackHandle === handle);
  if (!p?.memberId) throw new Error(handle);
  return p as typeof p & { memberId: string };
};
const alice = person('alice');
const bob = person('bob');
const dmOf = (slackUserId: string) => `D${slackUserId.slice(1)}`;

/** Cards the bot posted in the channel (not replies in a Slack thread) for the Inbox thread. */
const cardsOf = (threadId: string, channel = CHANNEL) =>
  stack()
    .slack.messages(channel)
    .filter((m) => !m.thread_ts && m.blocks.some((b) => b.block_id === threadBlockId(threadId, 'actions')));
const repliesTo = (ts: string, channel = CHANNEL) =>
  stack()
    .slack.messages(channel)
    .filter((m) => m.thread_ts === ts);
const calls = (method: string) =>
  stack()
    .slack.calls()
    .filter((c) => c.kind === 'api' && c.method === method);

async function subscribe(text = '', user = alice.slackUserId, channel = CHANNEL): Promise<StoredMessage> {
  const ack = await stack().command(user, `subscribe ${text}`.trim(), channel);
  expect(ack.status).toBe(200);
  return stack().waitForMessage(user, (m) => /live Inbox events|⚠️/.test(m.text), channel);
}

/** Waits until the emulator delivered everything and the app posted everything. */
async function settle(): Promise<void> {
  await stack().inbox.controls.webhooksIdle();
  await stack().runtime.live?.idle();
}

const waitCards = (threadId: string, n: number) =>
  stack().slack.waitFor(() => (cardsOf(threadId).length >= n ? cardsOf(threadId) : undefined), 8_000);

describe('subscribing from Slack', () => {
  it('subscribes the channel, joining a public channel it is not in', async () => {
    const answer = await subscribe('tag:"hot lead" events:replies,assigned', alice.slackUserId, 'C0RANDOM01');
    expect(messageText(answer)).toContain('now gets live Inbox events');
    expect(calls('conversations.join')).toHaveLength(1);
    const list = await stack().command(alice.slackUserId, 'subscriptions', 'C0RANDOM01');
    expect(list.status).toBe(200);
    const shown = await stack().waitForMessage(
      alice.slackUserId,
      (m) => /Live Inbox events in this/.test(m.text),
      'C0RANDOM01',
    );
    expect(messageText(shown)).toContain('tag:"hot lead"');
    // Remove it with its button: the list redraws empty.
    const button = shown.blocks.find((b) => String(b.block_id).startsWith('subscription:'));
    await stack().slack.clickAction({
      userId: alice.slackUserId,
      messageTs: shown.ts,
      actionId: ActionIds.subscriptionRemove,
      blockId: String(button?.block_id),
    });
    await stack().slack.waitFor(() =>
      /has no live Inbox subscriptions/.test(
        messageText(
          stack()
            .slack.messages('C0RANDOM01', alice.slackUserId)
            .find((m) => m.ts === shown.ts) ?? {},
        ),
      )
        ? true
        : undefined,
    );
    expect(await liveState.subscriptions.list(undefined, 'C0RANDOM01')).toEqual([]);
  });

  it('refuses someone without an Inbox seat, and explains a filter it does not know', async () => {
    const frank = DEMO_PEOPLE.find((p) => p.slackHandle === 'frank')?.slackUserId ?? '';
    const refused = await subscribe('', frank);
    expect(messageText(refused)).toContain('Only Inbox members');
    const unknown = await subscribe('tag:nosuchtag');
    expect(messageText(unknown)).toMatch(/nosuchtag/);
    expect(await liveState.subscriptions.list(undefined, CHANNEL)).toEqual([]);
  });
});

describe('cards in the channel', () => {
  it('posts one card on the first reply and updates it in place, with one line per change in its thread', async () => {
    await subscribe();
    const { controls } = stack().inbox;
    controls.prospectWrites(SEED_THREADS.rtl, 'First <!channel> question');
    const [card] = await waitCards(SEED_THREADS.rtl, 1);
    expect(messageText(card as StoredMessage)).toContain('&lt;!channel&gt;');
    await settle();
    await new Promise((r) => setTimeout(r, 450)); // past the coalescing window
    controls.prospectWrites(SEED_THREADS.rtl, 'Second question');
    await settle();
    const cards = cardsOf(SEED_THREADS.rtl);
    expect(cards).toHaveLength(1);
    expect(cards[0]?.revision).toBeGreaterThanOrEqual(1);
    expect(messageText(cards[0] as StoredMessage)).toContain('Second question');
    const lines = repliesTo(cards[0]?.ts ?? '');
    expect(lines.map((l) => l.text)).toEqual([expect.stringContaining('Second question')]);
  });

  it('turns a burst from one prospect into one update', async () => {
    await subscribe();
    const { controls } = stack().inbox;
    controls.prospectWrites(SEED_THREADS.rtl, 'one');
    await waitCards(SEED_THREADS.rtl, 1);
    for (const text of ['two', 'three', 'four', 'five']) controls.prospectWrites(SEED_THREADS.rtl, text);
    await settle();
    const card = cardsOf(SEED_THREADS.rtl)[0] as StoredMessage;
    expect(calls('chat.update')).toHaveLength(1);
    expect(repliesTo(card.ts).map((l) => l.text)).toEqual([expect.stringContaining('wrote 4 messages')]);
    expect(messageText(card)).toContain('five');
  });

  it('handles each event once when webhooks come twice and out of order', async () => {
    await subscribe();
    const { controls } = stack().inbox;
    controls.webhookChaos({ duplicate: true, hold: true });
    // Threads the earlier tests did not touch (a recent update would hold the next one for the coalescing window).
    const threads = [SEED_THREADS.jordanActive, SEED_THREADS.markup, SEED_THREADS.longMessage];
    for (const id of threads) controls.prospectWrites(id, `hello from ${id}`);
    controls.webhookChaos({ duplicate: true });
    controls.releaseWebhooks({ reverse: true });
    await settle();
    for (const id of threads) expect(cardsOf(id)).toHaveLength(1);
    // Posted in seq order although delivered in reverse.
    const order = stack()
      .slack.messages(CHANNEL)
      .filter((m) => !m.thread_ts && m.source === 'chat.postMessage')
      .map((m) => m.blocks[0]?.block_id);
    expect(order).toEqual(threads.map((id) => threadBlockId(id, 'head')));
  });

  it('backfills a lost delivery from GET /events', async () => {
    await subscribe();
    const { controls } = stack().inbox;
    controls.prospectWrites(SEED_THREADS.rtl, 'arrives');
    await waitCards(SEED_THREADS.rtl, 1);
    controls.webhookChaos({ dropNext: 1 });
    controls.prospectWrites(SEED_THREADS.markup, 'lost on the way');
    controls.prospectWrites(SEED_THREADS.longMessage, 'arrives and reveals the gap');
    await settle();
    expect(cardsOf(SEED_THREADS.markup)).toHaveLength(1);
    expect(cardsOf(SEED_THREADS.longMessage)).toHaveLength(1);
    expect(controls.requests().filter((r) => r.path === '/events')).toHaveLength(1);
  });

  it('moves a card back into view when an archived thread comes back, and links the old one to it', async () => {
    await subscribe('events:replies,archived');
    const { controls } = stack().inbox;
    controls.prospectWrites(SEED_THREADS.rtl, 'before');
    const [first] = await waitCards(SEED_THREADS.rtl, 1);
    await callInbox(stack().inbox, `/threads/${SEED_THREADS.rtl}`, {
      method: 'PATCH',
      body: { done: true },
      token: DEMO_INBOX_TOKEN,
    });
    await settle();
    await new Promise((r) => setTimeout(r, 450));
    controls.prospectWrites(SEED_THREADS.rtl, 'I am back');
    await settle();
    const cards = cardsOf(SEED_THREADS.rtl);
    expect(cards).toHaveLength(1);
    expect(cards[0]?.ts).not.toBe(first?.ts);
    const old = stack()
      .slack.messages(CHANNEL)
      .find((m) => m.ts === first?.ts);
    expect(old?.text).toMatch(/^Moved/);
    expect(messageText(old as StoredMessage)).toContain('slack.com/archives/');
  });

  it('waits out a ratelimited answer and still posts the card once', async () => {
    await subscribe();
    stack().slack.failNext('chat.postMessage', 'ratelimited', { retryAfterSeconds: 1 });
    stack().inbox.controls.prospectWrites(SEED_THREADS.rtl, 'patience');
    await settle();
    expect(cardsOf(SEED_THREADS.rtl)).toHaveLength(1);
    expect(calls('chat.postMessage').filter((c) => c.kind === 'api' && c.response.ok === false)).toHaveLength(1);
  });
});

describe('personal DMs', () => {
  it('DMs the assignee when their prospect writes, and when someone else assigns them', async () => {
    const { controls } = stack().inbox;
    // jordanNoReply is assigned to Bob.
    controls.prospectWrites(SEED_THREADS.jordanNoReply, 'Any news on pricing?');
    const dm = await stack().slack.waitFor(() => stack().slack.messages(dmOf(bob.slackUserId)).at(-1), 8_000);
    expect(messageText(dm)).toContain('Any news on pricing?');

    const card = await stack().postCard(alice.slackUserId, SEED_THREADS.rtl);
    await stack().clickCard({
      userId: alice.slackUserId,
      message: card,
      threadId: SEED_THREADS.rtl,
      actionId: ActionIds.assignSelect,
      selectedValue: bob.memberId,
    });
    const assigned = await stack().slack.waitFor(
      () =>
        stack()
          .slack.messages(dmOf(bob.slackUserId))
          .find((m) => /You were assigned/.test(m.text)),
      8_000,
    );
    expect(messageText(assigned)).toContain(`<@${alice.slackUserId}>`);
  });

  it('never tells someone about their own action', async () => {
    await subscribe('events:assigned');
    const card = await stack().postCard(alice.slackUserId, SEED_THREADS.rtl);
    await stack().clickCard({
      userId: alice.slackUserId,
      message: card,
      threadId: SEED_THREADS.rtl,
      actionId: ActionIds.assignMe,
    });
    await stack().waitForMessage(alice.slackUserId, (m) => m.ts === card.ts && m.revision > card.revision);
    await settle();
    expect(stack().slack.messages(dmOf(alice.slackUserId))).toEqual([]);
    // The channel still gets the card, saying who did it.
    const [live] = cardsOf(SEED_THREADS.rtl).filter((m) => m.source === 'chat.postMessage');
    expect(messageText(live as StoredMessage)).toContain(`by <@${alice.slackUserId}>`);
  });
});

describe('the webhook route', () => {
  const post = (body: string, signature: string) =>
    fetch(`http://127.0.0.1:${stack().runtime.port}${INBOX_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-inbox-signature': signature },
      body,
    });

  it('answers 401 to a forged or stale signature and does nothing else', async () => {
    await subscribe();
    stack().inbox.controls.setWebhook(null);
    stack().inbox.controls.prospectWrites(SEED_THREADS.rtl, 'real');
    const event = stack().inbox.controls.events().at(-1);
    const body = JSON.stringify({ ...event, id: 'evforged1', seq: (event?.seq ?? 0) + 1 });
    const now = Math.floor(Date.now() / 1000);
    expect((await post(body, inboxSignatureHeader(body, ['not-the-secret'], now))).status).toBe(401);
    expect((await post(body, inboxSignatureHeader(body, [TEST_SECRETS.webhookSecret], now - 600))).status).toBe(401);
    expect((await post(body, '')).status).toBe(401);
    await stack().runtime.live?.idle();
    expect(cardsOf(SEED_THREADS.rtl)).toEqual([]);
    // Restore delivery for the next tests.
    stack().inbox.controls.setWebhook({
      url: `http://127.0.0.1:${stack().runtime.port}${INBOX_WEBHOOK_PATH}`,
      secrets: [TEST_SECRETS.webhookSecret],
    });
  });

  it('two replicas receiving the same deliveries post one card and one DM', async () => {
    await subscribe();
    const second = await startRuntime(stack().config, {
      logger: {
        debug() {},
        info() {},
        warn() {},
        error() {},
        setLevel() {},
        getLevel: () => 'info' as never,
        setName() {},
      },
      schedule: false,
      liveState,
      live: { postIntervalMs: 20, reorderWindowMs: 300 },
    });
    try {
      const { controls } = stack().inbox;
      controls.setWebhook(null);
      controls.prospectWrites(SEED_THREADS.jordanNoReply, 'Hello both of you');
      const event = controls.events().at(-1);
      const body = JSON.stringify(event);
      const sig = inboxSignatureHeader(body, [TEST_SECRETS.webhookSecret], Math.floor(Date.now() / 1000));
      const ports = [stack().runtime.port, second.port];
      const answers = await Promise.all(
        ports.flatMap((port) =>
          [1, 2].map(() =>
            fetch(`http://127.0.0.1:${port}${INBOX_WEBHOOK_PATH}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-inbox-signature': sig },
              body,
            }),
          ),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      await Promise.all([stack().runtime.live?.idle(), second.live?.idle()]);
      expect(cardsOf(SEED_THREADS.jordanNoReply)).toHaveLength(1);
      expect(stack().slack.messages(dmOf(bob.slackUserId))).toHaveLength(1);
    } finally {
      await second.stop();
      stack().inbox.controls.setWebhook({
        url: `http://127.0.0.1:${stack().runtime.port}${INBOX_WEBHOOK_PATH}`,
        secrets: [TEST_SECRETS.webhookSecret],
      });
    }
  });
});
