/**
 * `/inbox autoassign` end to end: set up, status, `now` with one confirm (even split, a thread assigned by hand
 * meanwhile left alone, applied once), skip, off.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../sandbox/demo-team.js';
import { ActionIds, BlockIds } from '../../src/blocks/ids.js';
import { CHANNEL, commandAnswer, messageText, useAppStack } from '../support/app-stack.js';

const ALICE = DEMO_PEOPLE[0]?.slackUserId ?? '';
const FRANK = 'U0FRANK006';
const ALICE_MEMBER = DEMO_PEOPLE[0]?.memberId ?? '';
const CAROL_MEMBER = DEMO_PEOPLE[2]?.memberId ?? '';
const DAN_MEMBER = DEMO_PEOPLE[3]?.memberId ?? '';

const app = useAppStack();

const run = (text: string, userId = ALICE) => commandAnswer(app(), userId, text);

const unassignedNoReply = () =>
  app()
    .inbox.controls.store.threads({ inbox: 'no-reply', sortOrder: 'desc' })
    .filter((t) => t.assigneeId === null);

describe('/inbox autoassign', () => {
  // First: the store keeps the set-up for the rest of the file.
  it('refuses a Slack user with no Inbox seat, and explains status before any set-up', async () => {
    expect(messageText(await run('autoassign status'))).toContain('not set up');
    expect(messageText(await run('autoassign carol dan', FRANK))).toContain('not linked');
  });

  it('turns on, shows who is next, assigns the waiting threads in turn with one confirm, and counts them', async () => {
    const on = await run('autoassign carol dan');
    expect(messageText(on)).toContain('Round-robin is on: Carol Okafor → Dan');

    const status = await run('autoassign status');
    expect(messageText(status)).toMatch(/Carol Okafor: 0 threads this week ← \*next\*/);

    const waiting = unassignedNoReply();
    expect(waiting.length).toBeGreaterThan(2);
    expect(waiting.length).toBeLessThanOrEqual(100);
    const preview = await run('autoassign now');
    const half = Math.ceil(waiting.length / 2);
    expect(messageText(preview)).toContain(`Assign ${waiting.length} threads in turn?`);
    expect(messageText(preview)).toContain(`Carol Okafor ${half}`);

    // Someone takes the newest one by hand before the confirm (it was planned last).
    const [newest] = waiting;
    await fetch(`${app().inbox.url}/threads/${newest?.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${app().config.inbox.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ assigneeId: ALICE_MEMBER }),
    });

    await app().slack.clickAction({
      userId: ALICE,
      messageTs: preview.ts,
      actionId: ActionIds.autoassignApply,
      blockId: BlockIds.autoassignActions,
    });
    const summary = await app().waitForMessage(
      ALICE,
      (m) => m.ts === preview.ts && messageText(m).includes('Assigned'),
      CHANNEL,
      20_000,
    );
    expect(messageText(summary)).toContain(`Assigned ${waiting.length - 1} threads in turn`);
    expect(messageText(summary)).toContain('1 thread assigned by someone else meanwhile: left alone');

    const after = waiting.map((t) => app().inbox.controls.store.thread(t.id)?.assigneeId);
    expect(after[0]).toBe(ALICE_MEMBER);
    const carol = after.filter((id) => id === CAROL_MEMBER).length;
    const dan = after.filter((id) => id === DAN_MEMBER).length;
    expect(carol + dan).toBe(waiting.length - 1);
    expect(Math.abs(carol - dan)).toBeLessThanOrEqual(1);

    const counted = await run('autoassign status');
    expect(messageText(counted)).toContain(`Carol Okafor: ${carol} thread`);
    expect(messageText(counted)).toContain(`Dan`);
    expect(messageText(counted)).toContain(`: ${dan} thread`);
  });

  it('assigns a new thread that arrives through live events to the next member, who gets a DM', async () => {
    const { thread } = app().inbox.controls.newRequest({ content: 'Hi, do you have a demo slot this week?' });
    expect(thread.assigneeId).toBeNull();
    const assigned = await app().slack.waitFor(() => {
      const now = app().inbox.controls.store.thread(thread.id);
      return now?.assigneeId ? now : undefined;
    }, 8_000);
    expect([CAROL_MEMBER, DAN_MEMBER]).toContain(assigned.assigneeId);
    const person = DEMO_PEOPLE.find((p) => p.memberId === assigned.assigneeId);
    const dm = await app().slack.waitFor(
      () =>
        app()
          .slack.messages(`D${(person?.slackUserId ?? '').slice(1)}`)
          .find((m) => /assigned/i.test(m.text)),
      8_000,
    );
    expect(messageText(dm)).toMatch(/assigned/i);
    // Once per thread: the same event again (a duplicate delivery) does not move it on.
    expect(app().inbox.controls.store.thread(thread.id)?.assigneeId).toBe(assigned.assigneeId);
  });

  it('skips someone until a day, then turns off', async () => {
    await run('autoassign carol dan');
    const skip = await run('autoassign skip dan until friday');
    expect(messageText(skip)).toContain('is skipped until');
    expect(messageText(await run('autoassign status'))).toContain('away until');
    const preview = await run('autoassign now');
    expect(messageText(preview)).toContain(`Carol Okafor ${unassignedNoReply().length}`);
    expect(messageText(preview)).not.toContain('Dan Kowalski');
    expect(messageText(await run('autoassign off'))).toContain('Round-robin is off');
    expect(messageText(await run('autoassign now'))).toContain('Round-robin is off');
  });
});
