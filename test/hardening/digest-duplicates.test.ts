/**
 * Issue 10, item 3: no duplicate digest after a crash. The process died while its post was in flight (the digest
 * reached Slack, the state store never heard), and by the time a new process catches the slot up, 20 other
 * messages sit above the digest in the channel. The catch-up reads the channel history back to the slot's start,
 * following the cursor, finds the digest by its metadata, and does not post it again.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_DIGEST_CHANNEL } from '../../sandbox/demo-team.js';
import { createDigestFromConfig } from '../../src/digest/index.js';
import { DIGEST_EVENT_TYPE } from '../../src/digest/poster.js';
import { createInboxClient } from '../../src/inbox/client.js';
import { createLogger } from '../../src/logger.js';
import { createDirectoryService } from '../../src/services/directory.js';
import { openStore } from '../../src/store/index.js';
import { TEST_SECRETS, useAppStack } from '../support/app-stack.js';

const app = useAppStack();

/** chat.postMessage as the bot, straight to the Slack emulator. */
async function postAsBot(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${app().slack.apiUrl}chat.postMessage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_SECRETS.botToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { ok: boolean; ts: string };
  expect(json.ok).toBe(true);
  return json.ts;
}

describe('a slot caught up after a crash', () => {
  it.each([15, 20, 250])(
    'finds its digest under %i later messages and does not post it again',
    async (later) => {
      const stack = app();
      const logs: string[] = [];
      const logger = createLogger({ level: 'debug' as never, sink: (_l, line) => logs.push(line) });
      const stateDir = mkdtempSync(join(tmpdir(), 'inbox-slack-dup-')); // the state of the crashed process is gone
      const store = await openStore({ stateDir });
      const inbox = createInboxClient({ baseUrl: stack.config.inbox.apiUrl, token: stack.config.inbox.token });
      const config = { ...stack.config, digest: { ...stack.config.digest, channel: DEMO_DIGEST_CHANNEL } };
      const digest = createDigestFromConfig(config, {
        inbox,
        directory: createDirectoryService(inbox, []),
        store,
        logger,
        clock: () => new Date(),
      });
      try {
        // The slot that started a minute ago, and the digest the crashed process did post for it.
        const now = new Date();
        const slot = new Date(Math.floor(now.getTime() / 1000) * 1000 - 60_000);
        const slotKey = digest.schedule.slotKey(slot);
        const posted = await postAsBot({
          channel: DEMO_DIGEST_CHANNEL,
          text: 'digest',
          metadata: {
            event_type: DIGEST_EVENT_TYPE,
            event_payload: { channel: DEMO_DIGEST_CHANNEL, slot: slotKey, total: 3, trigger: 'schedule' },
          },
        });
        for (let i = 0; i < later; i++) await postAsBot({ channel: DEMO_DIGEST_CHANNEL, text: `chatter ${i}` });
        const before = stack.slack.messages(DEMO_DIGEST_CHANNEL).length;

        const outcome = await digest.runScheduledSlot(slot, { late: true });

        expect(outcome).toMatchObject({ status: 'already-posted', ts: posted, via: 'slack-metadata' });
        expect(stack.slack.messages(DEMO_DIGEST_CHANNEL)).toHaveLength(before);
      } finally {
        inbox.close();
        await store.close();
      }
    },
    30_000,
  );
});
