/**
 * The whole app under test over real HTTP: the contract-checked Inbox emulator, the Slack emulator (which
 * signs requests into the app's Bolt HTTP receiver and serves the Web API and response_urls), and the real
 * runtime wired to both. Every log line the app writes is captured in `logs`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { DEMO_INBOX_TOKEN } from '../../sandbox/demo-team.js';
import type { InboxEmulatorOptions } from '../../sandbox/inbox-emulator/index.js';
import { type SlackEmulator, startSlackEmulator } from '../../sandbox/slack-emulator/index.js';
import type { StoredMessage } from '../../sandbox/slack-emulator/types.js';
import { connectWebhooks, sandboxConfig } from '../../sandbox/start-sandbox.js';
import { ActionIds, threadBlockId } from '../../src/blocks/ids.js';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type Runtime, type RuntimeOptions, startRuntime } from '../../src/runtime.js';
import { type CheckedInboxEmulator, startCheckedInboxEmulator } from './inbox-emulator.js';

/** Test secrets: any of them showing up in a log line is a failure (see test/hardening). */
export const TEST_SECRETS = {
  botToken: 'xoxb-test-000111222-bot-token-value',
  signingSecret: 'test-signing-secret-7f3a9c2e5b1d',
  webhookSecret: 'ibt_wh_test_webhook_secret_5e7b',
} as const;

export interface AppStack {
  inbox: CheckedInboxEmulator;
  slack: SlackEmulator;
  runtime: Runtime;
  config: Config;
  appUrl: string;
  logs: string[];
  /** Runs `/inbox <text>` as the user in the channel; resolves with the ack. */
  command(userId: string, text: string, channelId?: string): ReturnType<SlackEmulator['sendCommand']>;
  /** The newest message the user sees in the channel that satisfies `match` (waits for it). */
  waitForMessage(
    userId: string,
    match: (m: StoredMessage) => boolean,
    channelId?: string,
    timeoutMs?: number,
  ): Promise<StoredMessage>;
  /** Runs `/inbox thread <id>` as the user and returns the new card it answers with. */
  postCard(userId: string, threadId: string): Promise<StoredMessage>;
  /**
   * Clicks a button (or picks `selectedValue` in a select) in the actions row of a thread's card; for the
   * overflow menu (ActionIds.overflow), picks the item whose verb is `selectedValue`.
   */
  clickCard(args: {
    userId: string;
    message: StoredMessage;
    threadId: string;
    actionId: string;
    selectedValue?: string;
  }): ReturnType<SlackEmulator['clickAction']>;
  close(): Promise<void>;
}

export const CHANNEL = 'C0GENERAL1';

export interface AppStackOptions {
  config?: (config: Config) => Config;
  inbox?: InboxEmulatorOptions;
  slowNoticeMs?: number;
  clock?: () => Date;
  /** Run the digest scheduler (default false: scheduled runs are tested in test/digest). */
  schedule?: boolean;
  /** The Inbox client's time limits (shortened to test a hung Inbox in seconds). */
  inboxTimeouts?: { timeoutMs: number; deadlineMs: number };
  /** Live events: shorter post spacing and reorder window, or state shared with another runtime (a replica). */
  live?: RuntimeOptions['live'];
  liveState?: RuntimeOptions['liveState'];
  /** useAppStack: run before the stack starts (e.g. create a PostgreSQL database) and after it closed. */
  beforeStart?: () => Promise<void>;
  afterClose?: () => Promise<void>;
  /** Other runtime options (the pauses before re-listing after an uncertain send). */
  runtime?: Pick<RuntimeOptions, 'verifyDelaysMs' | 'digestRunTimeoutMs'>;
}

