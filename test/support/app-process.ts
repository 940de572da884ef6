/**
 * The real app as a separate process (`src/main.ts` through tsx, HTTP mode) wired to emulators started by the
 * test: for shutdown, replicas, and what the process prints when it cannot start. Every spawned process is
 * SIGKILLed by killAppProcesses() (call it in afterEach).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_INBOX_TOKEN } from '../../sandbox/demo-team.js';
import type { SlackEmulator } from '../../sandbox/slack-emulator/index.js';
import { TEST_SECRETS } from './app-stack.js';
import { findSecrets } from './secret-guard.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

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

export interface AppProcess {
  child: ChildProcess;
  port: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  stderr(): string;
  /** Its exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  url(path: string): string;
}

export interface SpawnAppOptions {
  slack: SlackEmulator;
  inboxUrl: string;
  env?: Record<string, string>;
  /** Wait for "listening on port" (default true); false to watch a process that should not start. */
  waitForStart?: boolean;
  /** Point the Slack emulator's signed requests at this process once it listens (default true). */
  receiveSlack?: boolean;
  /** Run as this user and group (root can write anywhere: a read-only directory needs another user). */
  user?: { uid: number; gid: number };
}

const children: ChildProcess[] = [];

export function killAppProcesses(): void {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
}

export async function spawnApp(options: SpawnAppOptions): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: tmpdir(),
      TZ: 'UTC',
      SLACK_BOT_TOKEN: TEST_SECRETS.botToken,
      SLACK_SIGNING_SECRET: TEST_SECRETS.signingSecret,
      SLACK_API_URL: options.slack.apiUrl,
      INBOX_API_TOKEN: DEMO_INBOX_TOKEN,
      INBOX_API_URL: options.inboxUrl,
      PORT: String(port),
      LOG_LEVEL: 'info',
      STATE_DIR: mkdtempSync(join(tmpdir(), 'inbox-slack-app-')),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.user ? options.user : {}),
  });
  children.push(child);
  let output = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
    stderr += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const app: AppProcess = {
    child,
    port,
    output: () => output,
    stderr: () => stderr,
    exited,
    url: (path) => `http://127.0.0.1:${port}${path}`,
  };
  if (options.waitForStart === false) return app;
  await options.slack
    .waitFor(() => (/listening on port/.test(output) ? true : undefined), 20_000)
    .catch(() => {
      throw new Error(
        `the app did not start: ${findSecrets(output).length ? '(output withheld: it has a secret)' : output}`,
      );
    });
  if (options.receiveSlack !== false) options.slack.setAppUrl(app.url('/slack/events'));
  return app;
}
