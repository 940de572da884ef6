/**
 * Live events by polling (INBOX_EVENTS=poll: Socket Mode, a laptop): no webhook at all; GET /events from the
 * stored seq every interval brings a new message request into a subscribed channel as a card.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../sandbox/demo-team.js';
import { threadBlockId } from '../../src/blocks/ids.js';
import { CHANNEL, messageText, useAppStack } from '../support/app-stack.js';

const stack = useAppStack({
  config: (c) => ({ ...c, events: { ...c.events, mode: 'poll', webhookSecrets: [], pollSeconds: 0.3 } }),
  live: { postIntervalMs: 20, reorderWindowMs: 300 },
});

describe('live events by polling', () => {
  it('brings a new message request into a subscribed channel, reading only GET /events', async () => {
    const alice = DEMO_PEOPLE[0]?.slackUserId ?? '';
    await stack().command(alice, 'subscribe events:requests');
    await stack().waitForMessage(alice, (m) => /live Inbox events/.test(m.text));
    // Let one round set the starting point, then the outside world sends a request.
    await new Promise((r) => setTimeout(r, 700));
    const { controls } = stack().inbox;
    controls.clearRequests();
    const { thread } = controls.newRequest({ content: 'Hi! Do you do annual plans?', displayName: 'Sam Lee' });
    const card = await stack().slack.waitFor(
      () =>
        stack()
          .slack.messages(CHANNEL)
          .find((m) => !m.thread_ts && m.blocks.some((b) => b.block_id === threadBlockId(thread.id, 'actions'))),
      8_000,
    );
    expect(messageText(card)).toContain('Sam Lee');
    expect(messageText(card)).toContain('request');
    const paths = new Set(controls.requests().map((r) => `${r.method} ${r.path}`));
    expect([...paths].filter((p) => p !== 'GET /events')).toEqual([]);
    expect(controls.webhookDeliveries()).toEqual([]);
  });
});
