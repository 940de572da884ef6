/**
 * Issue 10, item 7: READ_POLICY=members (the default) keeps Inbox threads away from Slack users with no Inbox seat:
 * lists (archived included), `who`, `thread`, the View window and the digest preview are refused in words, and no
 * thread, message or lookup is read from Inbox for them. (READ_POLICY=anyone opens reading again: the e2e card and
 * reply tests run that way so that Frank, who has no seat, has cards to click.)
 */
import { describe, expect, it } from 'vitest';
import { DEMO_DIGEST_CHANNEL } from '../../sandbox/demo-team.js';
import { SEED_THREADS } from '../../sandbox/inbox-emulator/seed.js';
import { ActionIds } from '../../src/blocks/ids.js';
import { loadConfig } from '../../src/config.js';
import { messageText, useAppStack } from '../support/app-stack.js';
import { ALICE, runCommand } from './support.js';

const FRANK = 'U0FRANK006';
const isCardHead = (b: { block_id?: string }) => /^thread:[0-9a-z]+:head$/.test(b.block_id ?? '');
const app = useAppStack();

/** Inbox requests that read threads, messages or prospects (the directory lists are not thread data). */
const threadReads = () =>
  app()
    .inbox.controls.requests()
    .filter((r) => r.path.startsWith('/threads'));

describe('READ_POLICY=members (the default)', () => {
  it('is the default, and READ_POLICY=anyone is accepted', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_SIGNING_SECRET: 'secret-secret', INBOX_API_TOKEN: 't' };
    expect(loadConfig(base).readPolicy).toBe('members');
    expect(loadConfig({ ...base, READ_POLICY: 'anyone' }).readPolicy).toBe('anyone');
    expect(() => loadConfig({ ...base, READ_POLICY: 'everyone' })).toThrow(/READ_POLICY must be "members" or "anyone"/);
  });

  it.each([
    'noreply',
    'list archived',
    'list active tag:"hot lead"',
    'mine',
    'who jordanrivera',
    `thread ${SEED_THREADS.jordanNoReply}`,
    'digest',
  ])('`/inbox %s` from a user with no Inbox seat is refused in words, and no thread is read', async (text) => {
    const { answer } = await runCommand(app(), text, FRANK);
    expect(messageText(answer)).toMatch(/Only Inbox members can read Inbox threads here/);
    expect(threadReads()).toEqual([]);
  });

  it('`/inbox digest post` from a user with no Inbox seat is refused (ACTION_POLICY), nothing is posted', async () => {
    const { answer } = await runCommand(app(), 'digest post', FRANK);
    expect(messageText(answer)).toMatch(/Only Inbox members can post the digest/);
    expect(app().slack.messages(DEMO_DIGEST_CHANNEL)).toEqual([]);
    expect(threadReads()).toEqual([]);
  });

  it('View on a card in the channel opens a window that refuses to show the conversation', async () => {
    const stack = app();
    await runCommand(stack, 'digest post', ALICE);
    const digest = await stack.slack.waitFor(
      () => stack.slack.messages(DEMO_DIGEST_CHANNEL).find((m) => m.blocks.some(isCardHead)),
      10_000,
    );
    const blockId = digest.blocks.find(isCardHead)?.block_id as string;
    stack.inbox.controls.clearRequests();
    const result = await stack.slack.clickAction({
      userId: FRANK,
      messageTs: digest.ts,
      actionId: ActionIds.overflow,
      blockId,
      selectedValue: 'view',
    });
    expect(result.status).toBe(200);
    await stack.slack.waitFor(
      () => stack.slack.views(FRANK).find((v) => messageText(v.view as never).includes('Only Inbox members')),
      8_000,
    );
    expect(threadReads()).toEqual([]);
  });

  it('members still read as before', async () => {
    const { answer } = await runCommand(app(), 'noreply limit:2', ALICE);
    expect(messageText(answer)).toMatch(/awaiting reply/i);
  });
});
