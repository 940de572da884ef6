/**
 * Graceful shutdown of the real process: `src/main.ts` spawned in HTTP mode against emulators started here, with
 * Inbox answering slowly (1.5 s). SIGTERM while a command is being served, and while a digest run is in flight:
 * the answer still arrives, the scheduler stops, no digest is left half-posted (every claim has an outcome and
 * every posted digest is recorded), the process exits 0, and its output carries no secret.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_DIGEST_CHANNEL, DEMO_INBOX_TOKEN } from '../../sandbox/demo-team.js';
import { type SlackEmulator, startSlackEmulator } from '../../sandbox/slack-emulator/index.js';
import { openStore } from '../../src/store/index.js';
import { CHANNEL, messageText, TEST_SECRETS } from '../support/app-stack.js';
import { type CheckedInboxEmulator, startCheckedInboxEmulator } from '../support/inbox-emulator.js';
import { findSecrets } from '../support/secret-guard.js';
import { ACK_LIMIT_MS, ALICE } from './support.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let inbox: CheckedInboxEmulator;
let slack: SlackEmulator;
beforeAll(async () => {
  inbox = await startCheckedInboxEmulator({ token: DEMO_INBOX_TOKEN });
  slack = await startSlackEmulator({ signingSecret: TEST_SECRETS.signingSecret, botToken: TEST_SECRETS.botToken });
});
afterAll(async () => {
  await Promise.all([slack?.close(), inbox?.close()]);
});
beforeEach(() => {
  inbox.controls.reset();
  slack.reset();
});

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface RunningApp {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function startApp(env: Record<string, string>): Promise<RunningApp> {
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
      STATE_DIR: mkdtempSync(join(tmpdir(), 'inbox-slack-shutdown-')),
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
  slack.setAppUrl(`http://127.0.0.1:${port}/slack/events`);
  return { child, output: () => output, exited };
}

/** The digest claims in the state store after the app exited: (status, posted ts) per slot. */
async function digestClaims(stateDir: string): Promise<Array<{ status: string; ts: string | null }>> {
  const store = await openStore({ stateDir });
  try {
    const rows = await store.db
      .selectFrom('claims')
      .select(['status', 'result'])
      .where('scope', '=', 'digest')
      .execute();
    return rows.map((r) => ({ status: r.status, ts: (JSON.parse(r.result ?? '{}') as { ts?: string }).ts ?? null }));
  } finally {
    await store.close();
  }
}

describe('SIGTERM', () => {
  it('lets a command in flight answer, then exits 0', async () => {
    const app = await startApp({});
    inbox.controls.setLatency(1_500);
    const started = performance.now();
    const ack = await slack.sendCommand({ userId: ALICE, channelId: CHANNEL, text: 'noreply' });
    expect(performance.now() - started).toBeLessThan(ACK_LIMIT_MS);
    expect(ack.status).toBe(200);
    // The listener is now waiting for Inbox (1.5 s per call).
    app.child.kill('SIGTERM');
    const code = await app.exited;
    expect(code).toBe(0);
    const answers = slack.messages(CHANNEL, ALICE).filter((m) => !messageText(m).includes('Working on it'));
    expect(answers.map((m) => messageText(m)).join('\n')).toMatch(/awaiting reply/i);
    expect(app.output()).toMatch(/SIGTERM received/);
    expect(findSecrets(app.output())).toEqual([]);
  });

  it('while a digest run is in flight: the scheduler stops, no digest is half-posted, exit 0', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'inbox-slack-shutdown-'));
    const app = await startApp({
      DIGEST_CHANNEL: DEMO_DIGEST_CHANNEL,
      DIGEST_SCHEDULE: '* * * * * *', // every second: a run is always in flight
      DIGEST_TIMEZONE: 'UTC',
      STATE_DIR: stateDir,
    });
    inbox.controls.setLatency(300);
    // Let at least one digest be posted, then slow Inbox down so the next run is mid-way at SIGTERM.
    await slack.waitFor(() => slack.messages(DEMO_DIGEST_CHANNEL).at(0), 15_000);
    inbox.controls.setLatency(1_500);
    await slack.waitFor(
      () => inbox.controls.requests().findLast((r) => r.path === '/threads' && r.ms >= 1_400),
      10_000,
    );
    const ack = await slack.sendCommand({ userId: ALICE, channelId: CHANNEL, text: 'noreply' });
    expect(ack.status).toBe(200);
    app.child.kill('SIGTERM');
    const code = await app.exited;
    expect(code).toBe(0);

    const claims = await digestClaims(stateDir);
    // No claim is left held (a digest half-way): each is done or released.
    expect(claims.filter((c) => c.status === 'held')).toEqual([]);
    const postedTs = claims
      .filter((c) => c.status === 'done' && c.ts)
      .map((c) => c.ts)
      .sort();
    const inSlack = slack
      .messages(DEMO_DIGEST_CHANNEL)
      .filter((m) => m.source === 'chat.postMessage')
      .map((m) => m.ts)
      .sort();
    // Every digest in the channel is recorded as posted, and every recorded post is in the channel.
    expect(inSlack).toEqual(postedTs);
    // The command sent just before SIGTERM was still answered.
    const answers = slack.messages(CHANNEL, ALICE).filter((m) => !messageText(m).includes('Working on it'));
    expect(answers.map((m) => messageText(m)).join('\n')).toMatch(/awaiting reply/i);
    expect(findSecrets(app.output())).toEqual([]);
  });
});
