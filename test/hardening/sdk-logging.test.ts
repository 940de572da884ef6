/**
 * Every Slack SDK logger goes through the app's logger (pino, scrubbed), never the SDK's own console logger:
 * - the digest's own WebClient (`npm run digest` and the scheduler): a Web API answer whose warnings echo the bot
 *   token is logged through the app's logger with the token scrubbed, and nothing reaches the console (before,
 *   this WebClient had no logger, so the SDK printed the line, token and all, with console.warn);
 * - Bolt's WebClient: its request lines (DEBUG) are in the app's log;
 * - Socket Mode: the socket client and its WebClient are given the app's logger.
 */

import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_INBOX_TOKEN } from '../../sandbox/demo-team.js';
import { createApp } from '../../src/app.js';
import { DIGEST_DEFAULTS } from '../../src/config.js';
import type { AppDeps } from '../../src/deps.js';
import { createDigestFromConfig } from '../../src/digest/wire.js';
import { createInboxClient } from '../../src/inbox/client.js';
import { createLogger } from '../../src/logger.js';
import { createDirectoryService } from '../../src/services/directory.js';
import { openStore } from '../../src/store/index.js';
import { TEST_SECRETS, useAppStack } from '../support/app-stack.js';
import { type CheckedInboxEmulator, startCheckedInboxEmulator } from '../support/inbox-emulator.js';
import { findSecrets } from '../support/secret-guard.js';
import { runCommand } from './support.js';

const CHANNEL = 'C0SALESINB';
const WARNINGS = ['superfluous_charset', `token_echo: ${TEST_SECRETS.botToken}`];

/** A Web API stand-in whose every answer carries response_metadata.warnings (as Slack's do) echoing the token. */
function startWarningSlack(): Promise<{ server: Server; apiUrl: string }> {
  const answers: Record<string, object> = {
    'auth.test': { ok: true, bot_id: 'B0INBOX001', team_id: 'T0ACME0001' },
    'conversations.history': { ok: true, messages: [] },
    'chat.postMessage': { ok: true, channel: CHANNEL, ts: '1764400000.000100' },
  };
  const server = createServer((req, res) => {
    req.resume();
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const answer = answers[method] ?? { ok: false, error: 'unknown_method' };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...answer, response_metadata: { warnings: WARNINGS } }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, apiUrl: `http://127.0.0.1:${port}/api/` });
    }),
  );
}

/** Everything this process writes to stdout, stderr or the console while `run` runs. */
async function consoleOutput(run: () => Promise<unknown>): Promise<string> {
  let written = '';
  const restore: Array<() => void> = [];
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      written += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      return (original as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = original;
    });
  }
  // vitest routes console.* around process.stdout, so the console is watched on its own.
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    // biome-ignore lint/suspicious/noConsole: this helper watches what reaches the console
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      written += `${format(...args)}\n`;
      original.apply(console, args);
    };
    restore.push(() => {
      console[method] = original;
    });
  }
  try {
    await run();
  } finally {
    for (const undo of restore) undo();
  }
  return written;
}

describe('the digest’s own WebClient', () => {
  let inbox: CheckedInboxEmulator;
  let slack: { server: Server; apiUrl: string };
  beforeAll(async () => {
    inbox = await startCheckedInboxEmulator({ token: DEMO_INBOX_TOKEN });
    slack = await startWarningSlack();
  });
  afterAll(async () => {
    await inbox.close();
    await new Promise((r) => slack.server.close(r));
  });

  it('logs the Web API’s warnings through the app’s logger, token scrubbed, and nothing through the console', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: LogLevel.INFO,
      name: 'digest',
      secrets: [TEST_SECRETS.botToken, DEMO_INBOX_TOKEN],
      sink: (_level, line) => lines.push(line),
    });
    const client = createInboxClient({ baseUrl: inbox.url, token: DEMO_INBOX_TOKEN, logger });
    const config = {
      slack: { botToken: TEST_SECRETS.botToken, apiUrl: slack.apiUrl },
      inbox: { appUrl: 'https://inboxapp.com/' },
      digest: { ...DIGEST_DEFAULTS, channel: CHANNEL },
    };
    const store = await openStore({ stateDir: mkdtempSync(join(tmpdir(), 'sdk-logging-')) });
    // The production wiring, as `npm run digest` and the app's scheduler build it.
    const digest = createDigestFromConfig(config, {
      inbox: client,
      directory: createDirectoryService(client, []),
      store,
      logger,
      clock: () => new Date(),
    });
    let outcome: unknown;
    const printed = await consoleOutput(async () => {
      outcome = await digest.postNow({ kind: 'cli' });
    });
    client.close();
    await store.close();

    expect(outcome).toMatchObject({ status: 'posted' });
    expect(printed).toBe('');
    const warnings = lines.map((l) => JSON.parse(l)).filter((e) => e.level === 'warn');
    // The SDK logs each warning with forEach(logger.warn), so the index and the list follow the text.
    expect(warnings.map((e) => e.msg.split(' ')[0])).toEqual(['superfluous_charset', 'token_echo:']);
    expect(warnings[1]?.msg).toMatch(/^token_echo: \[REDACTED\] /);
    expect(warnings.every((e) => e.name === 'digest')).toBe(true);
    expect(findSecrets(lines.join('\n'), [TEST_SECRETS.botToken])).toEqual([]);
  });
});

describe('Bolt’s WebClient', () => {
  const app = useAppStack();

  it('logs its requests (DEBUG) through the app’s logger', async () => {
    await runCommand(app(), 'noreply limit:1'); // Bolt's first event calls auth.test through its WebClient
    const lines = app().logs.join('\n');
    expect(lines).toMatch(/DEBUG \(inbox-slack\): apiCall\('auth\.test'\) start/);
    expect(lines).toMatch(/DEBUG \(inbox-slack\): http request url: http:\/\/127\.0\.0\.1:\d+\/api\/auth\.test/);
    expect(findSecrets(lines)).toEqual([]);
  });
});

describe('Socket Mode', () => {
  it('gives the socket client and its WebClient the app’s logger', () => {
    const logger = createLogger({ level: LogLevel.WARN, sink: () => undefined });
    const deps = { logger, clock: () => new Date(), digest: null, settings: {} } as unknown as AppDeps;
    const app = createApp(deps, {
      botToken: TEST_SECRETS.botToken,
      transport: { mode: 'socket', appToken: 'xapp-1-A0TEST-1-socketmodetesttoken' },
    });
    const receiver = (app as unknown as { receiver: { client: { logger: unknown; webClient: { logger: unknown } } } })
      .receiver;
    expect(receiver.client.logger).toBe(logger);
    expect(receiver.client.webClient.logger).toBe(logger);
    expect((app.client as unknown as { logger: unknown }).logger).toBe(logger);
  });
});
