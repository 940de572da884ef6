/**
 * The local sandbox in a real browser: the real app wired to the Inbox and Slack emulators (startSandbox), and
 * Debian's Chromium driving the playground page through the main flows like a person would — type a command,
 * click the buttons on the cards, switch user and channel, run the digest. Assertions are on what the page shows.
 * Screenshots of every step land in test-results/ (gitignored).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/start-sandbox.js';
import { ActionIds } from '../../src/blocks/ids.js';
import { type BrowserSession, HAS_CHROMIUM, launchBrowser, SKIP_REASON } from './support.js';

if (!HAS_CHROMIUM) console.warn(SKIP_REASON);

const WAIT = { timeout: 10_000 };
const ALICE = 'U0ALICE001';
const FRANK = 'U0FRANK006';
const GENERAL = 'C0GENERAL1';
/** The README's picture: UPDATE_README_SCREENSHOT=1 npx vitest run test/browser/sandbox-flows.test.ts */
const README_SCREENSHOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'playground.png');

/** The thread IDs of the cards on the page, in order (from their `thread:<id>:head` block_ids). */
async function cardIds(scope: Locator): Promise<string[]> {
  const blockIds = await scope
    .locator('[data-testid="block"][data-block-id$=":head"]')
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-block-id') ?? ''));
  return blockIds.map((id) => id.split(':')[1] ?? '').filter((id) => id !== '');
}

/** Every block of one thread card (head, detail, meta, actions, note). */
function card(page: Page, threadId: string): Locator {
  return page.locator(`[data-testid="block"][data-block-id^="thread:${threadId}:"]`);
}

/** Waits until the card of `threadId` shows `text` (the message is redrawn in place when the app updates it). */
async function cardShows(page: Page, threadId: string, text: string | RegExp): Promise<Locator> {
  const block = card(page, threadId).filter({ hasText: text });
  await block.first().waitFor(WAIT);
  return block;
}

function numberIn(pattern: RegExp, text: string): number {
  return Number(pattern.exec(text.trim())?.[1]?.replace(/,/g, '') ?? Number.NaN);
}

async function runCommand(page: Page, text: string): Promise<void> {
  const composer = page.getByTestId('composer');
  await composer.fill(text);
  await composer.press('Enter');
}

