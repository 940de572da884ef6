import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BlockAction, ButtonAction } from '@slack/bolt';
import { isValidSlackRequest } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BOT, DEMO_DIGEST_CHANNEL } from '../../sandbox/demo-team.js';
import type { SlackEmulator } from '../../sandbox/slack-emulator/index.js';
import { startBoltApp, startTestEmulator, TEST_SIGNING_SECRET, type TestBoltApp } from './support.js';

const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00002';

const cardBlocks = (label: string) => [
  { type: 'section', block_id: 'card', text: { type: 'mrkdwn', text: `*${label}*` } },
  {
    type: 'actions',
    block_id: 'card_actions',
    elements: [
      { type: 'button', action_id: 'assign', text: { type: 'plain_text', text: 'Assign to me' }, value: 'thread1' },
      {
        type: 'static_select',
        action_id: 'status',
        placeholder: { type: 'plain_text', text: 'Status' },
        options: [
          { text: { type: 'plain_text', text: 'Open' }, value: 'open' },
          { text: { type: 'plain_text', text: 'Done' }, value: 'done' },
        ],
      },
    ],
  },
];

describe('signed requests from the Slack emulator to a real Bolt app', () => {
  let emu: SlackEmulator;
  let bolt: TestBoltApp;
  const received: BlockAction[] = [];
  beforeAll(async () => {
    emu = await startTestEmulator();
    bolt = await startBoltApp(emu, (app) => {
      app.command('/inbox', async ({ command, ack, respond, client }) => {
        if (command.text === 'ack-text') {
          await ack({ response_type: 'in_channel', text: 'done in the ack' });
          return;
        }
        if (command.text === 'slow') {
          await new Promise((r) => setTimeout(r, 3500));
          await ack();
          return;
        }
        await ack();
        if (command.text === 'modal') {
          await client.views.open({
            trigger_id: command.trigger_id,
            view: {
              type: 'modal',
              callback_id: 'note',
              title: { type: 'plain_text', text: 'Add a note' },
              close: { type: 'plain_text', text: 'Cancel' },
              blocks: [
                {
                  type: 'actions',
                  block_id: 'modal_actions',
                  elements: [{ type: 'button', action_id: 'in_modal', text: { type: 'plain_text', text: 'Go' } }],
                },
              ],
            },
          });
          return;
        }
        if (command.text === 'channel') {
          await client.chat.postMessage({ channel: command.channel_id, text: 'card', blocks: cardBlocks('Card') });
          return;
        }
        await respond({ text: 'card', blocks: cardBlocks(`Hello ${command.user_name}`) });
      });
      app.action('assign', async ({ ack, body, respond }) => {
        await ack();
        received.push(body as BlockAction);
        await respond({ replace_original: true, text: 'assigned', blocks: cardBlocks('Assigned to you') });
      });
      app.action('status', async ({ ack, body }) => {
        await ack();
        received.push(body as BlockAction);
      });
      app.action('in_modal', async ({ ack, body, client }) => {
        await ack();
        received.push(body as BlockAction);
        const view = (body as BlockAction).view;
        await client.views.update({
          view_id: view?.id ?? '',
          hash: view?.hash,
          view: {
            type: 'modal',
            title: { type: 'plain_text', text: 'Updated' },
            blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'clicked' } }],
          },
        });
      });
    });
  });
  afterAll(async () => {
    await bolt.stop();
    await emu.close();
  });
  afterEach(() => {
    emu.reset();
    received.length = 0;
  });

  it('delivers a slash command that Bolt verifies and acks; respond() posts an ephemeral through response_url', async () => {
    const ack = await emu.sendCommand({ userId: ALICE, channelId: DEMO_DIGEST_CHANNEL, text: 'hello' });
    expect(ack).toEqual({ status: 200, body: '' });
    const msg = await emu.waitFor(() => emu.messages(DEMO_DIGEST_CHANNEL, ALICE)[0]);
    expect(msg).toMatchObject({ ephemeralTo: ALICE, source: 'response_url', text: 'card' });
    expect(msg.blocks[0]).toMatchObject({ text: { text: '*Hello alice*' } });
    expect(emu.messages(DEMO_DIGEST_CHANNEL, BOB)).toEqual([]);
    const call = emu.calls().find((c) => c.kind === 'response_url');
    expect(call?.url).toMatch(new RegExp(`^${emu.url}/response/[0-9a-f]+$`));
  });

  it('shows a command ack body as a message (in_channel when asked)', async () => {
    await emu.sendCommand({ userId: ALICE, channelId: DEMO_DIGEST_CHANNEL, text: 'ack-text' });
    expect(emu.messages(DEMO_DIGEST_CHANNEL, BOB)).toMatchObject([{ text: 'done in the ack', source: 'ack' }]);
  });

  it('records operation_timeout when the app does not ack within 3 seconds', async () => {
    const res = await emu.sendCommand({ userId: ALICE, channelId: DEMO_DIGEST_CHANNEL, text: 'slow' });
    expect(res).toMatchObject({ status: 0, error: 'operation_timeout' });
    expect(emu.messages(DEMO_DIGEST_CHANNEL, ALICE)).toMatchObject([
      { user: 'USLACKBOT', text: '/inbox failed with the error "operation_timeout"', ephemeralTo: ALICE },
    ]);
  });

  it('clicks a button on an ephemeral message: block_actions with message, container and response_url; replace_original edits it', async () => {
    await emu.sendCommand({ userId: ALICE, channelId: DEMO_DIGEST_CHANNEL, text: 'hello' });
    const msg = await emu.waitFor(() => emu.messages(DEMO_DIGEST_CHANNEL, ALICE)[0]);
    const res = await emu.clickAction({ userId: ALICE, messageTs: msg.ts, actionId: 'assign' });
    expect(res.status).toBe(200);
    const updated = await emu.waitFor(() => emu.messages(DEMO_DIGEST_CHANNEL, ALICE).find((m) => m.revision === 1));
    expect(updated.blocks[0]).toMatchObject({ text: { text: '*Assigned to you*' } });
    expect(emu.messages(DEMO_DIGEST_CHANNEL, ALICE)).toHaveLength(1);
    const body = received[0];
    expect(body).toMatchObject({
      type: 'block_actions',
      user: { id: ALICE, username: 'alice', team_id: 'T0ACMEGROW' },
      team: { id: 'T0ACMEGROW', domain: 'acme-growth' },
      channel: { id: DEMO_DIGEST_CHANNEL, name: 'sales-inbox' },
      container: { type: 'message', message_ts: msg.ts, channel_id: DEMO_DIGEST_CHANNEL, is_ephemeral: true },
      api_app_id: DEMO_BOT.appId,
      message: { ts: msg.ts, blocks: expect.any(Array) },
    });
    const action = body?.actions[0] as ButtonAction;
    expect(action).toMatchObject({ type: 'button', action_id: 'assign', block_id: 'card_actions', value: 'thread1' });
    expect(action.action_ts).toMatch(/^\d+\.\d+$/);
    expect(body?.trigger_id).toEqual(expect.any(String));
  });

  it('picks a static select option on a channel message, with state values', async () => {
    await emu.sendCommand({ userId: ALICE, channelId: DEMO_DIGEST_CHANNEL, text: 'channel' });
    const msg = await emu.waitFor(() => emu.messages(DEMO_DIGEST_CHANNEL)[0]);
    await emu.clickAction({ userId: BOB, messageTs: msg.ts, actionId: 'status', selectedValue: 'done' });
    await emu.waitFor(() => received[0]);
    expect(received[0]?.actions[0]).toMatchObject({ type: 'static_select', selected_option: { value: 'done' } });
    expect(received[0]?.state?.values.card_actions?.status).toMatchObject({ selected_option: { value: 'done' } });
    expect(received[0]?.container).toMatchObject({ is_ephemeral: false });
  });

  it('opens a modal with the command trigger; a click inside sends the view; views.update redraws it', async () => {
    await emu.sendCommand({ userId: ALICE, channelId: DEMO_DIGEST_CHANNEL, text: 'modal' });
    const view = await emu.waitFor(() => emu.views(ALICE)[0]);
    expect(view.view).toMatchObject({ callback_id: 'note', title: { text: 'Add a note' } });
    await emu.clickAction({ userId: ALICE, viewId: view.id, actionId: 'in_modal' });
    await emu.waitFor(() => emu.views(ALICE).find((v) => (v.view.title as { text: string }).text === 'Updated'));
    expect(received[0]).toMatchObject({ container: { type: 'view', view_id: view.id }, view: { id: view.id } });
    expect(emu.views(ALICE)).toHaveLength(1);
  });
});

