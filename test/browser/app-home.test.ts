/**
 * The Home tab in a real browser: the playground draws the view the app published on app_home_opened, and its
 * buttons run the real action path (block_actions from a view → Inbox → views.publish redraw).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/start-sandbox.js';
import { ActionIds, BlockIds, SettingsInputs } from '../../src/blocks/ids.js';
import { type BrowserSession, HAS_CHROMIUM, launchBrowser, SKIP_REASON } from './support.js';

if (!HAS_CHROMIUM) console.warn(SKIP_REASON);

const WAIT = { timeout: 10_000 };
const ALICE = 'U0ALICE001';
const FRANK = 'U0FRANK006';

describe.skipIf(!HAS_CHROMIUM)('the Home tab in the playground', () => {
  let stateDir: string;
  let sandbox: Sandbox;
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'inbox-slack-home-'));
    sandbox = await startSandbox({ port: 0, portExplicit: true, stateDir, announce: false });
    session = await launchBrowser();
    page = session.page;
  });

  afterAll(async () => {
    await session?.close();
    await sandbox?.stop();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  const home = () => page.getByTestId('home');
  const block = (id: string) => home().locator(`[data-testid="block"][data-block-id="${id}"]`);

  it('draws "My queue" when Alice opens the Home tab, with her counts and her cards', async () => {
    await page.goto(`${sandbox.playgroundUrl}?user=${ALICE}&channel=C0SALESINB`);
    await page.getByTestId('app-home').click();
    await block(BlockIds.homeCounts).waitFor(WAIT);
    expect(await page.getByTestId('channel-title').textContent()).toBe('Inbox · Home');
    expect(await block(BlockIds.homeCounts).textContent()).toMatch(/\d+ threads? awaiting your reply · \d+ other open/);
    expect(await home().locator('[data-block-id$=":head"]').count()).toBeGreaterThan(0);
    await session.screenshot('home-1-alice');
  });

  it('archives the oldest waiting thread from its Home card; the Home redraws with the outcome', async () => {
    const counts = await block(BlockIds.homeCounts).textContent();
    const waiting = Number(/(\d+) threads? awaiting/.exec(counts ?? '')?.[1]);
    const firstCard = home()
      .locator('[data-testid="block"][data-block-id^="thread:"][data-block-id$=":actions"]')
      .first();
    const threadId = ((await firstCard.getAttribute('data-block-id')) ?? '').split(':')[1];
    await firstCard.getByTestId(`button-${ActionIds.archive}`).click();
    await block(BlockIds.homeNotice).filter({ hasText: 'Archived.' }).waitFor(WAIT);
    expect(await home().locator(`[data-block-id="thread:${threadId}:head"]`).count()).toBe(0);
    expect(await block(BlockIds.homeCounts).textContent()).toContain(`${waiting - 1} thread`);
    await session.screenshot('home-2-archived');
  });

  it('changes a setting from the Home tab: Team settings → who may act → anyone; the window then says Slack wins', async () => {
    await home().getByTestId(`button-${ActionIds.homeSettings}`).click();
    const dialog = page.getByTestId('modal');
    await dialog.getByText('Who may assign, archive and reopen').waitFor(WAIT);
    expect(await dialog.textContent()).toContain('starting values from the environment');
    await dialog.getByTestId(`select-${SettingsInputs.actionPolicy}`).selectOption('anyone');
    await session.screenshot('home-3-settings');
    await dialog.getByTestId('modal-submit').click();
    await dialog.waitFor({ state: 'detached', ...WAIT });

    await home().getByTestId(`button-${ActionIds.homeSettings}`).click();
    await page.getByTestId('modal').getByText('Saved in Slack by').waitFor(WAIT);
    const select = page.getByTestId('modal').getByTestId(`select-${SettingsInputs.actionPolicy}`);
    expect(await select.inputValue()).toBe('anyone');
    await page.getByTestId('modal-close').click();
  });

  it('shows Frank, who has no Inbox seat, why there is no queue', async () => {
    await page.getByTestId('user-switcher').selectOption(FRANK);
    await block(BlockIds.homeUnlinked).waitFor(WAIT);
    expect(await block(BlockIds.homeUnlinked).textContent()).toContain('not linked to an Inbox member');
    expect(session.errors).toEqual([]);
  });
});
