/**
 * The real app as a separate process (`src/main.ts` through tsx, HTTP mode) wired to emulators started by the
 * test: for shutdown, replicas, and what the process prints when it cannot start. Built on startNode; every
 * process is SIGKILLed by killAppProcesses() (call it in afterEach).
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_INBOX_TOKEN } from '../../sandbox/demo-team.js';
import type { SlackEmulator } from '../../sandbox/slack-emulator/index.js';
import { TEST_SECRETS } from './app-stack.js';
import { killChildren, type RunningChild, startNode } from './child-process.js';
import { findSecrets } from './secret-guard.js';

export { ROOT } from './child-process.js';
export const killAppProcesses = killChildren;

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

export interface AppProcess extends RunningChild {
  port: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
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
  /** Run as this user and group (a read-only directory needs someone other than root). */
  user?: { uid: number; gid: number };
}

export async function spawnApp(options: SpawnAppOptions): Promise<AppProcess> {
  const port = await freePort();
  const env = {
    HOME: tmpdir(),
    SLACK_BOT_TOKEN: TEST_SECRETS.botToken,
    SLACK_SIGNING_SECRET: TEST_SECRETS.signingSecret,
    SLACK_API_URL: options.slack.apiUrl,
    INBOX_API_TOKEN: DEMO_INBOX_TOKEN,
    INBOX_API_URL: options.inboxUrl,
    PORT: String(port),
    LOG_LEVEL: 'info',
    STATE_DIR: mkdtempSync(join(tmpdir(), 'inbox-slack-app-')),
    ...options.env,
  };
  const running = startNode(['--import', 'tsx', 'src/main.ts'], env, options.user);
  const app: AppProcess = {
    ...running,
    port,
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
  if (options.receiveSlack !== false) options.slack.setAppUrl(app.url('/slack/events'));
  return app;
}
