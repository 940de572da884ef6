/**
 * The emulator's Events API and webhooks (Inbox API §11–12): every change is an event with the documented
 * envelope, GET /events pages by afterSeq (checked against the vendor OpenAPI document by the checked
 * emulator), and signed webhooks are delivered at least once — twice, out of order or lost when asked.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventPage, InboxEvent } from '../../sandbox/inbox-emulator/index.js';
import { SEED_MEMBERS, SEED_THREADS } from '../../sandbox/inbox-emulator/seed.js';
import { callInbox, startCheckedInboxEmulator, useCheckedInboxEmulator } from '../support/inbox-emulator.js';

const inbox = useCheckedInboxEmulator({ resetEachTest: true });
const bob = SEED_MEMBERS[1]?.id ?? '';

async function events(query = ''): Promise<EventPage> {
  const res = await callInbox<EventPage>(inbox(), '/events', { query });
  if (res.status !== 200) throw new Error(`GET /events?${query} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const control = (path: string, body: unknown) =>
  fetch(`${inbox().origin}/__emulator${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('GET /events', () => {
  it('records every change with the documented envelope, in seq order', async () => {
    const start = inbox().controls.store.thread(SEED_THREADS.jordanActive);
    expect(start?.done).toBe(false);
    const before = (await events()).lastSeq ?? 0;
    await callInbox(inbox(), `/threads/${SEED_THREADS.jordanActive}`, { method: 'PATCH', body: { done: true } });
    await callInbox(inbox(), `/threads/${SEED_THREADS.jordanActive}`, { method: 'PATCH', body: { done: true } });
    await callInbox(inbox(), `/threads/${SEED_THREADS.jordanActive}`, { method: 'PATCH', body: { assigneeId: bob } });
    await callInbox(inbox(), `/threads/${SEED_THREADS.jordanActive}/messages`, {
      method: 'POST',
      body: { content: 'Thanks!' },
    });
    const page = await events(`afterSeq=${before}`);
    expect(page.events.map((e) => e.type)).toEqual(['thread.archived', 'thread.assigned', 'message.created']);
    expect(page.events.map((e) => e.seq)).toEqual([before + 1, before + 2, before + 3]);
    expect(page).toMatchObject({ hasMore: false, lastSeq: before + 3 });
    const [archived, , created] = page.events as [InboxEvent, InboxEvent, InboxEvent];
    expect(archived).toMatchObject({ version: '1.0', teamId: inbox().controls.store.team().id });
    expect(archived.data).toMatchObject({ thread: { id: SEED_THREADS.jordanActive, done: true } });
    expect(created.data).toMatchObject({
      message: { content: 'Thanks!', origin: 'api' },
      thread: { id: SEED_THREADS.jordanActive, lastMessage: { content: 'Thanks!' } },
    });
    expect(new Set(page.events.map((e) => e.id)).size).toBe(3);
  });

  it('pages with afterSeq and limit while hasMore, and rejects limits outside 1..1000', async () => {
    for (let i = 0; i < 5; i++) inbox().controls.prospectWrites(SEED_THREADS.rtl, `message ${i}`);
    const first = await events('limit=2');
    expect(first.events).toHaveLength(2);
    expect(first.hasMore).toBe(true);
    const seen = [...first.events];
    let after = first.lastSeq;
    for (let more = first.hasMore; more; ) {
      const page = await events(`afterSeq=${after}&limit=2`);
      seen.push(...page.events);
      after = page.lastSeq;
      more = page.hasMore;
    }
    expect(seen.map((e) => (e.data as { message: { content: string } }).message.content)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `message ${i}`),
    );
    expect(await events(`afterSeq=${after}`)).toEqual({ events: [], hasMore: false, lastSeq: null });
    for (const bad of ['limit=0', 'limit=1001', 'afterSeq=-1', 'afterSeq=abc']) {
      const res = await callInbox(inbox(), '/events', { query: bad });
      expect(res.status, bad).toBe(400);
    }
  });

  it('keeps seq increasing across a reset, so an app never mistakes a new event for an old one', async () => {
    inbox().controls.prospectWrites(SEED_THREADS.rtl, 'before');
    const before = (await events()).lastSeq ?? 0;
    inbox().controls.reset();
    expect((await events()).events).toEqual([]);
    inbox().controls.prospectWrites(SEED_THREADS.rtl, 'after');
    expect((await events()).events[0]?.seq).toBe(before + 1);
  });

  it('forgets events after 7 days', async () => {
    let now = new Date('2026-11-01T10:00:00Z');
    const clocked = await startCheckedInboxEmulator({ now: () => now });
    try {
      clocked.controls.prospectWrites(SEED_THREADS.rtl, 'old news');
      now = new Date(now.getTime() + 6 * 86_400_000);
      clocked.controls.prospectWrites(SEED_THREADS.rtl, 'recent');
      now = new Date(now.getTime() + 1.5 * 86_400_000);
      const res = await callInbox<EventPage>(clocked, '/events');
      expect(res.body.events.map((e) => (e.data as { message: { content: string } }).message.content)).toEqual([
        'recent',
      ]);
      expect(clocked.violations()).toEqual([]);
    } finally {
      await clocked.close();
    }
  });
});

describe('the outside world (controls)', () => {
  it('a prospect writing is an inbound message.created, and revives an archived thread', async () => {
    await callInbox(inbox(), `/threads/${SEED_THREADS.jordanActive}`, { method: 'PATCH', body: { done: true } });
    const before = inbox().controls.events().at(-1)?.seq ?? 0;
    const res = await control('/simulate/message', { threadId: SEED_THREADS.jordanActive, content: 'Still there?' });
    expect(res.status).toBe(200);
    const page = await events(`afterSeq=${before}`);
    expect(page.events.map((e) => e.type)).toEqual(['message.created', 'thread.unarchived']);
    const data = page.events[0]?.data as { message: { authorId: string }; thread: { accountLinkId: string } };
    expect(data.message.authorId).not.toBe(data.thread.accountLinkId);
    expect(inbox().controls.store.thread(SEED_THREADS.jordanActive)?.done).toBe(false);
    expect((await control('/simulate/message', { threadId: 'nosuchthread', content: 'x' })).status).toBe(404);
  });

  it('a new request creates a prospect and a request thread with its first message', async () => {
    const res = await control('/simulate/request', { content: 'Hi! Saw your post', displayName: 'Sam Lee' });
    const { thread } = (await res.json()) as { thread: { id: string; isRequest: boolean } };
    expect(thread.isRequest).toBe(true);
    const types = inbox()
      .controls.events()
      .filter((e) => (e.data as { thread: { id: string } }).thread.id === thread.id)
      .map((e) => e.type);
    expect(types).toEqual(['thread.created', 'message.created']);
    const list = await callInbox<{ threads: { id: string }[] }>(inbox(), '/threads', { query: 'inbox=requests' });
    expect(list.body.threads.map((t) => t.id)).toContain(thread.id);
  });
});

describe('webhooks', () => {
  let receiver: Server;
  let url = '';
  let received: { raw: string; signature: string; event: InboxEvent }[] = [];
  let failFirst = 0;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (failFirst > 0) {
          failFirst--;
          res.writeHead(503).end();
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({ raw, signature: String(req.headers['x-inbox-signature']), event: JSON.parse(raw) });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/inbox/webhooks`;
  });
  afterAll(async () => new Promise<void>((resolve) => receiver.close(() => resolve())));
  afterEach(() => {
    received = [];
    failFirst = 0;
  });

  const seqs = () => received.map((r) => r.event.seq);

  it('signs each delivery with t and one v1 per secret over "<t>.<raw body>"', async () => {
    inbox().controls.setWebhook({ url, secrets: ['ibt_wh_old', 'ibt_wh_new'] });
    inbox().controls.prospectWrites(SEED_THREADS.rtl, 'signed');
    await inbox().controls.webhooksIdle();
    const [delivery] = received;
    const parts = delivery?.signature.split(',') ?? [];
    const t = parts.find((p) => p.startsWith('t='))?.slice(2) ?? '';
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(5);
    const v1 = parts.filter((p) => p.startsWith('v1=')).map((p) => p.slice(3));
    const expected = ['ibt_wh_old', 'ibt_wh_new'].map((secret) =>
      createHmac('sha256', secret).update(`${t}.${delivery?.raw}`).digest('hex'),
    );
    expect(v1).toEqual(expected);
    expect(delivery?.event).toEqual(inbox().controls.events().at(-1));
  });

  it('retries a failed delivery until it is acknowledged (at-least-once)', async () => {
    inbox().controls.setWebhook({ url, secrets: ['s'], retryBaseMs: 10 });
    failFirst = 2;
    inbox().controls.prospectWrites(SEED_THREADS.rtl, 'eventually');
    await inbox().controls.webhooksIdle();
    expect(received).toHaveLength(1);
    expect(
      inbox()
        .controls.webhookDeliveries()
        .map((d) => d.status),
    ).toEqual([503, 503, 200]);
  });

  it('on request delivers twice, holds and releases in reverse, or loses deliveries', async () => {
    inbox().controls.setWebhook({ url, secrets: ['s'] });
    inbox().controls.webhookChaos({ duplicate: true });
    inbox().controls.prospectWrites(SEED_THREADS.rtl, 'twice');
    await inbox().controls.webhooksIdle();
    expect(new Set(received.map((r) => r.event.id)).size).toBe(1);
    expect(received).toHaveLength(2);

    received = [];
    inbox().controls.webhookChaos({ hold: true });
    for (const text of ['a', 'b', 'c']) inbox().controls.prospectWrites(SEED_THREADS.rtl, text);
    expect(received).toHaveLength(0);
    inbox().controls.webhookChaos({});
    expect(inbox().controls.releaseWebhooks({ reverse: true })).toBe(3);
    await inbox().controls.webhooksIdle();
    const held = seqs();
    expect(held).toEqual([...held].sort((a, b) => b - a));

    received = [];
    inbox().controls.webhookChaos({ dropNext: 1 });
    inbox().controls.prospectWrites(SEED_THREADS.rtl, 'lost');
    inbox().controls.prospectWrites(SEED_THREADS.rtl, 'delivered');
    await inbox().controls.webhooksIdle();
    const last = inbox().controls.events().at(-1)?.seq ?? 0;
    expect(seqs()).toEqual([last]);
    expect((await events(`afterSeq=${last - 2}`)).events.map((e) => e.seq)).toEqual([last - 1, last]);
  });

  it('is configured and misbehaves through the HTTP controls too', async () => {
    expect((await control('/webhooks', { url, secret: 'ibt_wh_x' })).status).toBe(200);
    expect((await control('/webhooks', { url })).status).toBe(400);
    await control('/webhooks/chaos', { hold: true });
    await control('/simulate/message', { threadId: SEED_THREADS.rtl, content: 'held' });
    await control('/webhooks/chaos', {});
    const released = (await (await control('/webhooks/release', {})).json()) as { released: number };
    expect(released.released).toBe(1);
    await inbox().controls.webhooksIdle();
    expect(received).toHaveLength(1);
  });
});
