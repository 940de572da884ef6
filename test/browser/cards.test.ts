/**
 * The cards of issue 12 in a real browser, through the playground: the Assign menu loads its options from the app
 * (external_select → block_suggestion through the emulator) and a refused pick is redrawn from Inbox; the overflow
 * menu; "Threads 11–20 of N" with Next and Previous; the short help and its examples; a posted digest that redraws
 * its header and totals on a click. With UPDATE_README_SCREENSHOT=1 it also writes docs/card.png and
 * docs/digest.png for the README.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/start-sandbox.js';
import { ActionIds } from '../../src/blocks/ids.js';
import { HELP_START } from '../../src/commands/help.js';
import { type BrowserSession, HAS_CHROMIUM, launchBrowser, SKIP_REASON } from './support.js';

if (!HAS_CHROMIUM) console.warn(SKIP_REASON);

const WAIT = { timeout: 20_000 };
const ALICE = 'U0ALICE001';
const FRANK = 'U0FRANK006';
const GENERAL = 'C0GENERAL1';
const DOCS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs');

async function cardIds(scope: Locator): Promise<string[]> {
  const blockIds = await scope
    .locator('[data-testid="block"][data-block-id$=":head"]')
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-block-id') ?? ''));
  return blockIds.map((id) => id.split(':')[1] ?? '').filter((id) => id !== '');
}

const card = (page: Page, threadId: string) =>
  page.locator(`[data-testid="block"][data-block-id^="thread:${threadId}:"]`);

async function runCommand(page: Page, text: string): Promise<void> {
  const composer = page.getByTestId('composer');
  await composer.fill(text);
  await composer.press('Enter');
}

/** Opens a card's Assign menu, types `query`, and picks the option called `name`. */
async function pickInAssignMenu(page: Page, threadId: string, query: string, name: string): Promise<void> {
  const scope = card(page, threadId);
  await scope.getByTestId(`ext-select-${ActionIds.assignSelect}`).click();
  const search = scope.getByTestId(`ext-search-${ActionIds.assignSelect}`);
  await search.fill(query);
  const option = scope.getByTestId(`ext-options-${ActionIds.assignSelect}`).getByRole('button', { name });
  await option.waitFor(WAIT);
  await option.click();
}

