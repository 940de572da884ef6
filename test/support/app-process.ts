/**
 * The real process (`src/main.ts`, HTTP mode) spawned against emulators that run in the test: for behaviour that
 * only a whole process shows (signals, process-level error handlers, exit codes). Output is captured; the process is
 * killed after each test if it is still running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { DEMO_INBOX_TOKEN } from '../../sandbox/demo-team.js';
import { type SlackEmulator, startSlackEmulator } from '../../sandbox/slack-emulator/index.js';
import { TEST_SECRETS } from './app-stack.js';
import { type CheckedInboxEmulator, startCheckedInboxEmulator } from './inbox-emulator.js';
import { findSecrets } from './secret-guard.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ProcessEmulators {
  inbox: CheckedInboxEmulator;
  slack: SlackEmulator;
}

export interface RunningApp {
  child: ChildProcess;
  /** POST /slack/events of the process. */
  appUrl: string;
  output: () => string;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];

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
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });
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

/** Starts `src/main.ts` with the test credentials and `env`; resolves once it listens (the Slack emulator is pointed at it). */
export async function startAppProcess(
  { inbox, slack }: ProcessEmulators,
  env: Record<string, string>,
): Promise<RunningApp> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TZ: 'UTC',
      SLACK_BOT_TOKEN: TEST_SECRETS.botToken,
      SLACK_SIGNING_SECRET: TEST_SECRETS.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      INBOX_API_TOKEN: DEMO_INBOX_TOKEN,
      INBOX_API_URL: inbox.url,
      PORT: String(port),
      LOG_LEVEL: 'info',
      STATE_DIR: mkdtempSync(join(tmpdir(), 'inbox-slack-process-')),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await slack
    .waitFor(() => (/listening on port/.test(output) ? true : undefined), 15_000)
    .catch(() => {
      throw new Error(
        `the app did not start: ${findSecrets(output).length ? '(output withheld: it has a secret)' : output}`,
      );
    });
  const appUrl = `http://127.0.0.1:${port}/slack/events`;
  slack.setAppUrl(appUrl);
  return { child, appUrl, output: () => output, exited };
}
