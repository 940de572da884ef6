/**
 * The Home tab end to end: the Slack emulator sends a signed `app_home_opened` event_callback into the app's
 * HTTP receiver; the app reads the viewer's queue from the Inbox emulator and publishes it with views.publish;
 * clicks on the Home's card buttons act on Inbox and redraw the Home.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../sandbox/demo-team.js';
import { ActionIds, BlockIds, threadBlockId } from '../../src/blocks/ids.js';
import { awaitsReply } from '../../src/inbox/thread-state.js';
import { messageText, useAppStack } from '../support/app-stack.js';

const ALICE = DEMO_PEOPLE[0];
const FRANK = DEMO_PEOPLE.find((p) => p.memberId === null);
if (!ALICE?.memberId || !FRANK) throw new Error('demo team changed');
const ALICE_MEMBER = ALICE.memberId;

const app = useAppStack();

async function openHome(userId: string, afterHash?: string) {
  const ack = await app().slack.openHome({ userId });
  expect(ack.status).toBe(200);
  return app().slack.waitFor(() => {
    const home = app().slack.home(userId);
    return home && home.view.hash !== afterHash ? home : undefined;
  }, 8_000);
}

const blocksOf = (home: { view: Record<string, unknown> }) => home.view.blocks as Array<Record<string, unknown>>;
const blockIds = (home: { view: Record<string, unknown> }) => blocksOf(home).map((b) => b.block_id);

function aliceThreads() {
  const all = app()
    .inbox.controls.store.threads({ inbox: 'default' })
    .filter((t) => t.assigneeId === ALICE_MEMBER);
  return { awaiting: all.filter((t) => awaitsReply(t as never)), other: all.filter((t) => !awaitsReply(t as never)) };
}

describe('App Home: My queue', () => {
  it('publishes a linked viewer her counts, her threads awaiting a reply oldest first, then her other open threads', async () => {
    const home = await openHome(ALICE.slackUserId);
    const { awaiting, other } = aliceThreads();
    expect(awaiting.length).toBeGreaterThan(0);
    const text = messageText({ blocks: blocksOf(home) });
    expect(text).toContain(`*${awaiting.length} threads* awaiting your reply`);
    expect(text).toContain(`*${other.length}* other open`);

    const ids = blockIds(home);
    const awaitingAt = ids.indexOf(BlockIds.homeAwaiting);
    const otherAt = ids.indexOf(BlockIds.homeOther);
    expect(awaitingAt).toBeGreaterThan(ids.indexOf(BlockIds.homeCounts));
    expect(otherAt).toBeGreaterThan(awaitingAt);
    const cardIds = (from: number, to: number) =>
      ids
        .slice(from, to)
        .map((id) => /^thread:([^:]+):head$/.exec(String(id))?.[1])
        .filter((id): id is string => id !== undefined);
    const shownAwaiting = cardIds(awaitingAt, otherAt);
    const oldestFirst = [...awaiting]
      .sort((a, b) => Date.parse(a.lastMessage?.createdAt ?? '') - Date.parse(b.lastMessage?.createdAt ?? ''))
      .map((t) => t.id);
    expect(shownAwaiting).toEqual(oldestFirst.slice(0, shownAwaiting.length));
    const shownOther = cardIds(otherAt, ids.length);
    expect(new Set(shownOther)).toEqual(new Set(other.map((t) => t.id).filter((id) => shownOther.includes(id))));
    expect(shownOther.every((id) => other.some((t) => t.id === id))).toBe(true);
    // The card buttons are there.
    expect(JSON.stringify(home.view.blocks)).toContain(ActionIds.archive);
    expect(blocksOf(home).length).toBeLessThanOrEqual(100);
  });

  it('tells an unlinked viewer why there is no queue and what to do, instead of an empty page', async () => {
    const home = await openHome(FRANK.slackUserId);
    expect(blockIds(home)).toContain(BlockIds.homeUnlinked);
    const text = messageText({ blocks: blocksOf(home) });
    expect(text).toContain('not linked to an Inbox member');
    expect(text).toContain('What to do');
    expect(JSON.stringify(home.view.blocks)).toContain(ActionIds.homeRefresh);
  });

  it('archives a thread from a Home card and redraws the Home without it, with the outcome at the top', async () => {
    const before = await openHome(ALICE.slackUserId);
    const target = aliceThreads().awaiting[0];
    if (!target) throw new Error('Alice has nothing awaiting');
    const click = await app().slack.clickAction({
      userId: ALICE.slackUserId,
      viewId: before.id,
      actionId: ActionIds.archive,
      blockId: threadBlockId(target.id, 'actions'),
    });
    expect(click.status).toBe(200);
    const after = await app().slack.waitFor(() => {
      const home = app().slack.home(ALICE.slackUserId);
      return home && home.view.hash !== before.view.hash ? home : undefined;
    }, 8_000);
    expect(app().inbox.controls.store.thread(target.id)?.done).toBe(true);
    expect(blockIds(after)).toContain(BlockIds.homeNotice);
    expect(messageText({ blocks: blocksOf(after) })).toContain('Archived.');
    expect(blockIds(after)).not.toContain(threadBlockId(target.id, 'head'));
    expect(after.id).toBe(before.id);
  });

  it('redraws on Refresh, and says in words when Inbox cannot be read', async () => {
    const before = await openHome(ALICE.slackUserId);
    app().inbox.controls.failNext(10, { kind: 'status', status: 401 });
    await app().slack.clickAction({
      userId: ALICE.slackUserId,
      viewId: before.id,
      actionId: ActionIds.homeRefresh,
    });
    const after = await app().slack.waitFor(() => {
      const home = app().slack.home(ALICE.slackUserId);
      return home && home.view.hash !== before.view.hash ? home : undefined;
    }, 8_000);
    expect(messageText({ blocks: blocksOf(after) })).toContain('could not be loaded');
    expect(messageText({ blocks: blocksOf(after) })).toContain('INBOX_API_TOKEN');
  });

  it('ignores the Messages tab', async () => {
    const ack = await app().slack.openHome({ userId: ALICE.slackUserId, tab: 'messages' });
    expect(ack.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(
      app()
        .slack.calls()
        .filter((c) => c.method === 'views.publish'),
    ).toEqual([]);
  });
});