describe('deliveries as seen by a plain HTTP server', () => {
  let emu: SlackEmulator;
  let server: Server;
  const requests: { headers: IncomingMessage['headers']; body: string }[] = [];
  beforeAll(async () => {
    emu = await startTestEmulator();
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        requests.push({ headers: req.headers, body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    emu.setAppUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await emu.close();
  });

  it('sends every slash command field of Slack, form-encoded and signed', async () => {
    await emu.sendCommand({ userId: ALICE, channelId: DEMO_DIGEST_CHANNEL, text: 'list mine' });
    const req = requests.at(-1);
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const fields = Object.fromEntries(new URLSearchParams(req?.body));
    expect(fields).toMatchObject({
      command: '/inbox',
      text: 'list mine',
      user_id: ALICE,
      user_name: 'alice',
      team_id: 'T0ACMEGROW',
      team_domain: 'acme-growth',
      channel_id: DEMO_DIGEST_CHANNEL,
      channel_name: 'sales-inbox',
      api_app_id: DEMO_BOT.appId,
    });
    expect(fields.response_url).toMatch(/\/response\/[0-9a-f]+$/);
    expect(fields.trigger_id).toEqual(expect.any(String));
    const valid = isValidSlackRequest({
      signingSecret: TEST_SIGNING_SECRET,
      body: req?.body ?? '',
      headers: {
        'x-slack-signature': String(req?.headers['x-slack-signature']),
        'x-slack-request-timestamp': Number(req?.headers['x-slack-request-timestamp']),
      },
    });
    expect(valid).toBe(true);
  });

  it('reports dispatch_failed when the app answers with an error status', async () => {
    emu.setAppUrl('http://127.0.0.1:1/slack/events');
    const res = await emu.sendCommand({ userId: ALICE, channelId: DEMO_DIGEST_CHANNEL, text: 'x' });
    expect(res.error).toBe('dispatch_failed');
  });
});
