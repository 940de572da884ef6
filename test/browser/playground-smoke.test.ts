import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIGEST_CHANNEL } from '../../sandbox/demo-team.js';
import type { SlackEmulator } from '../../sandbox/slack-emulator/index.js';
import { startBoltApp, startTestEmulator, type TestBoltApp } from '../slack-emulator/support.js';
import { type BrowserSession, HAS_CHROMIUM, launchBrowser, SKIP_REASON } from './support.js';

if (!HAS_CHROMIUM) console.warn(SKIP_REASON);

const DATE_TS = 1_767_268_800; // 2026-01-01T12:00:00Z

function card(status: string): KnownBlock[] {
  return [
    { type: 'header', text: { type: 'plain_text', text: 'Jane Doe (@janedoe)' } },
    {
      type: 'section',
      block_id: 'thread',
      text: {
        type: 'mrkdwn',
        text: `*Last message* from <@U0BOB00002>: _“Can we talk pricing?”_ &lt;script&gt;alert(1)&lt;/script&gt; ~old~ \`code\`\n>quoted line\n<https://x.com/i/chat/123|Open on X> · <!here>`,
      },
      fields: [
        { type: 'mrkdwn', text: `*Status*\n${status}` },
        { type: 'mrkdwn', text: '*Campaign*\nQ4 founders' },
      ],
      accessory: {
        type: 'overflow',
        action_id: 'more',
        options: [
          { text: { type: 'plain_text', text: 'Snooze 1 day' }, value: 'snooze' },
          { text: { type: 'plain_text', text: 'Archive' }, value: 'archive' },
        ],
      },
    },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Last reply <!date^${DATE_TS}^{date_num} {time}|2026-01-01 12:00 UTC>` }],
    },
    { type: 'divider' },
    {
      type: 'actions',
      block_id: 'thread_actions',
      elements: [
        {
          type: 'button',
          action_id: 'assign',
          style: 'primary',
          text: { type: 'plain_text', text: 'Assign to me' },
          value: 't1',
        },
        { type: 'button', action_id: 'archive', style: 'danger', text: { type: 'plain_text', text: 'Archive' } },
        {
          type: 'static_select',
          action_id: 'status',
          placeholder: { type: 'plain_text', text: 'Set status' },
          options: [
            { text: { type: 'plain_text', text: 'Open' }, value: 'open' },
            { text: { type: 'plain_text', text: 'Done' }, value: 'done' },
          ],
        },
      ],
    },
  ];
}

describe.skipIf(!HAS_CHROMIUM)('the playground page against the emulator and a tiny Bolt app', () => {
  let emu: SlackEmulator;
  let bolt: TestBoltApp;
  let session: BrowserSession;
  const notes: string[] = [];

  beforeAll(async () => {
    emu = await startTestEmulator({
      commandHint: '/inbox help · /inbox list · /inbox digest post',
      ackTimeoutMs: 1000,
    });
    bolt = await startBoltApp(emu, (app) => {
      app.command('/inbox', async ({ ack, command, client, respond }) => {
        if (command.text === 'slow') {
          await new Promise((resolve) => setTimeout(resolve, 1500));
          await ack();
          return;
        }
        await ack();
        if (command.text === 'note') {
          await client.views.open({
            trigger_id: command.trigger_id,
            view: {
              type: 'modal',
              callback_id: 'note',
              title: { type: 'plain_text', text: 'Add a note' },
              submit: { type: 'plain_text', text: 'Save' },
              close: { type: 'plain_text', text: 'Cancel' },
              blocks: [
                { type: 'section', text: { type: 'mrkdwn', text: 'Notes are shared with *Acme Growth*.' } },
                {
                  type: 'input',
                  block_id: 'note',
                  label: { type: 'plain_text', text: 'Note' },
                  element: { type: 'plain_text_input', action_id: 'text', multiline: true },
                },
              ],
            },
          });
          return;
        }
        if (command.text === 'help') {
          await respond({ text: '*Inbox for Slack*\n`/inbox list` — your open threads' });
          return;
        }
        await client.chat.postMessage({ channel: command.channel_id, text: 'Jane Doe', blocks: card('Open') });
      });
      app.view('note', async ({ ack, view }) => {
        const text = view.state.values.note?.text?.value ?? '';
        if (text.length < 3) {
          await ack({ response_action: 'errors', errors: { note: 'Write at least 3 characters' } });
          return;
        }
        await ack();
        notes.push(text);
      });
      app.action('assign', async ({ ack, body, client }) => {
        await ack();
        const container = (body as unknown as { container: { channel_id: string; message_ts: string } }).container;
        await client.chat.update({
          channel: container.channel_id,
          ts: container.message_ts,
          text: 'Assigned',
          blocks: card(`Assigned to <@${body.user.id}>`),
        });
      });
    });
    session = await launchBrowser();
  });

  afterAll(async () => {
    await session?.close();
    await bolt?.stop();
    await emu?.close();
  });

  it('sends a typed command, shows the message, clicks its button and shows the update in place', async () => {
    const { page } = session;
    await page.goto(`${emu.playgroundUrl}?user=U0ALICE001&channel=${DEMO_DIGEST_CHANNEL}`);
    await page.getByTestId('channel-list').getByText('sales-inbox').waitFor();
    expect(await page.getByTestId('command-hint').textContent()).toContain('/inbox list');
    expect(await page.getByTestId('user-switcher').inputValue()).toBe('U0ALICE001');

    await page.getByTestId('composer').fill('/inbox help');
    await page.getByTestId('composer').press('Enter');
    const help = page.getByTestId('message').filter({ hasText: 'Inbox for Slack' });
    await help.waitFor();
    await expect(help.getByTestId('ephemeral-marker').textContent()).resolves.toContain('Only visible to you');

    await page.getByTestId('composer').fill('/inbox list');
    await page.getByTestId('composer').press('Enter');
    const message = page.getByTestId('message').filter({ hasText: 'Jane Doe' });
    await message.waitFor();
    const text = (await message.textContent()) ?? '';
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('@Bob Martinez');
    expect(text).toContain('@here');
    expect(await message.locator('script').count()).toBe(0);
    expect(await message.locator('strong').first().textContent()).toBe('Last message');
    expect(await message.locator('a[href="https://x.com/i/chat/123"]').textContent()).toBe('Open on X');
    expect(await message.getByTestId('date').textContent()).toMatch(/^2026-01-01 12:00\s?PM$/);
    expect(await message.getByTestId('block').count()).toBe(5);
    const ts = await message.getAttribute('data-ts');

    await session.screenshot('playground-before-click');
    await message.getByTestId('button-assign').click();
    const updated = page.locator(`[data-testid="message"][data-ts="${ts}"][data-revision="1"]`);
    await updated.waitFor();
    expect(await updated.textContent()).toContain('Assigned to @Alice Chen');
    expect(await updated.getByTestId('edited').count()).toBe(1);
    expect(await page.locator(`[data-testid="message"][data-ts="${ts}"]`).count()).toBe(1);

    await session.screenshot('playground-smoke');
    expect(session.errors).toEqual([]);
  });

  it('shows what another user sees: ephemerals of Alice are hidden from Bob', async () => {
    const { page } = session;
    await page.getByTestId('user-switcher').selectOption('U0BOB00002');
    await page.getByTestId('message').filter({ hasText: 'Jane Doe' }).waitFor();
    expect(await page.getByTestId('message').filter({ hasText: 'Inbox for Slack' }).count()).toBe(0);
  });

  it('draws a modal, shows validation errors from the ack, and closes it on a valid submit', async () => {
    const { page } = session;
    await page.getByTestId('user-switcher').selectOption('U0ALICE001');
    await page.getByTestId('composer').fill('/inbox note');
    await page.getByTestId('composer').press('Enter');
    const modal = page.getByTestId('modal');
    await modal.waitFor();
    expect(await page.getByTestId('modal-title').textContent()).toBe('Add a note');
    await page.getByTestId('input-text').fill('hi');
    await page.getByTestId('modal-submit').click();
    await modal.getByText('Write at least 3 characters').waitFor();
    await session.screenshot('playground-modal');
    await page.getByTestId('input-text').fill('Call her Tuesday');
    await page.getByTestId('modal-submit').click();
    await modal.waitFor({ state: 'detached' });
    expect(notes).toEqual(['Call her Tuesday']);
  });

  it("shows Slack's operation_timeout when the app does not ack in time", async () => {
    const { page } = session;
    await page.getByTestId('composer').fill('/inbox slow');
    await page.getByTestId('composer').press('Enter');
    await page.getByTestId('message').filter({ hasText: 'failed with the error "operation_timeout"' }).waitFor();
    await page.getByTestId('toast').filter({ hasText: 'operation_timeout' }).waitFor();
  });
});
