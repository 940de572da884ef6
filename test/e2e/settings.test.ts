/**
 * `/inbox remind` and `/inbox settings` end to end: signed slash commands, block_actions and view_submissions
 * from the Slack emulator into the app; settings saved in the state store; the settings then used by the app.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../sandbox/demo-team.js';
import { SEED_THREADS } from '../../sandbox/inbox-emulator/seed.js';
import type { StoredView } from '../../sandbox/slack-emulator/types.js';
import { ActionIds, BlockIds, CallbackIds, SettingsInputs, settingsDigestBlockId } from '../../src/blocks/ids.js';
import { CHANNEL, messageText, useAppStack } from '../support/app-stack.js';

const [ALICE, BOB] = DEMO_PEOPLE.map((p) => p.slackUserId) as [string, string];
const FRANK = 'U0FRANK006';
const BOB_MEMBER = DEMO_PEOPLE[1]?.memberId ?? '';

const app = useAppStack();

async function answer(userId: string, text: string): Promise<string> {
  const seen = new Set(
    app()
      .slack.messages(CHANNEL, userId)
      .map((m) => m.ts),
  );
  await app().command(userId, text);
  const message = await app().waitForMessage(userId, (m) => !seen.has(m.ts));
  return messageText(message);
}

/** The user's top modal once it shows `blockId` (or the callback's loaded form). */
function modal(userId: string, ready: (v: StoredView) => boolean): Promise<StoredView> {
  return app().slack.waitFor(() => {
    const views = app()
      .slack.views(userId)
      .filter((v) => v.type === 'modal');
    const top = views.at(-1);
    return top && ready(top) ? top : undefined;
  }, 8_000);
}

const blockIds = (v: StoredView) => (v.view.blocks as Array<{ block_id?: string }>).map((b) => b.block_id);
const hasBlock = (id: string) => (v: StoredView) => blockIds(v).includes(id);

async function openSettings(userId: string): Promise<StoredView> {
  await app().command(userId, 'settings');
  return modal(userId, (v) => v.view.callback_id === CallbackIds.settingsModal && blockIds(v).length > 1);
}

const policyValues = (action: string, read = 'anyone') => ({
  [SettingsInputs.actionPolicy]: {
    [SettingsInputs.actionPolicy]: { type: 'static_select', selected_option: { value: action } },
  },
  [SettingsInputs.readPolicy]: {
    [SettingsInputs.readPolicy]: { type: 'static_select', selected_option: { value: read } },
  },
});

describe('/inbox remind', () => {
  it('sets, shows and stops a personal reminder in the caller’s Slack time zone', async () => {
    const set = await answer(ALICE, 'remind mon,wed,fri at 8:30 min-age:2h');
    expect(set).toContain('Reminder set: Mon, Wed, Fri at 08:30, threads waiting 2 h or more');
    expect(set).toContain('America/New_York');
    expect(set).toContain('Next one: <!date^');
    expect(await answer(ALICE, 'remind')).toContain('Your reminder: Mon, Wed, Fri at 08:30');
    expect(await answer(ALICE, 'remind off')).toContain('Your reminder is off');
    expect(await answer(ALICE, 'remind')).toContain('You have no reminder');
  });

  it('says what is wrong with a time that cannot be', async () => {
    expect(await answer(ALICE, 'remind at 25:00')).toContain("“25:00” isn't a time of day");
  });
});

