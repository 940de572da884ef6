/**
 * The card buttons end to end: block_actions signed into the receiver, the threads API called on the Inbox
 * emulator, the card redrawn in place through response_url.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../sandbox/demo-team.js';
import { SEED_THREADS } from '../../sandbox/inbox-emulator/seed.js';
import type { StoredMessage } from '../../sandbox/slack-emulator/types.js';
import { ActionIds, assignOptionValue } from '../../src/blocks/ids.js';
import { messageText, useAppStack } from '../support/app-stack.js';

const ALICE = DEMO_PEOPLE[0]?.slackUserId ?? '';
const ALICE_MEMBER = DEMO_PEOPLE[0]?.memberId ?? '';
const CAROL_MEMBER = DEMO_PEOPLE[2]?.memberId ?? '';
const FRANK = 'U0FRANK006';
const THREAD = SEED_THREADS.jordanNoReply;

// Frank (no seat) may read, so he has a card to click (acting is still for members only).
const app = useAppStack({ config: (c) => ({ ...c, readPolicy: 'anyone' }) });

const card = (userId = ALICE) => app().postCard(userId, THREAD);

async function click(message: StoredMessage, actionId: string, userId = ALICE, selectedValue?: string) {
  const result = await app().clickCard({
    userId,
    message,
    threadId: THREAD,
    actionId,
    ...(selectedValue ? { selectedValue } : {}),
  });
  expect(result.status).toBe(200);
  return app().waitForMessage(userId, (m) => m.ts === message.ts && m.revision > message.revision);
}

const inboxThread = () => app().inbox.controls.store.thread(THREAD);
const patches = () =>
  app()
    .inbox.controls.requests()
    .filter((r) => r.method === 'PATCH');

describe('Archive and Reopen', () => {
  it('archives with one PATCH, then redraws the card with Reopen and who did it', async () => {
    const before = await card();
    app().inbox.controls.clearRequests();
    const after = await click(before, ActionIds.archive);
    expect(inboxThread()?.done).toBe(true);
    expect(
      app()
        .inbox.controls.requests()
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual([`PATCH /threads/${THREAD}`]);
    expect(patches()[0]?.requestBody).toEqual({ done: true });
    expect(JSON.stringify(after.blocks)).toContain(ActionIds.reopen);
    expect(JSON.stringify(after.blocks)).not.toContain(`"${ActionIds.archive}"`);
    expect(messageText(after)).toContain(`Archived by <@${ALICE}>`);
  });

  it('reopens an archived thread', async () => {
    const archived = await click(await card(), ActionIds.archive);
    const reopened = await click(archived, ActionIds.reopen);
    expect(inboxThread()?.done).toBe(false);
    expect(messageText(reopened)).toContain(`Reopened by <@${ALICE}>`);
  });

  it('treats a second click on an already applied action as harmless', async () => {
    const stale = await card();
    await click(await card(), ActionIds.archive);
    // The older card still shows Archive: clicking it leaves the thread archived and redraws that card.
    const redrawn = await click(stale, ActionIds.archive);
    expect(inboxThread()?.done).toBe(true);
    expect(JSON.stringify(redrawn.blocks)).toContain(ActionIds.reopen);
  });

  it('shows a thread someone else changed in the meantime as it is now', async () => {
    const before = await card();
    await fetch(`${app().inbox.url}/threads/${THREAD}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${app().config.inbox.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ assigneeId: CAROL_MEMBER }),
    });
    const after = await click(before, ActionIds.archive);
    expect(messageText(after)).toContain('Carol Okafor');
  });
});

describe('Assign', () => {
  it('assigns to the clicking user, matched by email', async () => {
    const after = await click(await card(), ActionIds.assignMe);
    expect(inboxThread()?.assigneeId).toBe(ALICE_MEMBER);
    expect(messageText(after)).toContain(`Assigned to Alice Chen by <@${ALICE}>`);
  });

  it('assigns to a member picked in the select', async () => {
    const after = await click(await card(), ActionIds.assignSelect, ALICE, assignOptionValue(THREAD, CAROL_MEMBER));
    expect(inboxThread()?.assigneeId).toBe(CAROL_MEMBER);
    expect(messageText(after)).toContain('Assigned to Carol Okafor');
  });

  it('unassigns', async () => {
    const assigned = await click(await card(), ActionIds.assignMe);
    await click(assigned, ActionIds.unassign);
    expect(inboxThread()?.assigneeId).toBeNull();
    expect(patches().at(-1)?.requestBody).toEqual({ assigneeId: null });
  });

  it('refuses a Slack user with no Inbox seat, in words, without touching the thread', async () => {
    const before = await card(FRANK);
    const result = await app().clickCard({
      userId: FRANK,
      message: before,
      threadId: THREAD,
      actionId: ActionIds.archive,
    });
    expect(result.status).toBe(200);
    const refusal = await app().waitForMessage(FRANK, (m) => messageText(m).includes('not linked'));
    expect(refusal.ephemeralTo).toBe(FRANK);
    expect(inboxThread()?.done).toBe(false);
    expect(patches()).toEqual([]);
  });
});

describe('View', () => {
  it('opens a modal with the thread and its latest messages', async () => {
    const before = await card();
    await app().slack.clickAction({ userId: ALICE, messageTs: before.ts, actionId: ActionIds.view, value: THREAD });
    const view = await app().slack.waitFor(() =>
      app()
        .slack.views(ALICE)
        .find((v) => JSON.stringify(v.view).includes('Jordan Rivera') && (v.view.blocks as unknown[]).length > 2),
    );
    expect(JSON.stringify(view.view)).toContain('Jordan Rivera');
  });
});

describe('failed actions', () => {
  it('leave the card as it was and tell the clicker why', async () => {
    const before = await card();
    app().inbox.controls.failNext(5, { kind: 'status', status: 500 }, { method: 'PATCH' });
    await app().slack.clickAction({ userId: ALICE, messageTs: before.ts, actionId: ActionIds.archive, value: THREAD });
    const error = await app().waitForMessage(ALICE, (m) => messageText(m).includes('Inbox is not answering'));
    expect(error.ts).not.toBe(before.ts);
    const cardNow = app()
      .slack.messages('C0GENERAL1', ALICE)
      .find((m) => m.ts === before.ts);
    expect(cardNow?.revision).toBe(before.revision);
    expect(inboxThread()?.done).toBe(false);
  });

  it('reject a tampered button value without calling Inbox', async () => {
    const before = await card();
    app().inbox.controls.clearRequests();
    await app().slack.clickAction({
      userId: ALICE,
      messageTs: before.ts,
      actionId: ActionIds.archive,
      value: '../team',
    });
    await app().waitForMessage(ALICE, (m) => messageText(m).includes('out of date'));
    expect(app().inbox.controls.requests()).toEqual([]);
  });
});
