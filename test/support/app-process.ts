/**
 * The real process (`src/main.ts`, HTTP mode) spawned against emulators that run in the test: for behaviour that
 * only a whole process shows (signals, process-level error handlers, exit codes, what it prints when it cannot
 * start, several replicas). Built on startNode; output is captured; every process still running after a test is
 * killed.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { DEMO_INBOX_TOKEN } from '../../sandbox/demo-team.js';
import { type SlackEmulator, startSlackEmulator } from '../../sandbox/slack-emulator/index.js';
import { TEST_SECRETS } from './app-stack.js';
import { killChildren, type RunningChild, startNode } from './child-process.js';
import { type CheckedInboxEmulator, startCheckedInboxEmulator } from './inbox-emulator.js';
import { findSecrets } from './secret-guard.js';

export { ROOT } from './child-process.js';

export interface ProcessEmulators {
  inbox: CheckedInboxEmulator;
  slack: SlackEmulator;
}

export interface RunningApp extends RunningChild {
  port: number;
  /** POST /slack/events of the process. */
  appUrl: string;
  /** Everything it printed so far (stdout, then stderr). */
  output: () => string;
  url(path: string): string;
}

/** Both emulators for the file (reset before each test); any process still running after a test is killed. */
export function useProcessEmulators(): () => ProcessEmulators {
  let emulators: ProcessEmulators | undefined;
  beforeAll(async () => {
    const inbox = await startCheckedInboxEmulator({ token: DEMO_INBOX_TOKEN });
    const slack = await startSlackEmulator({
      signingSecret: TEST_SECRETS.signingSecret,
      botToken: TEST_SECRETS.botToken,
    });
    emulators = { inbox, slack };
  });
  afterAll(async () => {
    await Promise.all([emulators?.slack.close(), emulators?.inbox.close()]);
  });
  beforeEach(() => {
    emulators?.inbox.controls.reset();
    emulators?.slack.reset();
  });
  afterEach(killChildren);
  return () => {
    if (!emulators) throw new Error('the emulators are not started yet (use them inside a test or hook)');
    return emulators;
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface StartAppOptions {
  /** Wait until it listens (default true); false to watch a process that must not start. */
  waitForStart?: boolean;
  /** Point the Slack emulator's signed requests at it once it listens (default true). */
  receiveSlack?: boolean;
  /** Run as this user and group (a read-only directory needs someone other than root). */
  user?: { uid: number; gid: number };
}

/** Starts `src/main.ts` with the test credentials and `env` (a fresh STATE_DIR unless given). */
export async function startAppProcess(
  { inbox, slack }: ProcessEmulators,
  env: Record<string, string>,
  options: StartAppOptions = {},
): Promise<RunningApp> {
  const port = await freePort();
  const running = startNode(
    ['--import', 'tsx', 'src/main.ts'],
    {
      SLACK_BOT_TOKEN: TEST_SECRETS.botToken,
      SLACK_SIGNING_SECRET: TEST_SECRETS.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      INBOX_API_TOKEN: DEMO_INBOX_TOKEN,
      INBOX_API_URL: inbox.url,
      PORT: String(port),
      LOG_LEVEL: 'info',
      STATE_DIR: mkdtempSync(join(tmpdir(), 'inbox-slack-process-')),
      ...(options.user ? { HOME: tmpdir() } : {}),
      ...env,
    },
    options.user,
  );
  const appUrl = `http://127.0.0.1:${port}/slack/events`;
  const app: RunningApp = {
    ...running,
    port,
    appUrl,
    output: () => running.stdout() + running.stderr(),
    url: (path) => `http://127.0.0.1:${port}${path}`,
  };
  if (options.waitForStart === false) return app;
  await running.waitFor(/listening on port/, 20_000).catch(() => {
    const output = app.output();
    throw new Error(
      `the app did not start: ${findSecrets(output).length ? '(output withheld: it has a secret)' : output}`,
    );
  });
  if (options.receiveSlack !== false) slack.setAppUrl(appUrl);
  return app;
}
