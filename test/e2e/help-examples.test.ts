/**
 * Every example the help shows (`/inbox help`, `/inbox help filters`, `/inbox help buttons`) run against the
 * sandbox's demo team: each must answer without an error, and each list or look-up must find something — an
 * example that shows nothing teaches nothing.
 */
import { describe, expect, it } from 'vitest';
import { BlockIds, findThreadIds } from '../../src/blocks/ids.js';
import { HELP_EXAMPLES } from '../../src/commands/help.js';
import { parseCommand } from '../../src/commands/parse-command.js';
import { messageText, useAppStack } from '../support/app-stack.js';

const ALICE = 'U0ALICE001';
const app = useAppStack();

describe('the examples in the help', () => {
  it('are many, and every one of them is an /inbox command the grammar reads', () => {
    expect(HELP_EXAMPLES.length).toBeGreaterThan(15);
    for (const example of HELP_EXAMPLES) {
      expect(example.startsWith('/inbox')).toBe(true);
      expect(parseCommand(example.replace(/^\/inbox\s*/, '')).ok, example).toBe(true);
    }
  });

  it.each(HELP_EXAMPLES.map((e) => [e]))('%s works against the demo team', async (example) => {
    const text = example.replace(/^\/inbox\s*/, '');
    const before = app().slack.messages('C0GENERAL1', ALICE).length;
    const ack = await app().command(ALICE, text);
    expect(ack.status).toBe(200);
    const answer = await app().slack.waitFor(() => app().slack.messages('C0GENERAL1', ALICE).slice(before).at(-1));
    expect(
      answer.blocks.some((b) => b.block_id === BlockIds.error),
      messageText(answer),
    ).toBe(false);
    expect(messageText(answer)).not.toMatch(/⚠️|No \w+ called|not valid/);
    const parsed = parseCommand(text);
    if (parsed.ok && (parsed.command.kind === 'list' || parsed.command.kind === 'who')) {
      expect(findThreadIds(answer.blocks as never).length, `${example} finds threads`).toBeGreaterThan(0);
    }
  });
});
