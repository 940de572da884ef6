/**
 * Bad input into the real HTTP receiver: forged, stale or unsigned requests, wrong content types, oversized and
 * malformed bodies, unknown action_ids and tampered button values. Each is rejected or answered in words; none
 * reaches Inbox; the process keeps serving.
 *
 * Decision on future timestamps: Bolt only rejects timestamps more than 5 minutes in the past. A future-dated
 * request still needs a valid HMAC made with the signing secret, which only Slack holds, so it cannot be a
 * replay of a captured request; accepting it tolerates clock skew. The test below pins that behaviour.
 */
import { describe, expect, it } from 'vitest';
import { SEED_THREADS } from '../../sandbox/inbox-emulator/seed.js';
import { ActionIds, threadBlockId } from '../../src/blocks/ids.js';
import { CHANNEL, messageText, TEST_SECRETS, useAppStack } from '../support/app-stack.js';
import {
  ACK_LIMIT_MS,
  ALICE,
  commandBody,
  expectAlive,
  expectValidMessage,
  postIsolated,
  postRaw,
  runCommand,
  signedHeaders,
} from './support.js';

const app = useAppStack();

const FIVE_MINUTES_MS = 5 * 60_000;

describe('requests that are not from Slack are refused with 401 and never reach Inbox', () => {
  const cases: Array<[string, (body: string) => Record<string, string>]> = [
    ['a forged signature (wrong secret)', (body) => signedHeaders(body, { secret: 'not-the-signing-secret' })],
    [
      'a signature over a different body',
      (body) => ({ ...signedHeaders(`${body}&text=other`), 'content-type': 'application/x-www-form-urlencoded' }),
    ],
    [
      'a stale timestamp (6 minutes old)',
      (body) => signedHeaders(body, { nowMs: Date.now() - FIVE_MINUTES_MS - 60_000 }),
    ],
    ['no signature headers at all', () => ({ 'content-type': 'application/x-www-form-urlencoded' })],
    [
      'a timestamp header but no signature',
      () => ({
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
      }),
    ],
    [
      'a signature with an unknown version',
      (body) => {
        const headers = signedHeaders(body);
        headers['X-Slack-Signature'] = (headers['X-Slack-Signature'] ?? '').replace(/^v0=/, 'v1=');
        return headers;
      },
    ],
    ['a non-numeric timestamp', (body) => ({ ...signedHeaders(body), 'X-Slack-Request-Timestamp': 'yesterday' })],
  ];

  it.each(cases)('%s', async (_name, headersFor) => {
    const body = commandBody(app(), 'noreply');
    const started = performance.now();
    const res = await postRaw(app().appUrl, body, headersFor(body));
    expect(performance.now() - started).toBeLessThan(ACK_LIMIT_MS);
    expect(res.status).toBe(401);
    expect(res.body).toBe('');
    expect(app().inbox.controls.requests()).toEqual([]);
    // Bolt's own auth.test (once, to learn the bot's IDs) is the only Slack call allowed.
    expect(
      app()
        .slack.calls()
        .filter((c) => c.method !== 'auth.test'),
    ).toEqual([]);
  });

  it('logs each refusal in words without echoing the signature', async () => {
    const body = commandBody(app(), 'noreply');
    const headers = signedHeaders(body, { secret: 'not-the-signing-secret' });
    const before = app().logs.length;
    await postRaw(app().appUrl, body, headers);
    const lines = app().logs.slice(before).join('\n');
    expect(lines).toMatch(/verify|signature/i);
    expect(lines).not.toContain(headers['X-Slack-Signature']);
  });

  it('keeps serving good requests after a burst of forged ones', async () => {
    const body = commandBody(app(), 'noreply');
    const forged = await Promise.all(
      Array.from({ length: 50 }, () => postRaw(app().appUrl, body, signedHeaders(body, { secret: 'forged-secret' }))),
    );
    expect(forged.map((r) => r.status)).toEqual(Array(50).fill(401));
    expect(app().inbox.controls.requests()).toEqual([]);
    await expectAlive(app());
  });
});

describe('a future timestamp (Bolt checks only staleness)', () => {
  it('is accepted when the signature is valid: only Slack can sign it, so it is not a replay', async () => {
    const body = commandBody(app(), 'help');
    const res = await postRaw(app().appUrl, body, signedHeaders(body, { nowMs: Date.now() + 10 * 60_000 }));
    expect(res.status).toBe(200);
    expect(app().inbox.controls.requests()).toEqual([]);
  });
});