describe.skipIf(!HAS_CHROMIUM)('the sandbox in a real browser: the main flows on the playground page', () => {
  let stateDir: string;
  let sandbox: Sandbox;
  let session: BrowserSession;
  let page: Page;
  /** The first card of `/inbox noreply`, assigned in step 2. */
  let assigned: string;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'inbox-slack-flows-'));
    sandbox = await startSandbox({ port: 0, portExplicit: true, stateDir, announce: false });
    session = await launchBrowser();
    page = session.page;
  });

  afterAll(async () => {
    await session?.close();
    await sandbox?.stop();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it('1. /inbox noreply in #general shows thread cards, only to the one who asked', async () => {
    await page.goto(`${sandbox.playgroundUrl}?user=${ALICE}&channel=${GENERAL}`);
    await page.getByTestId('channel-title').filter({ hasText: '# general' }).waitFor(WAIT);
    await page.getByTestId('channel-list').getByText('sales-inbox').waitFor(WAIT);
    expect(await page.getByTestId('user-switcher').inputValue()).toBe(ALICE);
    expect(await page.getByTestId('command-hint').textContent()).toContain('/inbox noreply');

    await runCommand(page, '/inbox noreply');
    const list = page.getByTestId('message').filter({ hasText: 'Awaiting reply' });
    await list.getByTestId(`button-${ActionIds.assignMe}`).first().waitFor(WAIT);
    expect(await page.getByTestId('message').count()).toBe(1);
    await list.getByTestId('ephemeral-marker').filter({ hasText: 'Only visible to you' }).waitFor(WAIT);

    const ids = await cardIds(list);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await list.getByTestId(`button-${ActionIds.archive}`).count()).toBe(ids.length);
    expect(await list.getByTestId(`ext-select-${ActionIds.assignSelect}`).count()).toBe(ids.length);
    expect(await list.getByText('Next page').count()).toBe(1);
    expect(session.errors).toEqual([]);
    assigned = ids[0] as string;
    await list.getByTestId('ephemeral-marker').scrollIntoViewIfNeeded();
    await session.screenshot('flows-1-noreply');
    if (process.env.UPDATE_README_SCREENSHOT) await page.screenshot({ path: README_SCREENSHOT });
  });

  it('2. "Assign to me" redraws that card in place: Assigned to Alice Chen', async () => {
    const list = page.getByTestId('message').filter({ hasText: 'Awaiting reply' });
    const ts = await list.getAttribute('data-ts');
    const before = await cardIds(list);

    await card(page, assigned).getByTestId(`button-${ActionIds.assignMe}`).click();
    await cardShows(page, assigned, 'Assigned to Alice Chen by @Alice Chen');

    const message = page.locator(`[data-testid="message"][data-ts="${ts}"]`);
    expect(await page.getByTestId('message').count()).toBe(1);
    expect(Number(await message.getAttribute('data-revision'))).toBeGreaterThanOrEqual(1);
    expect(await cardIds(message)).toEqual(before);
    // Only that card carries the note; the assignee menu now shows Alice, and "Assign to me" is gone from it.
    expect(await page.getByTestId('message').getByText('Assigned to Alice Chen').count()).toBe(1);
    expect(await card(page, assigned).getByTestId(`ext-select-${ActionIds.assignSelect}`).textContent()).toBe(
      'Alice Chen ▾',
    );
    expect(await card(page, assigned).getByTestId(`button-${ActionIds.assignMe}`).count()).toBe(0);
    await card(page, assigned).first().scrollIntoViewIfNeeded();
    await session.screenshot('flows-2-assigned');
  });

  it('3. "Archive" turns the card into Archived by, with Reopen instead of Archive', async () => {
    const ids = await cardIds(page.getByTestId('message'));
    const target = ids[1] as string;
    await card(page, target).getByTestId(`button-${ActionIds.archive}`).click();
    await cardShows(page, target, /Archived by @Alice Chen/);
    await card(page, target).getByTestId(`button-${ActionIds.reopen}`).waitFor(WAIT);
    expect(await card(page, target).getByTestId(`button-${ActionIds.archive}`).count()).toBe(0);
    // The other cards are untouched: still one message, the first card still assigned.
    expect(await page.getByTestId('message').count()).toBe(1);
    expect(await card(page, assigned).getByText('Assigned to Alice Chen').count()).toBe(1);
    await card(page, target).first().scrollIntoViewIfNeeded();
    await session.screenshot('flows-3-archived');
  });

  it('4. as Frank (no Inbox seat), reading is refused in words (READ_POLICY=members)', async () => {
    await page.getByTestId('user-switcher').selectOption(FRANK);
    // Alice's ephemeral list is hers alone.
    await page
      .getByTestId('message')
      .filter({ hasText: 'Awaiting reply' })
      .waitFor({ state: 'detached', ...WAIT });

    await runCommand(page, '/inbox noreply');
    const refusal = page.getByTestId('message').filter({ hasText: 'Only Inbox members' });
    await refusal.first().waitFor(WAIT);
    expect(await refusal.first().textContent()).toContain('Only Inbox members can read Inbox threads here');
    expect(await page.getByTestId('message').filter({ hasText: 'Awaiting reply' }).count()).toBe(0);
    await refusal.first().scrollIntoViewIfNeeded();
    await session.screenshot('flows-4-frank-refused');

    await page.getByTestId('user-switcher').selectOption(ALICE);
    await page
      .getByTestId('message')
      .filter({ hasText: 'Only Inbox members' })
      .waitFor({ state: 'detached', ...WAIT });
  });

  it('5. /inbox who jordanrivera shows the prospect card and both of their threads', async () => {
    await runCommand(page, '/inbox who jordanrivera');
    const who = page.getByTestId('message').filter({ has: page.locator('[data-block-id="who:prospect"]') });
    await who.waitFor(WAIT);
    expect(await who.locator('[data-block-id="who:prospect"]').textContent()).toContain('Jordan Rivera');
    await who.getByTestId('ephemeral-marker').waitFor(WAIT);
    expect(await cardIds(who)).toHaveLength(2);
    expect(await who.getByTestId(`overflow-${ActionIds.overflow}`).count()).toBe(2);
    await who.scrollIntoViewIfNeeded();
    await session.screenshot('flows-5-who');
  });

  it('6. "Run digest now" switches to #sales-inbox and posts the digest with the total waiting', async () => {
    await page.getByTestId('channel-sales-inbox').click();
    await page.getByTestId('channel-title').filter({ hasText: '# sales-inbox' }).waitFor(WAIT);
    await page.getByTestId('run-digest').click();

    const digest = page.getByTestId('message').filter({ hasText: 'waiting for a reply' });
    const header = digest.locator('[data-block-type="header"]').filter({ hasText: 'waiting for a reply' });
    await header.waitFor(WAIT);
    // The header's ":incoming_envelope:" shortcode is drawn as the emoji, as Slack draws plain_text with emoji: true.
    const headerText = (await header.textContent()) ?? '';
    expect(headerText).toMatch(/^📨 /);
    const total = numberIn(/([\d,]+) threads? waiting for a reply$/, headerText);
    expect(total).toBeGreaterThan(0);
    // The summary's "By assignee" column adds up to the total, and the app's ephemeral confirmation agrees.
    const byAssignee = (await digest.locator('.field').filter({ hasText: 'By assignee' }).textContent()) ?? '';
    const rows = [...byAssignee.matchAll(/• [^•]+?: ([\d,]+)/g)].map((m) => Number(m[1]?.replace(/,/g, '')));
    expect(rows.length).toBeGreaterThan(0);
    const sum = rows.reduce((a, b) => a + b, 0);
    expect(sum).toBe(total);
    await page
      .getByTestId('message')
      .filter({ hasText: `Posted the digest` })
      .filter({ hasText: `${total} threads waiting` })
      .waitFor(WAIT);
    // Posted in the channel for everyone (not ephemeral), with cards carrying the same buttons.
    expect(await digest.getByTestId('ephemeral-marker').count()).toBe(0);
    expect((await cardIds(digest)).length).toBeGreaterThan(0);
    expect(await digest.getByTestId(`button-${ActionIds.assignMe}`).count()).toBeGreaterThan(0);
    await header.scrollIntoViewIfNeeded();
    await session.screenshot('flows-6-digest');
    expect(session.errors).toEqual([]);
  });
});
