import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIGEST_CHANNEL } from '../../sandbox/demo-team.js';
import type { SlackEmulator } from '../../sandbox/slack-emulator/index.js';
import { startBoltApp, startTestEmulator, type TestBoltApp } from './support.js';

const ALICE = 'U0ALICE001';

async function postJson(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

describe('the playground page and its JSON endpoints', () => {
  let emu: SlackEmulator;
  let bolt: TestBoltApp;
  beforeAll(async () => {
    emu = await startTestEmulator({ commandHint: 'Try /inbox help' });
    bolt = await startBoltApp(emu, (app) => {
      app.command('/inbox', async ({ ack, command, respond }) => {
        await ack();
        await respond({
          text: `you said ${command.text}`,
          blocks: [
            {
              type: 'actions',
              block_id: 'a',
              elements: [{ type: 'button', action_id: 'ok', text: { type: 'plain_text', text: 'OK' } }],
            },
          ],
        });
      });
      app.action('ok', async ({ ack, respond }) => {
        await ack();
        await respond({ replace_original: true, text: 'clicked' });
      });
    });
  });
  afterAll(async () => {
    await bolt.stop();
    await emu.close();
  });

  it('serves the page, its script and stylesheet from real files', async () => {
    const page = await fetch(emu.playgroundUrl);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('data-testid="composer"');
    expect(html).toContain('/__playground/playground.js');
    const js = await fetch(`${emu.url}/__playground/playground.js`);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(await js.text()).not.toContain('innerHTML');
    expect((await fetch(`${emu.url}/__playground/playground.css`)).status).toBe(200);
  });

  it('sends a command and a click as the chosen user, and reports the channel as that user sees it', async () => {
    const sent = await postJson(`${emu.url}/__playground/command`, {
      userId: ALICE,
      channelId: DEMO_DIGEST_CHANNEL,
      text: '/inbox hello there',
    });
    expect(sent).toMatchObject({ ok: true, status: 200 });
    const msg = await emu.waitFor(() => emu.messages(DEMO_DIGEST_CHANNEL, ALICE)[0]);
    expect(msg.text).toBe('you said hello there');
    const clicked = await postJson(`${emu.url}/__playground/action`, {
      userId: ALICE,
      messageTs: msg.ts,
      actionId: 'ok',
    });
    expect(clicked).toMatchObject({ ok: true, status: 200 });
    await emu.waitFor(() => emu.messages(DEMO_DIGEST_CHANNEL, ALICE).find((m) => m.text === 'clicked'));

    const state = (await (
      await fetch(`${emu.url}/__playground/state?user=${ALICE}&channel=${DEMO_DIGEST_CHANNEL}`)
    ).json()) as Record<string, unknown>;
    expect(state).toMatchObject({ commandHint: 'Try /inbox help', digestChannel: DEMO_DIGEST_CHANNEL });
    expect(state.messages).toMatchObject([{ text: 'clicked', revision: 1, ephemeralTo: ALICE }]);
    const bobState = (await (
      await fetch(`${emu.url}/__playground/state?user=U0BOB00002&channel=${DEMO_DIGEST_CHANNEL}`)
    ).json()) as Record<string, unknown>;
    expect(bobState.messages).toEqual([]);
  });

  it('streams a change event when something happens', async () => {
    const controller = new AbortController();
    const res = await fetch(`${emu.url}/__playground/events`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body?.getReader();
    const decoder = new TextDecoder();
    const first = decoder.decode((await reader?.read())?.value);
    expect(first).toMatch(/^event: change\ndata: \d+/);
    void emu.sendCommand({ userId: ALICE, channelId: DEMO_DIGEST_CHANNEL, text: 'again' });
    const next = decoder.decode((await reader?.read())?.value);
    expect(next).toContain('event: change');
    controller.abort();
  });

  it('refuses text that is not a slash command and unknown users', async () => {
    expect(
      await postJson(`${emu.url}/__playground/command`, { userId: ALICE, channelId: DEMO_DIGEST_CHANNEL, text: 'hi' }),
    ).toMatchObject({
      ok: false,
      error: 'not_a_command',
    });
    expect(await postJson(`${emu.url}/__playground/command`, { userId: 'U0NOBODY', text: '/inbox' })).toMatchObject({
      ok: false,
      error: 'user_not_found',
    });
  });
});
