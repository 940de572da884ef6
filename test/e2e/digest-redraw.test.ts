/**
 * The self-updating digest, end to end: `/inbox digest post` puts it in the channel; every click on one of its
 * cards redraws the card and the digest's header and totals from Inbox's numbers at that moment.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_DIGEST_CHANNEL, DEMO_PEOPLE } from '../../sandbox/demo-team.js';
import type { StoredMessage } from '../../sandbox/slack-emulator/types.js';
import { ActionIds, BlockIds, findThreadIds } from '../../src/blocks/ids.js';
import { messageText, useAppStack } from '../support/app-stack.js';

const ALICE = DEMO_PEOPLE[0]?.slackUserId ?? '';
const FRANK = 'U0FRANK006';

const app = useAppStack();

async function postDigest(): Promise<StoredMessage> {
  await app().command(ALICE, 'digest post');
  return app().slack.waitFor(() => app().slack.messages(DEMO_DIGEST_CHANNEL)[0]);
}

const headerOf = (m: StoredMessage) =>
  (m.blocks.find((b) => b.block_id === BlockIds.digestHeader)?.text as { text: string } | undefined)?.text ?? '';
const totalOf = (m: StoredMessage) => Number(/([\d,]+) threads? waiting/.exec(headerOf(m))?.[1]?.replace(/,/g, ''));
/** What Inbox says is waiting, asked over HTTP (the digest's own view, 100 a page). */
async function noReplyCount(): Promise<number> {
  let count = 0;
  let cursor = '';
  for (;;) {
    const response = await fetch(`${app().inbox.url}/threads?inbox=no-reply&limit=100${cursor}`, {
      headers: { authorization: `Bearer ${app().config.inbox.token}` },
    });
    const page = (await response.json()) as {
      threads: unknown[];
      nextCursor: { id: string; timestamp: string } | null;
    };
    count += page.threads.length;
    if (!page.nextCursor) return count;
    cursor = `&cursor[id]=${page.nextCursor.id}&cursor[timestamp]=${encodeURIComponent(page.nextCursor.timestamp)}`;
  }
}

async function clickOn(
  digest: StoredMessage,
  userId: string,
  actionId: string,
  selectedValue?: string,
  threadId = findThreadIds(digest.blocks as never)[0] as string,
) {
  const result = await app().clickCard({
    userId,
    message: digest,
    threadId,
    actionId,
    ...(selectedValue ? { selectedValue } : {}),
  });
  expect(result.status).toBe(200);
  const updated = await app().slack.waitFor(() =>
    app()
      .slack.messages(DEMO_DIGEST_CHANNEL)
      .find((m) => m.ts === digest.ts && m.revision > digest.revision),
  );
  return { threadId, updated };
}

// One digest for the whole story: /inbox digest post is allowed once per channel per 10 minutes.
describe('a posted digest redraws itself on every click', () => {
  it('archive lowers the total, assign moves the by-assignee totals, a refusal changes nothing and is told once', async () => {
    const digest = await postDigest();
    const before = totalOf(digest);
    expect(before).toBe(await noReplyCount());
    expect(messageText(digest)).toContain(`Posted at the request of <@${ALICE}>`);

    // Archive: the header's total goes down by one, every card stays in place, the clicked one says who did it.
    const archived = await clickOn(digest, ALICE, ActionIds.archive);
    expect(totalOf(archived.updated)).toBe(before - 1);
    expect(totalOf(archived.updated)).toBe(await noReplyCount());
    expect(findThreadIds(archived.updated.blocks as never)).toEqual(findThreadIds(digest.blocks as never));
    expect(messageText(archived.updated)).toContain(`Archived by <@${ALICE}>`);
    expect(messageText(archived.updated)).toContain(`Posted at the request of <@${ALICE}>`);
    expect(app().inbox.controls.store.thread(archived.threadId)?.done).toBe(true);

    // Assign to me on the next card: the thread moves to Alice in the by-assignee totals.
    const summary = (m: StoredMessage) => JSON.stringify(m.blocks.find((b) => b.block_id === BlockIds.digestSummary));
    const second = findThreadIds(archived.updated.blocks as never)[1] as string;
    const assigned = await clickOn(archived.updated, ALICE, ActionIds.assignMe, undefined, second);
    expect(summary(assigned.updated)).not.toBe(summary(archived.updated));
    expect(summary(assigned.updated)).toContain('Alice Chen');
    expect(totalOf(assigned.updated)).toBe(before - 1);

    // Frank (no seat) three times: nothing changes, and only he is told why, once.
    let current = assigned.updated;
    for (let i = 0; i < 3; i++) current = (await clickOn(current, FRANK, ActionIds.archive, undefined, second)).updated;
    expect(totalOf(current)).toBe(before - 1);
    const refusals = app()
      .slack.messages(DEMO_DIGEST_CHANNEL, FRANK)
      .filter((m) => messageText(m).includes('Only Inbox members can change threads'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.ephemeralTo).toBe(FRANK);
    expect(messageText(current)).not.toContain('Only Inbox members');
  });
});
