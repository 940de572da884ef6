/**
 * Prospect content is outside input: DMs with `<!channel>`, `<@U…>`, labelled links, mrkdwn, emoji, right-to-left
 * text and 10,000-character messages. Through the real app, every surface that shows it (list, full card, who
 * card, modal, digest preview) escapes it (no mention, broadcast or forged link can fire, in blocks or in the
 * notification text) and stays within Block Kit limits as the Slack emulator's validator enforces them.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { SEED_THREADS } from '../../sandbox/inbox-emulator/seed.js';
import { validateView } from '../../sandbox/slack-emulator/index.js';
import type { StoredMessage } from '../../sandbox/slack-emulator/types.js';
import { ActionIds, findThreadIds } from '../../src/blocks/ids.js';
import { CHANNEL, messageText, useAppStack } from '../support/app-stack.js';
import { ALICE, expectValidMessage, runCommand } from './support.js';

const app = useAppStack();

/** Tokens that, unescaped in mrkdwn, would notify people or render a link the prospect chose. */
const INJECTED = ['<!channel>', '<!here>', '<!everyone>', '<@U0ALICE001>', '<https://evil.example', '<script>', '<#C'];

/** A 10,000-character DM mixing every hazard: mentions, links, mrkdwn, emoji (ZWJ, skin tones, flags), RTL. */
const HUGE = (() => {
  const chunk =
    'Hey <!channel> <!here> ping <@U0ALICE001> and <#C0GENERAL1>: see <https://evil.example/x|your invoice> ' +
    '*bold* _it_ ~s~ `code` ```block``` > quote & 1 < 2 👩🏽‍💻👨‍👩‍👧‍👦🇫🇷 مرحبا بكم שלום ';
  let text = '';
  while (text.length < 10_000) text += chunk;
  return Array.from(text).slice(0, 10_000).join('').slice(0, 10_000);
})();

/** Every mrkdwn string Slack would parse: mrkdwn text objects in the blocks, and the notification text. */
function mrkdwnStrings(message: { text?: string; blocks?: unknown[] }): string[] {
  const out: string[] = [message.text ?? ''];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (obj.type === 'mrkdwn' && typeof obj.text === 'string') out.push(obj.text);
      for (const value of Object.values(obj)) walk(value);
    }
  };
  walk(message.blocks ?? []);
  return out;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function expectSafe(message: { text?: string; blocks?: unknown[] }): void {
  expectValidMessage(message);
  for (const text of mrkdwnStrings(message)) {
    for (const token of INJECTED) expect(text, `unescaped ${token}`).not.toContain(token);
  }
  const everything = JSON.stringify(message);
  expect(LONE_SURROGATE.test(messageText(message)), 'a surrogate pair was cut in half').toBe(false);
  expect(everything).not.toContain('\\ud8');
}

async function card(threadId: string): Promise<StoredMessage> {
  const { answer } = await runCommand(app(), `thread ${threadId}`);
  return answer;
}

async function openView(message: StoredMessage, threadId: string) {
  const result = await app().clickCard({
    userId: ALICE,
    message,
    threadId,
    actionId: ActionIds.overflow,
    selectedValue: 'view',
  });
  expect(result.status).toBe(200);
  // The view exactly as the app sent it (views.update), which the emulator accepted.
  return app().slack.waitFor(() => {
    const call = app()
      .slack.calls()
      .findLast((c) => c.method === 'views.update');
    const view = call?.args.view as { blocks?: unknown[] } | undefined;
    return view && JSON.stringify(view.blocks).includes('modal:messages') ? view : undefined;
  });
}

