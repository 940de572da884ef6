/**
 * The card buttons end to end: block_actions signed into the receiver, the threads API called on the Inbox
 * emulator, the card redrawn in place through response_url.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../sandbox/demo-team.js';
import { SEED_THREADS } from '../../sandbox/inbox-emulator/seed.js';
import type { StoredMessage } from '../../sandbox/slack-emulator/types.js';
import { ActionIds, threadBlockId } from '../../src/blocks/ids.js';
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

  it('assigns to a member picked in the select (its options loaded from the app over HTTP)', async () => {
    const after = await click(await card(), ActionIds.assignSelect, ALICE, CAROL_MEMBER);
    expect(inboxThread()?.assigneeId).toBe(CAROL_MEMBER);
    expect(messageText(after)).toContain('Assigned to Carol Okafor');
    const select = after.blocks.find((b) => b.block_id === threadBlockId(THREAD, 'actions'))?.elements as Array<
      Record<string, unknown>
    >;
    expect(select[0]).toMatchObject({ type: 'external_select', initial_option: { value: CAROL_MEMBER } });
  });

  it('unassigns from the overflow menu', async () => {
    const assigned = await click(await card(), ActionIds.assignMe);
    await click(assigned, ActionIds.overflow, ALICE, 'unassign');
    expect(inboxThread()?.assigneeId).toBeNull();
    expect(patches().at(-1)?.requestBody).toEqual({ assigneeId: null });
  });

  it('no longer offers "Assign to me" to the person the thread is now assigned to', async () => {
    const assigned = await click(await card(), ActionIds.assignMe);
    expect(JSON.stringify(assigned.blocks)).not.toContain(`"${ActionIds.assignMe}"`);
    const bobs = await card('U0BOB00002');
    expect(JSON.stringify(bobs.blocks)).toContain(`"${ActionIds.assignMe}"`);
  });

  it('refuses a Slack user with no Inbox seat on the card itself, naming their email and no setting', async () => {
    const before = await card(FRANK);
    const result = await app().clickCard({
      userId: FRANK,
      message: before,
      threadId: THREAD,
      actionId: ActionIds.archive,
    });
    expect(result.status).toBe(200);
    const refused = await app().waitForMessage(FRANK, (m) => m.ts === before.ts && m.revision > before.revision);
    const text = messageText(refused);
    expect(text).toContain(
      'Only Inbox members can change threads. Ask your Inbox admin to invite *frank@partner-agency.example* to Inbox.',
    );
    expect(text).not.toMatch(/MEMBER_MAP|ACTION_POLICY|[A-Z]{3,}_[A-Z]{3,}/);
    expect(inboxThread()?.done).toBe(false);
    expect(patches()).toEqual([]);
  });

  it('replaces the previous refusal instead of stacking three identical ones', async () => {
    let message = await card(FRANK);
    for (let i = 0; i < 3; i++) {
      await app().clickCard({ userId: FRANK, message, threadId: THREAD, actionId: ActionIds.archive });
      const seen: number = message.revision;
      message = await app().waitForMessage(FRANK, (m) => m.ts === message.ts && m.revision > seen);
    }
    const all = app().slack.messages('C0GENERAL1', FRANK);
    expect(all.filter((m) => messageText(m).includes('Only Inbox members can change threads'))).toHaveLength(1);
    expect(messageText(message).match(/Only Inbox members/g)).toHaveLength(1);
  });

  it('redraws a refused pick in the Assign select from Inbox, so it shows who really has the thread', async () => {
    await click(await card(), ActionIds.assignSelect, ALICE, DEMO_PEOPLE[3]?.memberId ?? ''); // Dan
    const franks = await card(FRANK);
    await app().clickCard({
      userId: FRANK,
      message: franks,
      threadId: THREAD,
      actionId: ActionIds.assignSelect,
      selectedValue: DEMO_PEOPLE[4]?.memberId ?? '', // Erin
    });
    const redrawn = await app().waitForMessage(FRANK, (m) => m.ts === franks.ts && m.revision > franks.revision);
    const actions = redrawn.blocks.find((b) => b.block_id === threadBlockId(THREAD, 'actions'));
    expect((actions?.elements as Array<Record<string, unknown>> | undefined)?.[0]).toMatchObject({
      initial_option: { text: { text: 'Dan Kowalski' }, value: DEMO_PEOPLE[3]?.memberId },
    });
    expect(inboxThread()?.assigneeId).toBe(DEMO_PEOPLE[3]?.memberId);
  });
});

describe("the Assign select's options load (block_suggestion over HTTP)", () => {
  it('answers every member when opened, and the matching ones as the user types', async () => {
    const message = await card();
    const args = {
      userId: ALICE,
      messageTs: message.ts,
      actionId: ActionIds.assignSelect,
      blockId: threadBlockId(THREAD, 'actions'),
    };
    const all = await app().slack.loadOptions({ ...args, query: '' });
    expect(all.status).toBe(200);
    expect(all.options.map((o) => (o.text as { text: string }).text)).toEqual([
      'Alice Chen',
      'Bob Martinez',
      'Carol Okafor',
      'Dan Kowalski',
      'Erin Walsh',
    ]);
    const typed = await app().slack.loadOptions({ ...args, query: 'ok' });
    expect(typed.options).toEqual([
      { text: { type: 'plain_text', text: 'Carol Okafor', emoji: true }, value: CAROL_MEMBER },
    ]);
    const byEmail = await app().slack.loadOptions({ ...args, query: 'dan@' });
    expect(byEmail.options.map((o) => o.value)).toEqual([DEMO_PEOPLE[3]?.memberId]);
  });
});

describe('View', () => {
  it('opens a modal with the thread and its latest messages', async () => {
    const before = await card();
    await app().clickCard({
      userId: ALICE,
      message: before,
      threadId: THREAD,
      actionId: ActionIds.overflow,
      selectedValue: 'view',
    });
    const view = await app().slack.waitFor(() =>
      app()
        .slack.views(ALICE)
        .find((v) => JSON.stringify(v.view).includes('Jordan Rivera') && (v.view.blocks as unknown[]).length > 2),
    );
    expect(JSON.stringify(view.view)).toContain('Jordan Rivera');
  });
});

describe('failed actions', () => {
  it('redraw the card from Inbox, unchanged, and say why on it', async () => {
    const before = await card();
    app().inbox.controls.failNext(5, { kind: 'status', status: 500 }, { method: 'PATCH' });
    await app().clickCard({ userId: ALICE, message: before, threadId: THREAD, actionId: ActionIds.archive });
    const redrawn = await app().waitForMessage(ALICE, (m) => m.ts === before.ts && m.revision > before.revision);
    expect(messageText(redrawn)).toContain('⚠️ Inbox is not answering');
    expect(JSON.stringify(redrawn.blocks)).toContain(`"${ActionIds.archive}"`);
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