describe('malformed bodies are refused before any listener runs', () => {
  it('refuses a signed body with the wrong content type', async () => {
    const body = commandBody(app(), 'noreply');
    const res = await postRaw(app().appUrl, body, signedHeaders(body, { contentType: 'text/plain' }));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(app().inbox.controls.requests()).toEqual([]);
  });

  it('refuses a signed JSON body that is not JSON', async () => {
    const body = '{"type":"block_actions", nope';
    const res = await postRaw(app().appUrl, body, signedHeaders(body, { contentType: 'application/json' }));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(app().inbox.controls.requests()).toEqual([]);
  });

  it('refuses malformed JSON inside a signed `payload` form field', async () => {
    const body = new URLSearchParams({ payload: '{"type":"block_actions","actions":[{' }).toString();
    const res = await postRaw(app().appUrl, body, signedHeaders(body));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(app().inbox.controls.requests()).toEqual([]);
    await expectAlive(app());
  });

  it('refuses a 1 MB body (unsigned and signed) without buffering it all', async () => {
    const big = `payload=${'x'.repeat(1024 * 1024)}`;
    const unsigned = await postIsolated(app().appUrl, big, { 'content-type': 'application/x-www-form-urlencoded' });
    const signed = await postIsolated(app().appUrl, big, signedHeaders(big));
    for (const res of [unsigned, signed]) {
      // 413 when the receiver answers; 0 when it closes the socket first. Never 2xx, never a crash.
      expect([0, 413]).toContain(res.status);
    }
    expect(app().inbox.controls.requests()).toEqual([]);
    await expectAlive(app());
  });

  it('answers a GET on the events path and unknown paths with 404, not a crash', async () => {
    expect((await fetch(app().appUrl)).status).toBe(404);
    expect((await fetch(app().appUrl.replace('/slack/events', '/nope'), { method: 'POST' })).status).toBe(404);
  });
});

describe('interactions the app did not draw', () => {
  it('acks an unknown action_id at once and tells the user, without calling Inbox', async () => {
    // A message with a button the app never made (an old app version, or a crafted payload).
    const posted = (await fetch(`${app().slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_SECRETS.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: CHANNEL,
        text: 'old card',
        blocks: [
          {
            type: 'actions',
            block_id: 'legacy',
            elements: [
              { type: 'button', action_id: 'legacy_delete_everything', text: { type: 'plain_text', text: 'x' } },
            ],
          },
        ],
      }),
    }).then((r) => r.json())) as { ts: string };
    app().inbox.controls.clearRequests();
    const started = performance.now();
    const result = await app().slack.clickAction({
      userId: ALICE,
      messageTs: posted.ts,
      actionId: 'legacy_delete_everything',
    });
    expect(performance.now() - started).toBeLessThan(ACK_LIMIT_MS);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(200);
    const reply = await app().waitForMessage(ALICE, (m) => m.ephemeralTo === ALICE && m.source === 'response_url');
    expect(messageText(reply)).toMatch(/not valid any more|out of date|run the command again/i);
    expectValidMessage(reply);
    expect(app().inbox.controls.requests()).toEqual([]);
  });

  describe('a tampered button value never reaches an Inbox URL path', () => {
    const tampered = ['../team', '../../threads?limit=100', 'abc/../../members', '%2e%2e%2fteam', 'ABC', ''];

    it.each([ActionIds.archive, ActionIds.assignMe])('%s with each tampered ID', async (actionId) => {
      const card = await app().postCard(ALICE, SEED_THREADS.jordanNoReply);
      for (const value of tampered) {
        app().inbox.controls.clearRequests();
        const before = app().slack.messages(CHANNEL, ALICE).length;
        const started = performance.now();
        const result = await app().slack.clickAction({
          userId: ALICE,
          messageTs: card.ts,
          actionId,
          blockId: threadBlockId(SEED_THREADS.jordanNoReply, 'actions'),
          value,
        });
        expect(performance.now() - started).toBeLessThan(ACK_LIMIT_MS);
        expect(result.status).toBe(200);
        const reply = await app().slack.waitFor(() => app().slack.messages(CHANNEL, ALICE).slice(before).at(-1));
        expect(messageText(reply)).toMatch(/out of date or not valid/i);
        expectValidMessage(reply);
        expect(app().inbox.controls.requests(), `value ${JSON.stringify(value)}`).toEqual([]);
        expect(
          app()
            .slack.calls()
            .filter((c) => c.method.startsWith('views.')),
        ).toEqual([]);
      }
      expect(app().inbox.controls.store.thread(SEED_THREADS.jordanNoReply)?.done).toBe(false);
    });

    it('a tampered "Next page" value is answered in words', async () => {
      const { answer } = await runCommand(app(), 'noreply');
      app().inbox.controls.clearRequests();
      const before = app().slack.messages(CHANNEL, ALICE).length;
      for (const value of [
        '../team',
        '{"t":"noreply","c":{"i":"../team","s":"2024-01-01T00:00:00Z"}}',
        'x'.repeat(1_999),
      ]) {
        const result = await app().slack.clickAction({
          userId: ALICE,
          messageTs: answer.ts,
          actionId: ActionIds.listNext,
          value,
        });
        expect(result.status).toBe(200);
      }
      const replies = await app().slack.waitFor(() => {
        const r = app().slack.messages(CHANNEL, ALICE).slice(before);
        return r.length >= 3 ? r : undefined;
      });
      for (const reply of replies) {
        expect(messageText(reply)).toMatch(/not valid any more/i);
        expectValidMessage(reply);
      }
      expect(app().inbox.controls.requests()).toEqual([]);
    });
  });

  it('still serves a good request after all of the above', async () => {
    await expectAlive(app());
  });
});
