/**
 * Two replicas of the app on one state store (PostgreSQL, as in production; skipped with a reason when it is
 * unreachable, unless REQUIRE_POSTGRES=1): every webhook delivered to both, twice, at once → one card, one DM.
 * Then a restart: events missed while the app was down are backfilled from the stored seq.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../sandbox/demo-team.js';
import { inboxSignatureHeader } from '../../sandbox/inbox-emulator/index.js';
import { SEED_THREADS } from '../../sandbox/inbox-emulator/seed.js';
import { threadBlockId } from '../../src/blocks/ids.js';
import { INBOX_WEBHOOK_PATH } from '../../src/events/index.js';
import { type Runtime, startRuntime } from '../../src/runtime.js';
import { CHANNEL, TEST_SECRETS, useAppStack } from '../support/app-stack.js';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../support/postgres.js';

const postgres = await postgresForTests();
const LIVE = { postIntervalMs: 20, reorderWindowMs: 300 };
const quietLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => 'info' as never,
  setName() {},
};

if (postgres.available) {
  let database: TestDatabase | undefined;
  const stack = useAppStack({
    live: LIVE,
    config: (c) => {
      if (!database) throw new Error('the test database is not created yet');
      return { ...c, store: { ...c.store, databaseUrl: database.url } };
    },
    beforeStart: async () => {
      database = await createTestDatabase('live');
    },
    afterClose: async () => database?.drop(),
  });
  const bob = DEMO_PEOPLE.find((p) => p.slackHandle === 'bob')?.slackUserId ?? '';
  const cards = (threadId: string) =>
    stack()
      .slack.messages(CHANNEL)
      .filter((m) => !m.thread_ts && m.blocks.some((b) => b.block_id === threadBlockId(threadId, 'actions')));
  const replica = () => startRuntime(stack().config, { logger: quietLogger, schedule: false, live: LIVE });
  const deliver = async (ports: Array<number | null>, body: string) => {
    const signature = inboxSignatureHeader(body, [TEST_SECRETS.webhookSecret], Math.floor(Date.now() / 1000));
    const answers = await Promise.all(
      ports.flatMap((port) =>
        [1, 2].map(() =>
          fetch(`http://127.0.0.1:${port}${INBOX_WEBHOOK_PATH}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-inbox-signature': signature },
            body,
          }),
        ),
      ),
    );
    return answers.map((a) => a.status);
  };

  describe('two replicas on PostgreSQL', () => {
    it('post one card and one DM when both receive every delivery twice', async () => {
      const second: Runtime = await replica();
      try {
        const ack = await stack().command(DEMO_PEOPLE[0]?.slackUserId ?? '', 'subscribe');
        expect(ack.status).toBe(200);
        await stack().slack.waitFor(() =>
          stack()
            .slack.messages(CHANNEL)
            .find((m) => /live Inbox events/.test(m.text)),
        );
        const { controls } = stack().inbox;
        controls.setWebhook(null);
        const both = [stack().runtime.port, second.port];
        const idle = () => Promise.all([stack().runtime.live?.idle(), second.live?.idle()]);
        controls.prospectWrites(SEED_THREADS.jordanNoReply, 'Hello both of you');
        expect(await deliver(both, JSON.stringify(controls.events().at(-1)))).toEqual([200, 200, 200, 200]);
        await idle();
        expect(cards(SEED_THREADS.jordanNoReply)).toHaveLength(1);
        expect(stack().slack.messages(`D${bob.slice(1)}`)).toHaveLength(1);
        // The next event may land on either replica: the same card is updated, never a second one.
        controls.prospectWrites(SEED_THREADS.jordanNoReply, 'And a second message');
        await deliver(both, JSON.stringify(controls.events().at(-1)));
        await idle();
        expect(cards(SEED_THREADS.jordanNoReply)).toHaveLength(1);
        expect(cards(SEED_THREADS.jordanNoReply)[0]?.revision).toBeGreaterThanOrEqual(1);
      } finally {
        await second.stop();
      }
    });

    it('a replica started after events were missed backfills them from the stored seq', async () => {
      const { controls } = stack().inbox;
      controls.setWebhook(null);
      await stack().command(DEMO_PEOPLE[0]?.slackUserId ?? '', 'subscribe');
      await stack().slack.waitFor(() =>
        stack()
          .slack.messages(CHANNEL)
          .find((m) => /live Inbox events/.test(m.text)),
      );
      controls.prospectWrites(SEED_THREADS.rtl, 'seen before the restart');
      await deliver([stack().runtime.port], JSON.stringify(controls.events().at(-1)));
      await stack().runtime.live?.idle();
      // While "down": two more events nobody delivered.
      controls.prospectWrites(SEED_THREADS.markup, 'missed 1');
      controls.prospectWrites(SEED_THREADS.longMessage, 'missed 2');
      const restarted = await replica();
      try {
        controls.prospectWrites(SEED_THREADS.jordanActive, 'the next delivery reveals the gap');
        await deliver([restarted.port], JSON.stringify(controls.events().at(-1)));
        await restarted.live?.idle();
        for (const id of [SEED_THREADS.rtl, SEED_THREADS.markup, SEED_THREADS.longMessage, SEED_THREADS.jordanActive]) {
          expect(cards(id), id).toHaveLength(1);
        }
      } finally {
        await restarted.stop();
      }
    });
  });
} else {
  describe.skip(`two replicas on PostgreSQL (${postgres.reason})`, () => {
    it('post one card and one DM', () => {});
  });
}
