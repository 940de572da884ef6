/**
 * Bulk archive / assign with Undo, end to end: the preview names exactly the threads that change, one confirm
 * applies them (once, even on a double click), and Undo restores each one that nobody changed since — the
 * others are left alone and named.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../sandbox/demo-team.js';
import { SEED_MEMBERS, SEED_TAGS } from '../../sandbox/inbox-emulator/seed.js';
import type { StoredMessage } from '../../sandbox/slack-emulator/types.js';
import { ActionIds, BlockIds } from '../../src/blocks/ids.js';
import { CHANNEL, commandAnswer, messageText, useAppStack } from '../support/app-stack.js';

const ALICE = DEMO_PEOPLE[0]?.slackUserId ?? '';
const FRANK = 'U0FRANK006';
const CAROL_MEMBER = DEMO_PEOPLE[2]?.memberId ?? '';
const DAN_MEMBER = DEMO_PEOPLE[3]?.memberId ?? '';

const app = useAppStack();

const partnerNoReply = () =>
  app()
    .inbox.controls.store.threads({ inbox: 'no-reply', tags: { selectedIds: [SEED_TAGS.partner.id] } })
    .map((t) => t.id)
    .sort();
const thread = (id: string) => app().inbox.controls.store.thread(id);
const patches = () =>
  app()
    .inbox.controls.requests()
    .filter((r) => r.method === 'PATCH');

const run = (text: string, userId = ALICE) => commandAnswer(app(), userId, text);

async function click(message: StoredMessage, actionId: string, userId = ALICE): Promise<StoredMessage> {
  const result = await app().slack.clickAction({
    userId,
    messageTs: message.ts,
    actionId,
    blockId: BlockIds.bulkActions,
  });
  expect(result.status).toBe(200);
  return app().waitForMessage(
    userId,
    (m) => m.ts === message.ts && m.revision > message.revision && !messageText(m).includes('Applying'),
    CHANNEL,
    20_000,
  );
}

/** PATCHes a thread as someone else would, straight on the Inbox API. */
async function changeInInbox(threadId: string, body: Record<string, unknown>) {
  await fetch(`${app().inbox.url}/threads/${threadId}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${app().config.inbox.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('/inbox archive <filters>', () => {
  it('previews the count and the first few, applies exactly those threads once, and Undo restores them', async () => {
    const matching = partnerNoReply();
    expect(matching.length).toBeGreaterThan(1);
    expect(matching.length).toBeLessThanOrEqual(100);

    const preview = await run('archive noreply tag:partner');
    expect(messageText(preview)).toContain(`Archive ${matching.length} thread`);
    expect(patches()).toHaveLength(0);

    // A thread that starts matching after the preview is not touched: what was shown is what is applied.
    const late = app()
      .inbox.controls.store.threads({ inbox: 'no-reply' })
      .find((t) => !matching.includes(t.id) && !t.prospect.context.tags.includes(SEED_TAGS.partner.id));
    expect(late).toBeDefined();

    const summary = await click(preview, ActionIds.bulkApply);
    expect(messageText(summary)).toContain(`Archived ${matching.length} thread`);
    expect(matching.every((id) => thread(id)?.done === true)).toBe(true);
    expect(
      patches()
        .map((p) => p.path.split('/')[2])
        .sort(),
    ).toEqual(matching);
    expect(thread(late?.id ?? '')?.done).toBe(false);

    const undone = await click(summary, ActionIds.bulkUndo);
    expect(messageText(undone)).toContain(`${matching.length} threads restored`);
    expect(matching.every((id) => thread(id)?.done === false)).toBe(true);
    expect(JSON.stringify(undone.blocks)).not.toContain(ActionIds.bulkUndo);
  });

  it('applies once on a double click', async () => {
    const matching = partnerNoReply();
    const preview = await run('archive noreply tag:partner');
    app().inbox.controls.setLatency(50);
    await Promise.all([
      app().slack.clickAction({
        userId: ALICE,
        messageTs: preview.ts,
        actionId: ActionIds.bulkApply,
        blockId: BlockIds.bulkActions,
      }),
      app().slack.clickAction({
        userId: ALICE,
        messageTs: preview.ts,
        actionId: ActionIds.bulkApply,
        blockId: BlockIds.bulkActions,
      }),
    ]);
    await app().waitForMessage(
      ALICE,
      (m) => m.ts === preview.ts && messageText(m).includes('Archived'),
      CHANNEL,
      20_000,
    );
    await app().waitForMessage(ALICE, (m) => messageText(m).includes('not done twice'), CHANNEL, 20_000);
    expect(patches()).toHaveLength(matching.length);
  });

  it('leaves alone, and names, a thread someone else changed before the Undo', async () => {
    const matching = partnerNoReply();
    const summary = await click(await run('archive noreply tag:partner'), ActionIds.bulkApply);
    const [reopened] = matching;
    // Someone reopens one of them and takes it.
    await changeInInbox(reopened ?? '', { done: false, assigneeId: DAN_MEMBER });

    const undone = await click(summary, ActionIds.bulkUndo);
    const text = messageText(undone);
    expect(text).toContain(`${matching.length - 1} threads restored`);
    expect(text).toContain('Left alone: 1 thread changed since by someone else');
    expect(text).toContain('now open, assigned to Dan');
    expect(thread(reopened ?? '')?.assigneeId).toBe(DAN_MEMBER);
    expect(matching.slice(1).every((id) => thread(id)?.done === false)).toBe(true);
  });

  it('changes nothing on Cancel, and needs at least one filter', async () => {
    const preview = await run('archive noreply tag:partner');
    const cancelled = await click(preview, ActionIds.bulkCancel);
    expect(messageText(cancelled)).toContain('nothing was changed');
    expect(patches()).toHaveLength(0);
    const bare = await run('archive');
    expect(messageText(bare)).toContain('Give at least one filter');
  });

  it('refuses a Slack user with no Inbox seat', async () => {
    const refused = await run('archive noreply tag:partner', FRANK);
    expect(messageText(refused)).toContain('Only Inbox members can change threads');
    expect(patches()).toHaveLength(0);
  });
});

describe('/inbox assign <member> <filters>', () => {
  it('assigns, skips the ones already assigned to them, and Undo puts back each previous assignee', async () => {
    const matching = app().inbox.controls.store.threads({
      inbox: 'no-reply',
      tags: { selectedIds: [SEED_TAGS.partner.id] },
    });
    const before = new Map(matching.map((t) => [t.id, t.assigneeId]));
    const already = matching.filter((t) => t.assigneeId === CAROL_MEMBER).length;
    const preview = await run('assign "Carol Okafor" noreply tag:partner');
    expect(messageText(preview)).toContain(`Assign to Carol Okafor ${matching.length - already} thread`);
    const summary = await click(preview, ActionIds.bulkApply);
    expect(matching.every((t) => thread(t.id)?.assigneeId === CAROL_MEMBER)).toBe(true);

    const [taken] = matching.filter((t) => before.get(t.id) !== CAROL_MEMBER);
    await changeInInbox(taken?.id ?? '', { assigneeId: DAN_MEMBER });
    const undone = await click(summary, ActionIds.bulkUndo);
    expect(messageText(undone)).toContain('Left alone: 1 thread');
    for (const t of matching) {
      expect(thread(t.id)?.assigneeId).toBe(t.id === taken?.id ? DAN_MEMBER : before.get(t.id));
    }
  });

  it('names the valid members when the member is unknown', async () => {
    const answer = await run('assign zed noreply');
    expect(messageText(answer)).toContain(SEED_MEMBERS[0]?.name ?? 'Alice');
    expect(patches()).toHaveLength(0);
  });
});
