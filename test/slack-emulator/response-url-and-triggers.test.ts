import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_DIGEST_CHANNEL } from '../../sandbox/demo-team.js';
import { type SlackEmulator, signSlackRequest } from '../../sandbox/slack-emulator/index.js';
import { startTestEmulator, webClient } from './support.js';

const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00002';

/** A stand-in app that acks everything and remembers each payload (commands form fields, interactions JSON). */
async function startRecorder(emu: SlackEmulator): Promise<{ server: Server; payloads: Record<string, string>[] }> {
  const payloads: Record<string, string>[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      payloads.push(Object.fromEntries(new URLSearchParams(body)));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  emu.setAppUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  return { server, payloads };
}

function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

const buttonBlocks = [
  {
    type: 'actions',
    block_id: 'a',
    elements: [{ type: 'button', action_id: 'go', text: { type: 'plain_text', text: 'Go' } }],
  },
];

describe('response_url and trigger_id semantics', () => {
  let emu: SlackEmulator;
  let recorder: { server: Server; payloads: Record<string, string>[] };
  let clock = 1_767_268_800_000;
  beforeAll(async () => {
    emu = await startTestEmulator({ now: () => new Date(clock) });
    recorder = await startRecorder(emu);
  });
  afterAll(async () => {
    recorder.server.closeAllConnections();
    recorder.server.close();
    await emu.close();
  });
  beforeEach(() => {
    emu.reset();
    recorder.payloads.length = 0;
  });

  async function command(userId = ALICE): Promise<Record<string, string>> {
    await emu.sendCommand({ userId, channelId: DEMO_DIGEST_CHANNEL, text: 'x' });
    const payload = recorder.payloads.at(-1);
    if (!payload) throw new Error('no payload');
    return payload;
  }

  it('posts ephemeral by default and in_channel when asked', async () => {
    const { response_url } = await command();
    expect((await post(response_url ?? '', { text: 'just you' })).status).toBe(200);
    expect((await post(response_url ?? '', { text: 'everyone', response_type: 'in_channel' })).status).toBe(200);
    expect(emu.messages(DEMO_DIGEST_CHANNEL, BOB).map((m) => m.text)).toEqual(['everyone']);
    expect(emu.messages(DEMO_DIGEST_CHANNEL, ALICE).map((m) => m.text)).toEqual(['just you', 'everyone']);
    expect(emu.calls().map((c) => c.method)).toEqual(['response_url', 'response_url']);
  });

  it('allows 5 uses, then answers 404 used_url', async () => {
    const { response_url } = await command();
    for (let i = 0; i < 5; i++) expect((await post(response_url ?? '', { text: `r${i}` })).status).toBe(200);
    const sixth = await post(response_url ?? '', { text: 'r5' });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toMatchObject({ error: 'used_url' });
  });

  it('expires after 30 minutes with 404 expired_url', async () => {
    const { response_url } = await command();
    clock += 30 * 60 * 1000 + 1;
    const res = await post(response_url ?? '', { text: 'late' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'expired_url' });
  });

  it('rejects invalid blocks with HTTP 400 invalid_blocks without using up the URL', async () => {
    const { response_url } = await command();
    const res = await post(response_url ?? '', {
      text: 'x',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: 'invalid_blocks',
      response_metadata: { messages: [expect.any(String)] },
    });
    expect(emu.messages(DEMO_DIGEST_CHANNEL)).toEqual([]);
  });

  it('replace_original and delete_original act on the message an interaction came from, ephemeral included', async () => {
    const { response_url } = await command();
    await post(response_url ?? '', { text: 'card', blocks: buttonBlocks });
    const [card] = emu.messages(DEMO_DIGEST_CHANNEL, ALICE);
    await emu.clickAction({ userId: ALICE, messageTs: card?.ts, actionId: 'go' });
    const interaction = JSON.parse(recorder.payloads.at(-1)?.payload ?? '{}') as { response_url: string };
    expect((await post(interaction.response_url, { replace_original: true, text: 'replaced' })).status).toBe(200);
    expect(emu.messages(DEMO_DIGEST_CHANNEL, ALICE)).toMatchObject([{ ts: card?.ts, text: 'replaced', revision: 1 }]);
    expect((await post(interaction.response_url, { delete_original: true })).status).toBe(200);
    expect(emu.messages(DEMO_DIGEST_CHANNEL, ALICE)).toEqual([]);
  });

  it('lets a trigger_id open one modal within 3 seconds: exchanged_trigger_id, expired_trigger_id', async () => {
    const client = webClient(emu);
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Hi' }, blocks: [] };
    const first = await command();
    const opened = await client.views.open({ trigger_id: first.trigger_id ?? '', view });
    expect(opened.view?.id).toMatch(/^V/);
    expect(emu.views(ALICE)).toHaveLength(1);
    await expect(client.views.open({ trigger_id: first.trigger_id ?? '', view })).rejects.toMatchObject({
      data: { error: 'exchanged_trigger_id' },
    });
    const second = await command();
    clock += 3001;
    await expect(client.views.open({ trigger_id: second.trigger_id ?? '', view })).rejects.toMatchObject({
      data: { error: 'expired_trigger_id' },
    });
    await expect(client.views.open({ trigger_id: 'nope', view })).rejects.toMatchObject({
      data: { error: 'invalid_trigger_id' },
    });
  });

  it('validates views (title over 24 characters) and stacks pushes up to 3', async () => {
    const client = webClient(emu);
    const view = (title: string) => ({
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: title },
      blocks: [],
    });
    const bad = await command();
    await expect(
      client.views.open({ trigger_id: bad.trigger_id ?? '', view: view('t'.repeat(25)) }),
    ).rejects.toMatchObject({
      data: { error: 'invalid_arguments' },
    });
    await client.views.open({ trigger_id: (await command()).trigger_id ?? '', view: view('one') });
    await client.views.push({ trigger_id: (await command()).trigger_id ?? '', view: view('two') });
    await client.views.push({ trigger_id: (await command()).trigger_id ?? '', view: view('three') });
    await expect(
      client.views.push({ trigger_id: (await command()).trigger_id ?? '', view: view('four') }),
    ).rejects.toMatchObject({
      data: { error: 'push_limit_reached' },
    });
    expect(emu.views(ALICE).map((v) => v.stackIndex)).toEqual([0, 1, 2]);
    const published = await client.views.publish({ user_id: BOB, view: { type: 'home', blocks: [] } });
    expect(emu.views(BOB)).toMatchObject([{ type: 'home', id: published.view?.id }]);
  });

  it('signs requests exactly as Slack: Bolt verifySlackRequest accepts them and a known vector matches', async () => {
    await command();
    // Slack's documented example (api.slack.com/authentication/verifying-requests-from-slack).
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
    const ts = Math.floor(Date.now() / 1000);
    expect(() =>
      verifySlackRequest({
        signingSecret: 's3cret',
        body: 'a=1',
        headers: { 'x-slack-signature': signSlackRequest('s3cret', ts, 'a=1'), 'x-slack-request-timestamp': ts },
      }),
    ).not.toThrow();
  });
});
