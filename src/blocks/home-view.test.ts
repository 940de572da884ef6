import { describe, expect, it } from 'vitest';
import { validateView } from '../../sandbox/slack-emulator/block-validation.js';
import { messageText } from '../../test/support/app-stack.js';
import { ALICE, INBOX_APP_URL, makeDirectory, makeThreads, NOW } from '../../test/support/block-fixtures.js';
import type { Thread } from '../inbox/schemas.js';
import type { Queue } from '../services/queue.js';
import { buildHomeView, HOME_MORE_AWAITING, HOME_MORE_OTHER, type HomeInput } from './home-view.js';
import { ActionIds, BlockIds } from './ids.js';

function queueOf(awaiting: Thread[], other: Thread[], extra: Partial<Queue> = {}): Queue {
  return {
    member: ALICE,
    directory: makeDirectory(),
    awaiting,
    awaitingTotal: awaiting.length,
    oldestSince: awaiting.length > 0 ? new Date(Date.parse(awaiting[0]?.lastMessageTimestamp ?? '')) : null,
    other,
    otherTotal: other.length,
    capped: false,
    ...extra,
  };
}

const base = { now: NOW, inboxAppUrl: INBOX_APP_URL, reminder: null, canManageSettings: false } as const;
const build = (input: Partial<HomeInput> & Pick<HomeInput, 'state'>) => buildHomeView({ ...base, ...input });
const ids = (view: ReturnType<typeof buildHomeView>) => view.blocks.map((b) => b.block_id);
const text = (view: ReturnType<typeof buildHomeView>) => messageText({ blocks: view.blocks });
const cardIds = (view: ReturnType<typeof buildHomeView>) =>
  ids(view)
    .map((id) => /^thread:([^:]+):head$/.exec(id ?? '')?.[1])
    .filter((id): id is string => id !== undefined);

describe('buildHomeView', () => {
  it('shows a linked user with threads: counts, awaiting cards before the other open ones, buttons, no "more"', () => {
    const awaiting = makeThreads(3, { assigneeId: ALICE.id });
    const other = makeThreads(2, { assigneeId: ALICE.id }).map((t) => ({ ...t, id: `o${t.id.slice(1)}` }));
    const view = build({ state: { kind: 'queue', queue: queueOf(awaiting, other) } });
    expect(view.type).toBe('home');
    expect(validateView(view)).toEqual([]);
    expect(text(view)).toContain('*3 threads* awaiting your reply · *2* other open');
    expect(text(view)).toContain('The longest has waited');
    expect(cardIds(view)).toEqual([...awaiting, ...other].map((t) => t.id));
    expect(ids(view).indexOf(BlockIds.homeAwaiting)).toBeLessThan(ids(view).indexOf(BlockIds.homeOther));
    expect(JSON.stringify(view)).toContain(ActionIds.archive);
    expect(JSON.stringify(view)).toContain(ActionIds.assignSelect);
    expect(ids(view)).not.toContain(BlockIds.homeAwaitingMore);
    expect(ids(view)).not.toContain(BlockIds.homeOtherMore);
  });

  it('shows a linked user with nothing: zero counts and friendly lines, not an empty page', () => {
    const view = build({ state: { kind: 'queue', queue: queueOf([], []) } });
    expect(validateView(view)).toEqual([]);
    expect(text(view)).toContain('*0 threads* awaiting your reply · *0* other open');
    expect(text(view)).toContain('Nothing is waiting for your reply');
    expect(text(view)).toContain('No other open threads are assigned to you');
    expect(cardIds(view)).toEqual([]);
    expect(text(view)).toContain('/inbox remind weekdays at 9:00');
  });

  it('shows the reminder setting in words when there is one', () => {
    const view = build({ state: { kind: 'queue', queue: queueOf([], []) }, reminder: 'weekdays at 09:00' });
    expect(text(view)).toContain('Your reminder: weekdays at 09:00');
    expect(text(view)).toContain('/inbox remind off');
  });

  it('tells an unlinked user why and what to do, with a Refresh button', () => {
    const view = build({ state: { kind: 'unlinked' } });
    expect(validateView(view)).toEqual([]);
    expect(ids(view)).toContain(BlockIds.homeUnlinked);
    expect(text(view)).toContain('not linked to an Inbox member');
    expect(text(view)).toContain('/inbox settings');
    expect(JSON.stringify(view)).toContain(ActionIds.homeRefresh);
  });

  it('stays within 100 blocks for a user with 500 threads, with "and N more" and the commands that list them', () => {
    const awaiting = makeThreads(300, { assigneeId: ALICE.id });
    const other = makeThreads(200, { assigneeId: ALICE.id }).map((t) => ({ ...t, id: `o${t.id.slice(1)}` }));
    const view = build({
      state: {
        kind: 'queue',
        queue: queueOf(awaiting.slice(0, 15), other.slice(0, 15), { awaitingTotal: 300, otherTotal: 200 }),
      },
      notice: '✅ Archived.',
    });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(validateView(view)).toEqual([]);
    expect(text(view)).toContain('*300 threads* awaiting your reply · *200* other open');
    const shown = cardIds(view);
    const shownAwaiting = shown.filter((id) => id.startsWith('t')).length;
    const shownOther = shown.filter((id) => id.startsWith('o')).length;
    expect(shownAwaiting).toBeGreaterThanOrEqual(10);
    expect(shownOther).toBeGreaterThanOrEqual(1);
    expect(text(view)).toContain(`…and *${300 - shownAwaiting} more*. List them with \`${HOME_MORE_AWAITING}\``);
    expect(text(view)).toContain(`…and *${200 - shownOther} more*. List them with \`${HOME_MORE_OTHER}\``);
    // The reminder line, the last block, survived the budget.
    expect(ids(view).at(-1)).toBe(BlockIds.homeReminder);
  });

  it('reads counts as lower bounds when the walk was capped', () => {
    const awaiting = makeThreads(15, { assigneeId: ALICE.id });
    const view = build({
      state: { kind: 'queue', queue: queueOf(awaiting, [], { awaitingTotal: 2000, capped: true }) },
    });
    expect(text(view)).toContain('*2,000+ threads* awaiting your reply');
    expect(text(view)).toContain('more*. List them');
  });

  it('says in words that Inbox could not be read', () => {
    const view = build({ state: { kind: 'unavailable', message: 'Inbox is not answering (timed out).' } });
    expect(validateView(view)).toEqual([]);
    expect(text(view)).toContain('could not be loaded: Inbox is not answering');
  });
});
