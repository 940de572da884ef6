/**
 * Issue 10, item 11: very long IDs from Inbox. The API's ID pattern (`^[0-9a-z]+$`) has no length limit, but a
 * Slack block_id holds 255 characters: a 300-character thread ID used to make the whole list or digest invalid,
 * so Slack refused all of it. Every ID that goes into a block_id, action_id or value is bounded now; a thread whose
 * ID cannot be carried is left out of the message (and said to be), and logged.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_DIGEST_CHANNEL } from '../../sandbox/demo-team.js';
import { findThreadIds, MAX_ID_LENGTH } from '../../src/blocks/ids.js';
import { messageText, useAppStack } from '../support/app-stack.js';
import { expectValidMessage, runCommand, waitForLog } from './support.js';

const app = useAppStack();
const LONG_ID = 'a'.repeat(300);

/**
 * Gives a no-reply thread a 300-character ID: the newest (the first card of `/inbox noreply`) or the oldest (the
 * first card of the digest).
 */
function lengthen(which: 'newest' | 'oldest'): void {
  const all = app().inbox.controls.store.threads({ inbox: 'no-reply' });
  const thread = which === 'newest' ? all[0] : all.at(-1);
  if (!thread) throw new Error('the demo team has no no-reply thread');
  app().inbox.controls.setThreadId(thread.id, LONG_ID);
}

describe('a 300-character thread ID from Inbox', () => {
  it('is left out of a list, which Slack accepts, says so, and is logged', async () => {
    lengthen('newest');
    expect(app().inbox.controls.store.threads({ inbox: 'no-reply' })[0]?.id).toBe(LONG_ID);
    const logsBefore = app().logs.length;
    const { answer } = await runCommand(app(), 'noreply');
    expectValidMessage(answer);
    const ids = findThreadIds(answer.blocks as never);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => id.length <= MAX_ID_LENGTH)).toBe(true);
    expect(JSON.stringify(answer.blocks)).not.toContain(LONG_ID);
    expect(messageText(answer)).toContain('1 thread could not be shown here');
    const line = await waitForLog(app(), /Left 1 thread\(s\) out of a message/, logsBefore);
    expect(line).toContain('(300 chars)');
    expect(line).not.toContain(LONG_ID);
  });

  it('is left out of the digest, which is posted, and is logged', async () => {
    lengthen('oldest');
    const logsBefore = app().logs.length;
    await runCommand(app(), 'digest post');
    const posted = await app().slack.waitFor(() => app().slack.messages(DEMO_DIGEST_CHANNEL)[0]);
    expectValidMessage(posted);
    expect(JSON.stringify(posted.blocks)).not.toContain(LONG_ID);
    expect(findThreadIds(posted.blocks as never).length).toBeGreaterThan(0);
    await waitForLog(app(), /digest: left 1 thread\(s\) out of the cards/, logsBefore);
  });
});
