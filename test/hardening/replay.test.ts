/**
 * Issue 10, item 10: a signed request sent again within Slack's 5-minute window (a replay by whoever captured it)
 * is acknowledged and dropped, not acted on again. The app's requests pass through a recorder, so each replay is
 * byte-for-byte the request Slack sent: same body, same timestamp, same signature.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIGEST_CHANNEL } from '../../sandbox/demo-team.js';
import { SEED_THREADS } from '../../sandbox/inbox-emulator/seed.js';
import { ActionIds } from '../../src/blocks/ids.js';
import { useAppStack } from '../support/app-stack.js';
import { ALICE, postRaw, waitForLog } from './support.js';

const app = useAppStack();
const THREAD = SEED_THREADS.jordanNoReply;

interface Recorded {
  body: string;
  headers: Record<string, string>;
}

/** Forwards every request to the app and keeps a copy (what someone on the path could capture). */
let recorder: Server;
const recorded: Recorded[] = [];
beforeAll(async () => {
  recorder = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'x-slack-signature', 'x-slack-request-timestamp']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    recorded.push({ body, headers });
    const answer = await postRaw(app().appUrl, body, headers);
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
  app().slack.setAppUrl(`http://127.0.0.1:${(recorder.address() as AddressInfo).port}/slack/events`);
});
afterAll(async () => {
  app().slack.setAppUrl(app().appUrl);
  await new Promise((resolve) => recorder.close(resolve));
});

const replay = (request: Recorded) => postRaw(app().appUrl, request.body, request.headers);
const digests = () =>
  app()
    .slack.messages(DEMO_DIGEST_CHANNEL)
    .filter((m) => m.source === 'chat.postMessage');

describe('a replayed signed request', () => {
  it('`/inbox digest post` sent three times posts one digest; the two replays are acknowledged and dropped', async () => {
    const from = app().logs.length;
    const ack = await app().command(ALICE, 'digest post');
    expect(ack.status).toBe(200);
    await app().slack.waitFor(() => digests().at(0), 10_000);
    const original = recorded.at(-1);
    if (!original) throw new Error('nothing was recorded');
    const replays = [await replay(original), await replay(original)];
    expect(replays.map((r) => r.status)).toEqual([200, 200]);
    // Give a wrongly accepted replay the time to post (the first digest took well under this).
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(digests()).toHaveLength(1);
    expect(
      app()
        .logs.slice(from)
        .filter((l) => /replayed Slack request/.test(l)),
    ).toHaveLength(2);
  });

  it('a replayed Archive does not undo a later Reopen', async () => {
    const card = await app().postCard(ALICE, THREAD);
    const archiveAck = await app().clickCard({
      userId: ALICE,
      message: card,
      threadId: THREAD,
      actionId: ActionIds.archive,
    });
    expect(archiveAck.status).toBe(200);
    const archiveRequest = recorded.at(-1);
    if (!archiveRequest) throw new Error('nothing was recorded');
    const archived = await app().waitForMessage(ALICE, (m) => m.ts === card.ts && m.revision > card.revision);
    expect(app().inbox.controls.store.thread(THREAD)?.done).toBe(true);

    await app().clickCard({ userId: ALICE, message: archived, threadId: THREAD, actionId: ActionIds.reopen });
    await app().waitForMessage(ALICE, (m) => m.ts === card.ts && m.revision > archived.revision);
    expect(app().inbox.controls.store.thread(THREAD)?.done).toBe(false);

    const from = app().logs.length;
    expect((await replay(archiveRequest)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(app().inbox.controls.store.thread(THREAD)?.done).toBe(false);
    await waitForLog(app(), /replayed Slack request/, from);
    expect(
      app()
        .inbox.controls.requests()
        .filter((r) => r.method === 'PATCH'),
    ).toHaveLength(2);
  });
});