describe.skipIf(!HAS_CHROMIUM)('issue 12 cards in a real browser', () => {
  let stateDir: string;
  let sandbox: Sandbox;
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'inbox-slack-cards-'));
    sandbox = await startSandbox({ port: 0, portExplicit: true, stateDir, announce: false });
    session = await launchBrowser({ viewport: { width: 1100, height: 900 } });
    page = session.page;
    await page.goto(`${sandbox.playgroundUrl}?user=${ALICE}&channel=${GENERAL}`);
    await page.getByTestId('channel-title').filter({ hasText: '# general' }).waitFor(WAIT);
  });

  afterAll(async () => {
    await session?.close();
    await sandbox?.stop();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it('pages through a list: "Threads 1–10 of N", Next to "Threads 11–20 of N", Previous back to the same cards', async () => {
    await runCommand(page, '/inbox noreply');
    const list = page.getByTestId('message').filter({ hasText: 'Awaiting reply' }).last();
    await list.getByText(/Threads 1–10 of \d+/).waitFor(WAIT);
    const total = /of (\d+)/.exec((await list.getByText(/Threads 1–10 of/).textContent()) ?? '')?.[1];
    const first = await cardIds(list);
    expect(first).toHaveLength(10);
    await list.getByTestId(`button-${ActionIds.listNext}`).click();
    await list.getByText(`Threads 11–20 of ${total}`).waitFor(WAIT);
    const second = await cardIds(list);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    await list.getByTestId(`button-${ActionIds.listPrev}`).click();
    await list.getByText(`Threads 1–10 of ${total}`).waitFor(WAIT);
    expect(await cardIds(list)).toEqual(first);
    expect(session.errors).toEqual([]);
  });

  it('loads the Assign menu from the app, assigns, and the card shows the new assignee with its overflow menu', async () => {
    const list = page.getByTestId('message').filter({ hasText: 'Awaiting reply' }).last();
    const target = (await cardIds(list))[0] as string;
    await pickInAssignMenu(page, target, 'dan', 'Dan Kowalski');
    await card(page, target).filter({ hasText: 'Assigned to Dan Kowalski' }).first().waitFor(WAIT);
    expect(await card(page, target).getByTestId(`ext-select-${ActionIds.assignSelect}`).textContent()).toBe(
      'Dan Kowalski ▾',
    );
    await card(page, target).getByTestId(`overflow-${ActionIds.overflow}`).click();
    const menu = card(page, target).getByTestId(`overflow-menu-${ActionIds.overflow}`);
    for (const label of ['View conversation', 'Unassign', 'Open in Inbox', 'Open on X']) {
      expect(await menu.getByText(label).count()).toBe(1);
    }
    await card(page, target).first().scrollIntoViewIfNeeded();
    await session.screenshot('cards-1-assigned-menu');
    if (process.env.UPDATE_README_SCREENSHOT) {
      // The first two cards of the list, with the overflow menu open on the first.
      const box = await list.boundingBox();
      const second = await card(page, (await cardIds(list))[1] as string)
        .last()
        .boundingBox();
      if (box && second) {
        await page.screenshot({
          path: join(DOCS, 'card.png'),
          clip: { x: box.x, y: box.y, width: box.width, height: second.y + second.height - box.y + 8 },
        });
      }
    }
    await page.keyboard.press('Escape');
    await page.mouse.click(5, 5);
  });

  it('shows a short help whose examples each work when typed', async () => {
    await runCommand(page, '/inbox help');
    const help = page.getByTestId('message').filter({ hasText: 'start with one of these' }).last();
    await help.waitFor(WAIT);
    // Placeholders are escaped in the mrkdwn, so Slack shows them as typed instead of eating them as links.
    expect(await help.textContent()).toContain('/inbox who <username>');
    for (const entry of HELP_START) {
      for (const example of entry.examples) {
        const before = await page.getByTestId('message').count();
        await runCommand(page, example);
        const answer = page.getByTestId('message').nth(before);
        await answer.waitFor(WAIT);
        expect(await answer.textContent(), example).not.toMatch(/⚠️|not valid|No \w+ called/);
      }
    }
    expect(session.errors).toEqual([]);
  });

  it('redraws a posted digest on a click: the total in its header goes down, the card says who archived it', async () => {
    await page.getByTestId('channel-sales-inbox').click();
    await page.getByTestId('channel-title').filter({ hasText: '# sales-inbox' }).waitFor(WAIT);
    await page.getByTestId('run-digest').click();
    const digest = page.getByTestId('message').filter({ hasText: 'waiting for a reply' }).first();
    const header = digest.locator('[data-block-type="header"]');
    await header.waitFor(WAIT);
    const totalOf = async () => Number(/([\d,]+) threads? waiting/.exec((await header.textContent()) ?? '')?.[1]);
    const before = await totalOf();
    const target = (await cardIds(digest))[0] as string;
    await card(page, target).getByTestId(`button-${ActionIds.archive}`).click();
    await card(page, target).filter({ hasText: 'Archived by' }).first().waitFor(WAIT);
    await header.filter({ hasText: `${before - 1} threads waiting` }).waitFor(WAIT);
    expect(await digest.getByText(/updated/).count()).toBeGreaterThan(0);
    await header.scrollIntoViewIfNeeded();
    await session.screenshot('cards-3-digest-redrawn');
    if (process.env.UPDATE_README_SCREENSHOT) {
      // The redrawn head and the clicked card.
      const box = await digest.boundingBox();
      const clicked = await card(page, target).last().boundingBox();
      if (box && clicked) {
        await page.screenshot({
          path: join(DOCS, 'digest.png'),
          clip: { x: box.x, y: box.y, width: box.width, height: clicked.y + clicked.height - box.y + 8 },
        });
      }
    }
    expect(session.errors).toEqual([]);
  });

  it('redraws a refused pick in the Assign menu: Frank (no seat) picks Erin on a digest card, it goes back', async () => {
    const digest = page.getByTestId('message').filter({ hasText: 'waiting for a reply' }).first();
    const target = (await cardIds(digest))[1] as string;
    const shownBefore = await card(page, target).getByTestId(`ext-select-${ActionIds.assignSelect}`).textContent();
    expect(shownBefore).not.toBe('Erin Walsh ▾');
    await page.getByTestId('user-switcher').selectOption(FRANK);
    await digest.waitFor(WAIT);
    for (let i = 0; i < 2; i++) {
      await pickInAssignMenu(page, target, 'erin', 'Erin Walsh');
      await page.getByText('Only Inbox members can change threads').first().waitFor(WAIT);
      await card(page, target)
        .getByTestId(`ext-select-${ActionIds.assignSelect}`)
        .filter({ hasText: shownBefore ?? '' })
        .waitFor(WAIT);
    }
    // Told once, only to Frank, naming his email; the shared card carries no refusal.
    const refusals = page.getByTestId('message').filter({ hasText: 'Only Inbox members can change threads' });
    expect(await refusals.count()).toBe(1);
    expect(await refusals.first().textContent()).toContain('frank@partner-agency.example');
    expect(await card(page, target).filter({ hasText: 'Only Inbox members' }).count()).toBe(0);
    await session.screenshot('cards-4-frank-refused-select');
    await page.getByTestId('user-switcher').selectOption(ALICE);
  });
});