describe('the seeded hazards', () => {
  it('the markup thread: mentions, links, mrkdwn and <script> are shown as text, emoji kept', async () => {
    const message = await card(SEED_THREADS.markup);
    expectSafe(message);
    const shown = mrkdwnStrings(message).join('\n');
    expect(shown).toContain('&lt;!channel&gt;');
    expect(shown).toContain('&lt;@U0ALICE001&gt;');
    expect(shown).toContain('Max &lt;Markup&gt; &amp;');
    expect(shown).toContain('🚀');
  });

  it('the right-to-left thread keeps its Arabic text intact', async () => {
    const message = await card(SEED_THREADS.rtl);
    expectSafe(message);
    expect(messageText(message)).toMatch(/مرحبا/);
  });

  it('the 5,000-character message is cut to fit a section, on a character boundary, with an ellipsis', async () => {
    const message = await card(SEED_THREADS.longMessage);
    expectSafe(message);
    expect(messageText(message)).toContain('…');
  });

  it.each([
    ['markup', SEED_THREADS.markup],
    ['rtl', SEED_THREADS.rtl],
    ['longMessage', SEED_THREADS.longMessage],
  ])('the %s thread in the View modal fits the modal limits and stays escaped', async (_name, threadId) => {
    const view = await openView(await card(threadId), threadId);
    expect(validateView(view)).toEqual([]);
    for (const text of mrkdwnStrings({ blocks: view.blocks ?? [] })) {
      for (const token of INJECTED) expect(text).not.toContain(token);
    }
  });

  it('every page of the list that holds them is a valid message of at most 50 blocks', async () => {
    let { answer: page } = await runCommand(app(), 'noreply');
    const seen = new Set<string>();
    for (let n = 0; n < 40; n++) {
      expectSafe(page);
      expect(page.blocks.length).toBeLessThanOrEqual(50);
      for (const id of findThreadIds(page.blocks as never)) seen.add(id);
      if ([SEED_THREADS.markup, SEED_THREADS.rtl, SEED_THREADS.longMessage].every((id) => seen.has(id))) break;
      const current = page;
      await app().slack.clickAction({ userId: ALICE, messageTs: current.ts, actionId: ActionIds.listNext });
      page = await app().waitForMessage(ALICE, (m) => m.ts === current.ts && m.revision > current.revision);
    }
    expect([...seen]).toEqual(
      expect.arrayContaining([SEED_THREADS.markup, SEED_THREADS.rtl, SEED_THREADS.longMessage]),
    );
  });

  it('the who card shows the prospect bio and name escaped', async () => {
    const { answer } = await runCommand(app(), 'who maxmarkup');
    expectSafe(answer);
    expect(mrkdwnStrings(answer).join('\n')).toMatch(/&lt;b&gt;cool&lt;\/b&gt;|Max &lt;Markup&gt;/);
  });

  it('the digest preview with every hazard is valid and escaped', async () => {
    const { answer } = await runCommand(app(), 'digest', ALICE, 15_000);
    expectSafe(answer);
  });
});

describe('a 10,000-character message full of hazards', () => {
  beforeEach(async () => {
    // Sent through the API (as the account), so it becomes the thread's last message.
    const res = await fetch(`${app().inbox.url}/threads/${SEED_THREADS.jordanNoReply}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app().config.inbox.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: HUGE }),
    });
    expect(res.status).toBe(200);
    expect(HUGE.length).toBe(10_000);
  });

  it('renders on the full card within limits, escaped', async () => {
    const message = await card(SEED_THREADS.jordanNoReply);
    expectSafe(message);
    expect(messageText(message)).toContain('&lt;!channel&gt;');
  });

  it('renders in the modal within limits, escaped', async () => {
    const view = await openView(await card(SEED_THREADS.jordanNoReply), SEED_THREADS.jordanNoReply);
    expect(validateView(view)).toEqual([]);
    for (const text of mrkdwnStrings({ blocks: view.blocks ?? [] })) {
      for (const token of INJECTED) expect(text).not.toContain(token);
    }
  });

  it('renders in a who result and in the list', async () => {
    expectSafe((await runCommand(app(), 'who jordanrivera')).answer);
    expectSafe((await runCommand(app(), `thread ${SEED_THREADS.jordanNoReply}`)).answer);
    expect(
      app()
        .slack.messages(CHANNEL, ALICE)
        .every((m) => m.source !== 'slackbot'),
    ).toBe(true);
  });
});