describe('/inbox settings', () => {
  it('refuses someone who may not change settings, in words', async () => {
    await app().command(FRANK, 'settings');
    const refused = await modal(FRANK, (v) => JSON.stringify(v.view.blocks).includes('Only Inbox admins'));
    expect(refused.view.submit).toBeNull();
  });

  it('shows the environment’s values until someone saves; then Slack wins (READ_POLICY, ACTION_POLICY)', async () => {
    const settings = await openSettings(ALICE);
    expect(messageText({ blocks: settings.view.blocks as unknown[] })).toContain(
      'starting values from the environment',
    );
    // The sandbox's DIGEST_CHANNEL is the first channel digest.
    expect(blockIds(settings)).toContain(settingsDigestBlockId('d1'));
    // Frank has no Inbox seat: under READ_POLICY=members he cannot read a thread.
    expect(await answer(FRANK, `thread ${SEED_THREADS.jordanNoReply}`)).toMatch(/Inbox members/);

    const saved = await app().slack.submitView({
      userId: ALICE,
      viewId: settings.id,
      values: policyValues('members', 'anyone'),
    });
    expect(saved.errors).toBeUndefined();
    expect(
      app()
        .slack.views(ALICE)
        .filter((v) => v.type === 'modal'),
    ).toEqual([]);

    // Now he reads; under ACTION_POLICY=members he still cannot archive.
    const card = await app().postCard(FRANK, SEED_THREADS.jordanNoReply);
    const archive = { userId: FRANK, message: card, threadId: SEED_THREADS.jordanNoReply, actionId: ActionIds.archive };
    await app().clickCard(archive);
    await app().waitForMessage(FRANK, (m) => messageText(m).includes('Only Inbox members can change threads'));

    const again = await openSettings(ALICE);
    expect(messageText({ blocks: again.view.blocks as unknown[] })).toContain(`Saved in Slack by <@${ALICE}>`);
    await app().slack.submitView({ userId: ALICE, viewId: again.id, values: policyValues('anyone', 'anyone') });
    await app().clickCard(archive);
    await app().waitForMessage(FRANK, (m) => messageText(m).includes(`Archived by <@${FRANK}>`));
    expect(app().inbox.controls.store.thread(SEED_THREADS.jordanNoReply)?.done).toBe(true);
  });

  it('links a Slack user to an Inbox member: Frank’s Home then shows Bob’s queue', async () => {
    const settings = await openSettings(ALICE);
    const saved = await app().slack.submitView({
      userId: ALICE,
      viewId: settings.id,
      values: {
        ...policyValues('members'),
        [SettingsInputs.linkUser]: { [SettingsInputs.linkUser]: { type: 'users_select', selected_user: FRANK } },
        [SettingsInputs.linkMember]: {
          [SettingsInputs.linkMember]: { type: 'static_select', selected_option: { value: BOB_MEMBER } },
        },
      },
    });
    expect(saved.errors).toBeUndefined();
    await app().slack.openHome({ userId: FRANK });
    const home = await app().slack.waitFor(() => app().slack.home(FRANK), 8_000);
    expect(blockIds(home as StoredView)).toContain(BlockIds.homeCounts);
  });

  it('puts each problem of a channel digest on its field and saves nothing; a valid one appears in the list', async () => {
    const settings = await openSettings(ALICE);
    await app().slack.clickAction({ userId: ALICE, viewId: settings.id, actionId: ActionIds.settingsAddDigest });
    const editor = await modal(ALICE, (v) => v.view.callback_id === CallbackIds.settingsDigest);
    type Values = Record<string, Record<string, Record<string, unknown>>>;
    const form = (over: Values): Values => {
      const v = (id: string, value: Record<string, unknown>): Values => ({ [id]: { [id]: value } });
      return {
        ...v(SettingsInputs.channel, { type: 'conversations_select', selected_conversation: 'C0RANDOM01' }),
        ...v(SettingsInputs.days, { type: 'multi_static_select', selected_options: [{ value: '1' }, { value: '3' }] }),
        ...v(SettingsInputs.times, { type: 'plain_text_input', value: '25:00' }),
        ...v(SettingsInputs.timezone, { type: 'plain_text_input', value: 'Mars/Olympus' }),
        ...v(SettingsInputs.assigneeIds, {
          type: 'multi_static_select',
          selected_options: [{ value: 'mnosuchmember000000000000' }],
        }),
        ...v(SettingsInputs.minAge, { type: 'plain_text_input', value: 'soon' }),
        ...over,
      };
    };
    const refused = await app().slack.submitView({ userId: ALICE, viewId: editor.id, values: form({}) });
    expect(refused.errors).toEqual({
      [SettingsInputs.channel]: expect.stringContaining('/invite @Inbox'),
      [SettingsInputs.times]: expect.stringContaining('“25:00” is not a time of day'),
      [SettingsInputs.timezone]: expect.stringContaining('not a time zone'),
      [SettingsInputs.assigneeIds]: expect.stringContaining('no longer a member'),
      [SettingsInputs.minAge]: expect.stringContaining('duration'),
    });
    // Nothing was saved: the list behind the editor has no new digest.
    const behind = await openSettingsView(ALICE, settings.id);
    expect(blockIds(behind)).not.toContain(settingsDigestBlockId('d2'));

    const ok = await app().slack.submitView({
      userId: ALICE,
      viewId: editor.id,
      values: form({
        [SettingsInputs.channel]: {
          [SettingsInputs.channel]: { type: 'conversations_select', selected_conversation: 'C0GENERAL1' },
        },
        [SettingsInputs.times]: { [SettingsInputs.times]: { type: 'plain_text_input', value: '9:00, 16:30' } },
        [SettingsInputs.timezone]: { [SettingsInputs.timezone]: { type: 'plain_text_input', value: 'Europe/Paris' } },
        [SettingsInputs.assigneeIds]: {
          [SettingsInputs.assigneeIds]: { type: 'multi_static_select', selected_options: [] },
        },
        [SettingsInputs.minAge]: { [SettingsInputs.minAge]: { type: 'plain_text_input', value: '2h' } },
      }),
    });
    expect(ok.errors).toBeUndefined();
    const list = await modal(ALICE, hasBlock(settingsDigestBlockId('d2')));
    expect(messageText({ blocks: list.view.blocks as unknown[] })).toContain('Mon, Wed at 09:00, 16:30 (Europe/Paris)');
  });

  it('two admins saving at once: the first write lands whole, the second is told who saved and keeps their choice', async () => {
    const alice = await openSettings(ALICE);
    const bob = await openSettings(BOB);
    const a = await app().slack.submitView({ userId: ALICE, viewId: alice.id, values: policyValues('anyone') });
    expect(a.errors).toBeUndefined();
    const b = await app().slack.submitView({ userId: BOB, viewId: bob.id, values: policyValues('members', 'members') });
    expect(b.errors).toBeUndefined();
    const told = await modal(BOB, hasBlock(BlockIds.settingsConflict));
    expect(messageText({ blocks: told.view.blocks as unknown[] })).toContain(`<@${ALICE}> saved the settings`);
    // Bob's choices are kept in the form; saving again wins (the last write).
    expect(JSON.stringify(told.view.blocks)).toContain(
      '"initial_option":{"text":{"type":"plain_text","text":"Inbox members only","emoji":true},"value":"members"}',
    );
    const again = await app().slack.submitView({
      userId: BOB,
      viewId: told.id,
      values: policyValues('members', 'members'),
    });
    expect(again.errors).toBeUndefined();
    const final = await openSettings(ALICE);
    expect(messageText({ blocks: final.view.blocks as unknown[] })).toContain(`Saved in Slack by <@${BOB}>`);
  });
});

/** The settings modal as it is now (after an action elsewhere redrew it). */
async function openSettingsView(userId: string, viewId: string): Promise<StoredView> {
  return app().slack.waitFor(
    () =>
      app()
        .slack.views(userId)
        .find((v) => v.id === viewId),
    8_000,
  );
}
