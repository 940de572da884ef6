/**
 * Issue 10, item 2: the channel digest cannot be spammed. `/inbox digest post` is an action under ACTION_POLICY
 * (a user with no seat is refused: see read-policy.test.ts); a digest already posted to the channel in the last
 * 10 minutes — by anyone, by the schedule, by another replica — is not posted again, and the user is told when and
 * at whose request, and that `/inbox digest` shows it to them; the posted digest says who asked for it.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_DIGEST_CHANNEL, DEMO_PEOPLE } from '../../sandbox/demo-team.js';
import { DIGEST_EVENT_TYPE } from '../../src/digest/poster.js';
import { CHANNEL, messageText, TEST_SECRETS, useAppStack } from '../support/app-stack.js';
import { ALICE, runCommand } from './support.js';

const app = useAppStack();
const BOB = DEMO_PEOPLE[1]?.slackUserId ?? '';
const REQUESTS = 100;

const digests = () =>
  app()
    .slack.messages(DEMO_DIGEST_CHANNEL)
    .filter((m) => m.source === 'chat.postMessage');

describe('/inbox digest post', () => {
  it('a digest another replica (or the schedule) posted in the last 10 minutes counts too: read from the channel history', async () => {
    const stack = app();
    const res = await fetch(`${stack.slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_SECRETS.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: DEMO_DIGEST_CHANNEL,
        text: 'digest from another replica',
        metadata: {
          event_type: DIGEST_EVENT_TYPE,
          event_payload: {
            channel: DEMO_DIGEST_CHANNEL,
            slot: 'manual',
            total: 3,
            trigger: 'command',
            requested_by: BOB,
          },
        },
      }),
    });
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    // A fresh window in this process's store (as on another replica), so only the history can tell.
    const { answer } = await runCommand(stack, 'digest post', ALICE);
    expect(messageText(answer)).toMatch(new RegExp(`at the request of <@${BOB}>, so it is not posted again`));
    expect(digests()).toHaveLength(1);
    // The preview is still there for the asker.
    const { answer: preview } = await runCommand(stack, 'digest', ALICE);
    expect(messageText(preview)).toMatch(/waiting for a reply/);
  });

  it(`${REQUESTS} requests (in waves of 20 at once) post one digest; every other asker is told when and at whose request`, async () => {
    const stack = app();
    const users = [ALICE, BOB];
    // Five waves of 20 at once: concurrent enough to race, gentle enough for a shared 2-core test machine.
    for (let wave = 0; wave < REQUESTS / 20; wave++) {
      const acks = await Promise.all(
        Array.from({ length: 20 }, (_, i) => stack.command(users[i % 2] as string, 'digest post')),
      );
      for (const ack of acks) expect(ack.status).toBe(200);
    }
    const answers = await stack.slack.waitFor(() => {
      const all = users.flatMap((u) =>
        stack.slack
          .messages(CHANNEL, u)
          .filter((m) => /digest/i.test(messageText(m)) && !/Working on it/.test(messageText(m))),
      );
      return all.length >= REQUESTS ? all : undefined;
    }, 30_000);
    expect(digests()).toHaveLength(1);
    const posted = digests()[0];
    const requester = /Posted at the request of <@(U[A-Z0-9]+)>/.exec(messageText(posted ?? {}))?.[1];
    expect(users).toContain(requester);
    const refused = answers.filter((m) => messageText(m).includes('is not posted again'));
    expect(refused).toHaveLength(REQUESTS - 1);
    for (const m of refused) {
      expect(messageText(m)).toContain(`at the request of <@${requester}>`);
      expect(messageText(m)).toMatch(/less than a minute ago|\d+ min ago/);
      expect(messageText(m)).toContain('/inbox digest');
    }
  });
});