export async function startAppStack(options: AppStackOptions = {}): Promise<AppStack> {
  const inbox = await startCheckedInboxEmulator({ token: DEMO_INBOX_TOKEN, ...options.inbox });
  const slack = await startSlackEmulator({
    signingSecret: TEST_SECRETS.signingSecret,
    botToken: TEST_SECRETS.botToken,
  });
  const stateDir = mkdtempSync(join(tmpdir(), 'inbox-slack-test-'));
  const base = sandboxConfig({ slackApiUrl: slack.apiUrl, inboxApiUrl: inbox.url }, TEST_SECRETS, stateDir);
  const config = options.config ? options.config(base) : base;
  const logs: string[] = [];
  const logger = createLogger({
    level: LogLevel.DEBUG,
    // Human-readable lines ("[time] WARN (inbox-slack): …"), which the tests match against.
    format: 'pretty',
    secrets: [TEST_SECRETS.botToken, TEST_SECRETS.signingSecret, TEST_SECRETS.webhookSecret, config.inbox.token],
    sink: (_level, line) => logs.push(line),
  });
  const runtime = await startRuntime(config, {
    logger,
    slowNoticeMs: options.slowNoticeMs ?? 1_500,
    schedule: options.schedule ?? false,
    ...(options.inboxTimeouts ? { inboxTimeouts: options.inboxTimeouts } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.live ? { live: options.live } : {}),
    ...(options.liveState ? { liveState: options.liveState } : {}),
    ...options.runtime,
  });
  const appUrl = `http://127.0.0.1:${runtime.port}/slack/events`;
  slack.setAppUrl(appUrl);
  connectWebhooks(inbox, config, runtime.port);

  return {
    inbox,
    slack,
    runtime,
    config,
    appUrl,
    logs,
    command: (userId, text, channelId = CHANNEL) => slack.sendCommand({ userId, channelId, text }),
    waitForMessage: (userId, match, channelId = CHANNEL, timeoutMs = 8_000) =>
      slack.waitFor(() => slack.messages(channelId, userId).filter(match).at(-1), timeoutMs),
    async postCard(userId, threadId) {
      const seen = new Set(slack.messages(CHANNEL, userId).map((m) => m.ts));
      const ack = await slack.sendCommand({ userId, channelId: CHANNEL, text: `thread ${threadId}` });
      if (ack.status !== 200) throw new Error(`/inbox thread was answered with HTTP ${ack.status}`);
      const actions = threadBlockId(threadId, 'actions');
      return slack.waitFor(
        () =>
          slack
            .messages(CHANNEL, userId)
            .filter((m) => !seen.has(m.ts) && m.blocks.some((b) => b.block_id === actions))
            .at(-1),
        8_000,
      );
    },
    clickCard: ({ userId, message, threadId, actionId, selectedValue }) =>
      slack.clickAction({
        userId,
        messageTs: message.ts,
        actionId,
        blockId: threadBlockId(threadId, actionId === ActionIds.overflow ? 'head' : 'actions'),
        ...(selectedValue ? { selectedValue } : {}),
      }),
    async close() {
      await runtime.stop();
      await Promise.all([slack.close(), inbox.close()]);
    },
  };
}

/** Secret values the app must never log: the exact test secrets and any Slack token shape. */
export function leakedSecrets(lines: readonly string[]): string[] {
  const exact = [TEST_SECRETS.botToken, TEST_SECRETS.signingSecret, TEST_SECRETS.webhookSecret, DEMO_INBOX_TOKEN];
  return lines.filter((line) => exact.some((s) => line.includes(s)) || /\bx(?:ox[abposre]|app)-[A-Za-z0-9]/.test(line));
}

/**
 * Vitest wiring: one stack per test file, both emulators reset before each test, and after each one the Inbox
 * contract checked and the app's log searched for secrets.
 */
export function useAppStack(options: AppStackOptions = {}): () => AppStack {
  let stack: AppStack | undefined;
  beforeAll(async () => {
    await options.beforeStart?.();
    stack = await startAppStack(options);
  });
  afterAll(async () => {
    await stack?.close();
    await options.afterClose?.();
  });
  beforeEach(() => {
    stack?.inbox.controls.reset();
    stack?.slack.reset();
  });
  afterEach(() => {
    expect(leakedSecrets(stack?.logs ?? [])).toEqual([]);
    const violations = stack?.inbox.violations() ?? [];
    stack?.inbox.clearViolations();
    expect(violations, 'Inbox API contract violations').toEqual([]);
  });
  return () => {
    if (!stack) throw new Error('the app stack is not started yet (use it inside a test or hook)');
    return stack;
  };
}

/** Every text a message shows: its fallback text plus all text inside its blocks. */
export function messageText(message: { text?: string; blocks?: unknown[] }): string {
  const parts: string[] = [message.text ?? ''];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') parts.push(value);
        else walk(value);
      }
    }
  };
  walk(message.blocks ?? []);
  return parts.join('\n');
}

/**
 * Runs `/inbox <text>` and resolves with its answer: the first new message the user sees that is neither the ack
 * nor the "working on it" notice a slow answer is preceded by.
 */
export async function commandAnswer(stack: AppStack, userId: string, text: string): Promise<StoredMessage> {
  const seen = new Set(stack.slack.messages(CHANNEL, userId).map((m) => m.ts));
  await stack.command(userId, text);
  return stack.waitForMessage(
    userId,
    (m) => !seen.has(m.ts) && m.source !== 'ack' && !messageText(m).includes('Working on it'),
    CHANNEL,
    20_000,
  );
}
