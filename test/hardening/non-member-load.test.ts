/**
 * Issue 10, item 12: a Slack user with no Inbox seat must not spend the team's Inbox quota. Each of Frank's clicks
 * used to refresh the whole directory (4 Inbox requests) to look for him again; now "not a member" is remembered
 * for a few minutes, and the directory is refreshed at most once per interval whoever asks (also for names that
 * are not found).
 */
import { describe, expect, it } from 'vitest';
import { SEED_THREADS } from '../../sandbox/inbox-emulator/seed.js';
import { ActionIds } from '../../src/blocks/ids.js';
import { CHANNEL, messageText, useAppStack } from '../support/app-stack.js';
import { ALICE, runCommand } from './support.js';

const FRANK = 'U0FRANK006';
const CLICKS = 100;

// Frank may read (so he has a card to click) but not act.
const app = useAppStack({ config: (c) => ({ ...c, readPolicy: 'anyone', actionPolicy: 'members' }) });

const DIRECTORY_PATHS = ['/members', '/account-links', '/tags', '/statuses'];

describe('a user with no Inbox seat', () => {
  it(`${CLICKS} clicks on Archive cost no Inbox request beyond the first directory load, and each is refused in words`, async () => {
    const stack = app();
    const card = await stack.postCard(FRANK, SEED_THREADS.jordanNoReply);
    stack.inbox.controls.clearRequests();
    const before = stack.slack.messages(CHANNEL, FRANK).length;
    for (let i = 0; i < CLICKS; i++) {
      const result = await stack.clickCard({
        userId: FRANK,
        message: card,
        threadId: SEED_THREADS.jordanNoReply,
        actionId: ActionIds.archive,
      });
      expect(result.status).toBe(200);
    }
    // Each refusal is written under the card, replacing the one before (issue 12: refusals do not stack).
    const redrawn = await stack.slack.waitFor(() => {
      const now = stack.slack.messages(CHANNEL, FRANK).find((m) => m.ts === card.ts);
      return now && now.revision >= card.revision + CLICKS ? now : undefined;
    }, 30_000);
    expect(messageText(redrawn).match(/Only Inbox members can change threads/g)).toHaveLength(1);
    expect(stack.slack.messages(CHANNEL, FRANK).slice(before)).toEqual([]);
    const requests = stack.inbox.controls.requests();
    // No PATCH ever; at most one directory refresh (4 requests) for all the clicks together.
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(requests.length).toBeLessThanOrEqual(DIRECTORY_PATHS.length);
  });

  it('unknown names asked again and again refresh the directory at most once per interval', async () => {
    const stack = app();
    await runCommand(stack, 'noreply limit:1');
    stack.inbox.controls.clearRequests();
    for (let i = 0; i < 10; i++) {
      const { answer } = await runCommand(stack, `list tag:"no such tag ${i}"`, ALICE);
      expect(messageText(answer)).toMatch(/no such tag/);
    }
    const refreshes = stack.inbox.controls.requests().filter((r) => DIRECTORY_PATHS.includes(r.path));
    expect(refreshes.length).toBeLessThanOrEqual(DIRECTORY_PATHS.length);
  });
});
