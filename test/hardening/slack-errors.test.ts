/**
 * Slack Web API errors the app meets in the field: `ratelimited`, `channel_not_found`, `not_in_channel`,
 * `invalid_blocks` and `expired_trigger_id`, injected into the Slack emulator. Each is handled (retried when a
 * retry is safe, told to the user when they can act), logged in words an operator can act on, and the process
 * keeps serving.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_DIGEST_CHANNEL } from '../../sandbox/demo-team.js';
import { SEED_THREADS } from '../../sandbox/inbox-emulator/seed.js';
import type { StoredMessage } from '../../sandbox/slack-emulator/types.js';
import { ActionIds, threadBlockId } from '../../src/blocks/ids.js';
import { CHANNEL, messageText, useAppStack } from '../support/app-stack.js';
import { ACK_LIMIT_MS, ALICE, expectAlive, expectValidMessage, runCommand, waitForLog } from './support.js';

const app = useAppStack();

const THREAD = SEED_THREADS.jordanNoReply;

const card = () => app().postCard(ALICE, THREAD);

async function clickView(message: StoredMessage) {
  const started = performance.now();
  const result = await app().slack.clickAction({
    userId: ALICE,
    messageTs: message.ts,
    actionId: ActionIds.overflow,
    blockId: threadBlockId(THREAD, 'head'),
    selectedValue: 'view',
  });
  expect(performance.now() - started).toBeLessThan(ACK_LIMIT_MS);
  expect(result.status).toBe(200);
  expect(result.error).toBeUndefined();
}

const digestPosts = () =>
  app()
    .slack.messages(DEMO_DIGEST_CHANNEL)
    .filter((m) => m.source === 'chat.postMessage' && !m.ephemeralTo);

describe('the digest posted from /inbox digest post', () => {
  it.each([
    ['channel_not_found', /cannot post to C0SALESINB \(channel_not_found\)\. Invite the bot .* channel's ID/],
    ['not_in_channel', /cannot post to C0SALESINB \(not_in_channel\)\. Invite the bot to the channel/],
    ['invalid_blocks', /Slack refused the digest: invalid_blocks/],
  ])('%s → not posted, the user and the log say why in words', async (code, words) => {
    app().slack.failNext('chat.postMessage', code, { count: 5 });
    const logsBefore = app().logs.length;
    const { answer } = await runCommand(app(), 'digest post', ALICE, 15_000);
    expect(messageText(answer)).toMatch(/not posted/i);
    expect(messageText(answer)).toMatch(words);
    expectValidMessage(answer);
    expect(digestPosts()).toEqual([]);
    await waitForLog(app(), words, logsBefore);
    await expectAlive(app());
  });

  it('ratelimited (429, Retry-After: 1) → waits as told, then posts exactly once, and logs the wait', async () => {
    app().slack.failNext('chat.postMessage', 'ratelimited', { count: 1, retryAfterSeconds: 1 });
    const logsBefore = app().logs.length;
    const { answer } = await runCommand(app(), 'digest post', ALICE, 15_000);
    expect(messageText(answer)).toMatch(/Posted the digest/);
    expect(digestPosts()).toHaveLength(1);
    await waitForLog(app(), /rate-limit|rate limit/i, logsBefore);
  });
});

describe('the View button (views.open / views.update)', () => {
  it('expired_trigger_id → logged in words, the user is told to click again, no Inbox call wasted', async () => {
    const message = await card();
    app().inbox.controls.clearRequests();
    app().slack.failNext('views.open', 'expired_trigger_id');
    const logsBefore = app().logs.length;
    const shownBefore = app().slack.messages(CHANNEL, ALICE).length;
    await clickView(message);
    await waitForLog(app(), /WARN .*too old to open a window \(expired_trigger_id\)/, logsBefore);
    const told = await app().slack.waitFor(() => app().slack.messages(CHANNEL, ALICE).slice(shownBefore).at(-1));
    expect(told.ephemeralTo).toBe(ALICE);
    expect(messageText(told)).toMatch(/Could not open the thread: .*click again/);
    expectValidMessage(told);
    expect(app().slack.views(ALICE)).toEqual([]);
    expect(app().inbox.controls.requests()).toEqual([]);
    await expectAlive(app());
  });

  it('invalid_blocks on views.update → logged in words, the process keeps serving', async () => {
    const message = await card();
    app().slack.failNext('views.update', 'invalid_blocks');
    const logsBefore = app().logs.length;
    await clickView(message);
    await waitForLog(app(), /rejected the message layout \(invalid_blocks\)/, logsBefore);
    await expectAlive(app());
  });

  it('ratelimited on views.open (Retry-After: 1) → retried, the modal opens', async () => {
    const message = await card();
    app().slack.failNext('views.open', 'ratelimited', { count: 1, retryAfterSeconds: 1 });
    const logsBefore = app().logs.length;
    await clickView(message);
    const view = await app().slack.waitFor(() => app().slack.views(ALICE).at(0));
    expect(view).toBeDefined();
    await waitForLog(app(), /rate limit/i, logsBefore);
  });
});

describe('the identity lookup (users.info) behind "Assign to me"', () => {
  it('ratelimited → retried after the wait, the thread is assigned', async () => {
    const message = await card();
    app().slack.failNext('users.info', 'ratelimited', { count: 1, retryAfterSeconds: 1 });
    const before =
      app()
        .slack.messages(CHANNEL, ALICE)
        .find((m) => m.ts === message.ts)?.revision ?? 0;
    const result = await app().clickCard({ userId: ALICE, message, threadId: THREAD, actionId: ActionIds.assignMe });
    expect(result.status).toBe(200);
    const redrawn = await app().waitForMessage(ALICE, (m) => m.ts === message.ts && m.revision > before);
    expect(messageText(redrawn)).toMatch(/Assigned to .* by/);
  });
});
