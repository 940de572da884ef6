import { ErrorCode, type WebAPIPlatformError, type WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_BOT, DEMO_CHANNELS, DEMO_DIGEST_CHANNEL, DEMO_PEOPLE } from '../../sandbox/demo-team.js';
import type { SlackEmulator } from '../../sandbox/slack-emulator/index.js';
import { startTestEmulator, TEST_BOT_TOKEN, webClient } from './support.js';

const ALICE = DEMO_PEOPLE[0]?.slackUserId ?? '';
const RANDOM = DEMO_CHANNELS.find((c) => !c.isMember)?.id ?? '';

async function platformError(promise: Promise<unknown>): Promise<WebAPIPlatformError['data']> {
  try {
    await promise;
  } catch (error) {
    const e = error as WebAPIPlatformError;
    expect(e.code).toBe(ErrorCode.PlatformError);
    return e.data;
  }
  throw new Error('expected the call to fail');
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('the Slack emulator Web API, called by @slack/web-api 8', () => {
  let emu: SlackEmulator;
  let client: WebClient;
  beforeAll(async () => {
    emu = await startTestEmulator();
    client = webClient(emu);
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(() => emu.reset());

  it('answers auth.test with the bot identity', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, user_id: DEMO_BOT.userId, bot_id: DEMO_BOT.botId, team_id: 'T0ACMEGROW' });
  });

  it('rejects a missing token with not_authed and a wrong one with invalid_auth', async () => {
    expect((await platformError(webClient(emu, '').auth.test())).error).toBe('not_authed');
    expect((await platformError(webClient(emu, 'xoxb-wrong').auth.test())).error).toBe('invalid_auth');
    const res = await fetch(`${emu.apiUrl}auth.test`, { method: 'POST' });
    expect(await res.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('answers an unknown method with unknown_method', async () => {
    expect((await platformError(client.apiCall('chat.frobnicate', {}))).error).toBe('unknown_method');
  });

  it('accepts JSON bodies as well as form-encoded ones', async () => {
    const res = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', Authorization: `Bearer ${TEST_BOT_TOKEN}` },
      body: JSON.stringify({ channel: DEMO_DIGEST_CHANNEL, text: 'hi', blocks: [section('*hi*')] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: DEMO_DIGEST_CHANNEL });
    expect(emu.messages(DEMO_DIGEST_CHANNEL)[0]?.blocks[0]).toMatchObject(section('*hi*'));
  });

  it('posts a message with blocks and metadata, and records the call with decoded arguments', async () => {
    const metadata = { event_type: 'digest_posted', event_payload: { digest_key: 'T:C:2026-01-01' } };
    const res = await client.chat.postMessage({
      channel: DEMO_DIGEST_CHANNEL,
      text: 'fallback',
      blocks: [section('hello')],
      metadata,
    });
    expect(res.ok).toBe(true);
    expect(res.ts).toMatch(/^\d+\.\d{6}$/);
    const [stored] = emu.messages(DEMO_DIGEST_CHANNEL);
    expect(stored).toMatchObject({ ts: res.ts, text: 'fallback', bot_id: DEMO_BOT.botId, metadata });
    expect(stored?.blocks[0]?.block_id).toEqual(expect.any(String));
    const [call] = emu.calls();
    expect(call).toMatchObject({
      kind: 'api',
      method: 'chat.postMessage',
      args: { channel: DEMO_DIGEST_CHANNEL, metadata },
    });
    expect(call?.args).not.toHaveProperty('token');
  });

  it('refuses channels the bot is not in, unknown channels, and empty messages', async () => {
    expect((await platformError(client.chat.postMessage({ channel: RANDOM, text: 'x' }))).error).toBe('not_in_channel');
    expect((await platformError(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).error).toBe(
      'channel_not_found',
    );
    expect((await platformError(client.chat.postMessage({ channel: DEMO_DIGEST_CHANNEL, text: '' }))).error).toBe(
      'no_text',
    );
  });

  it('rejects invalid blocks with invalid_blocks and an explanation', async () => {
    const data = await platformError(
      client.chat.postMessage({ channel: DEMO_DIGEST_CHANNEL, text: 'x', blocks: [section('a'.repeat(3001))] }),
    );
    expect(data.error).toBe('invalid_blocks');
    expect(data.response_metadata?.messages).toEqual([
      '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
  });

  it('truncates text past 40,000 characters like Slack', async () => {
    await client.chat.postMessage({ channel: DEMO_DIGEST_CHANNEL, text: 'x'.repeat(40_010) });
    expect(emu.messages(DEMO_DIGEST_CHANNEL)[0]?.text).toHaveLength(40_000);
  });

  it('updates a message in place, keeps metadata unless told, and refuses text over 4,000 characters', async () => {
    const metadata = { event_type: 'digest_posted', event_payload: { n: 1 } };
    const posted = await client.chat.postMessage({ channel: DEMO_DIGEST_CHANNEL, text: 'v1', metadata });
    const ts = posted.ts ?? '';
    const updated = await client.chat.update({ channel: DEMO_DIGEST_CHANNEL, ts, text: 'v2', blocks: [section('v2')] });
    expect(updated).toMatchObject({ ok: true, ts, text: 'v2' });
    const [msg] = emu.messages(DEMO_DIGEST_CHANNEL);
    expect(msg).toMatchObject({ text: 'v2', revision: 1, metadata, edited: { user: DEMO_BOT.userId } });
    expect(
      (await platformError(client.chat.update({ channel: DEMO_DIGEST_CHANNEL, ts, text: 'y'.repeat(4001) }))).error,
    ).toBe('msg_too_long');
    expect(
      (await platformError(client.chat.update({ channel: DEMO_DIGEST_CHANNEL, ts: '1.000001', text: 'z' }))).error,
    ).toBe('message_not_found');
  });

  it('posts ephemerals visible only to their user, which chat.update cannot reach', async () => {
    const res = await client.chat.postEphemeral({ channel: DEMO_DIGEST_CHANNEL, user: ALICE, text: 'psst' });
    expect(res.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(emu.messages(DEMO_DIGEST_CHANNEL, ALICE)).toHaveLength(1);
    expect(emu.messages(DEMO_DIGEST_CHANNEL, 'U0BOB00002')).toHaveLength(0);
    expect(emu.messages(DEMO_DIGEST_CHANNEL)[0]?.ephemeralTo).toBe(ALICE);
    const data = await platformError(
      client.chat.update({ channel: DEMO_DIGEST_CHANNEL, ts: res.message_ts ?? '', text: 'edit' }),
    );
    expect(data.error).toBe('message_not_found');
  });

  it('deletes a message', async () => {
    const posted = await client.chat.postMessage({ channel: DEMO_DIGEST_CHANNEL, text: 'bye' });
    await client.chat.delete({ channel: DEMO_DIGEST_CHANNEL, ts: posted.ts ?? '' });
    expect(emu.messages(DEMO_DIGEST_CHANNEL)).toHaveLength(0);
  });

  it('returns history newest first, with metadata only when include_all_metadata is set, honouring oldest/latest/limit', async () => {
    let t = 1_767_268_800_000; // 2026-01-01T12:00:00Z
    const clockEmu = await startTestEmulator({ now: () => new Date(t) });
    const c = webClient(clockEmu);
    try {
      const tss: string[] = [];
      for (const n of [1, 2, 3]) {
        const r = await c.chat.postMessage({
          channel: DEMO_DIGEST_CHANNEL,
          text: `m${n}`,
          metadata: { event_type: 'digest_posted', event_payload: { n } },
        });
        tss.push(r.ts ?? '');
        t += 60_000;
      }
      const plain = await c.conversations.history({ channel: DEMO_DIGEST_CHANNEL });
      expect(plain.messages?.map((m) => m.text)).toEqual(['m3', 'm2', 'm1']);
      expect(plain.messages?.[0]).not.toHaveProperty('metadata');
      const rich = await c.conversations.history({
        channel: DEMO_DIGEST_CHANNEL,
        include_all_metadata: true,
        limit: 2,
      });
      expect(rich.messages?.map((m) => m.metadata?.event_payload)).toEqual([{ n: 3 }, { n: 2 }]);
      expect(rich.has_more).toBe(true);
      const window = await c.conversations.history({ channel: DEMO_DIGEST_CHANNEL, oldest: tss[0], latest: tss[2] });
      expect(window.messages?.map((m) => m.text)).toEqual(['m2']);
      expect((await platformError(c.conversations.history({ channel: RANDOM }))).error).toBe('not_in_channel');
    } finally {
      await clockEmu.close();
    }
  });

  it('serves users.info with email and tz, users.list, users.lookupByEmail and conversations.info', async () => {
    const info = await client.users.info({ user: ALICE });
    expect(info.user).toMatchObject({ id: ALICE, name: 'alice', tz: 'America/New_York' });
    expect(info.user?.profile?.email).toBe('alice@acme-growth.example');
    expect((await platformError(client.users.info({ user: 'U0NOBODY' }))).error).toBe('user_not_found');
    const list = await client.users.list({});
    expect(list.members).toHaveLength(DEMO_PEOPLE.length + 1);
    const found = await client.users.lookupByEmail({ email: 'bob@acme-growth.example' });
    expect(found.user?.id).toBe('U0BOB00002');
    expect((await platformError(client.users.lookupByEmail({ email: 'x@y.z' }))).error).toBe('users_not_found');
    const channel = await client.conversations.info({ channel: DEMO_DIGEST_CHANNEL });
    expect(channel.channel).toMatchObject({ id: DEMO_DIGEST_CHANNEL, name: 'sales-inbox', is_member: true });
    expect((await platformError(client.conversations.info({ channel: 'C0NOPE' }))).error).toBe('channel_not_found');
  });

  it('posts to a user ID as the DM between the bot and that user', async () => {
    const res = await client.chat.postMessage({ channel: ALICE, text: 'your digest' });
    expect(res.channel).toMatch(/^D/);
    expect(emu.messages(res.channel ?? '')[0]?.text).toBe('your digest');
  });

  it('fails the next calls on demand, including a 429 with Retry-After', async () => {
    emu.failNext('chat.postMessage', 'channel_not_found', { count: 2 });
    for (const _ of [1, 2]) {
      expect((await platformError(client.chat.postMessage({ channel: DEMO_DIGEST_CHANNEL, text: 'x' }))).error).toBe(
        'channel_not_found',
      );
    }
    expect((await client.chat.postMessage({ channel: DEMO_DIGEST_CHANNEL, text: 'x' })).ok).toBe(true);

    emu.failNext('users.info', 'ratelimited', { retryAfterSeconds: 7 });
    const res = await fetch(`${emu.apiUrl}users.info`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_BOT_TOKEN}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `user=${ALICE}`,
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toEqual({ ok: false, error: 'ratelimited' });
  });
});
