/**
 * Shared pieces of the request benchmarks (ack, answer, requests, memory): the Inbox emulator in a child process
 * (its CPU and memory are not the app's), a Slack stand-in that answers the Web API and records response_url
 * posts, the real app (startRuntime) and a bare Bolt app that only acks, signed Slack request bodies, and a
 * bounded concurrent load generator. Everything is on loopback.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { App, HTTPReceiver, type Logger, LogLevel } from '@slack/bolt';
import { DEMO_PEOPLE } from '../sandbox/demo-team.js';
import { slackSignatureHeaders } from '../sandbox/slack-emulator/index.js';
import { sandboxConfig } from '../sandbox/start-sandbox.js';
import { ActionIds } from '../src/blocks/ids.js';
import { createLogger } from '../src/logger.js';
import { type Runtime, startRuntime } from '../src/runtime.js';

/**
 * One benchmark as bench/main.ts runs it: `run` returns the table's rows; `notes` is the Markdown above the table
 * (what is measured, how, the goals met or not). To add one: export a Bench from your file and list it in main.ts.
 */
export interface Bench {
  id: string;
  title: string;
  notes: (rows: Record<string, unknown>[]) => string;
  run: () => Promise<Record<string, unknown>[]>;
}

export const BENCH_SECRETS = {
  botToken: 'xoxb-bench-000-bench-token',
  signingSecret: 'bench-signing-secret-0123456789',
} as const;

export const BENCH_USER = 'U0ALICE001';
export const BENCH_CHANNEL = 'C0GENERAL1';

// ---------------------------------------------------------------- Inbox emulator in a child process

export interface ChildInbox {
  url: string;
  /** The emulator's process ID (for its CPU time). */
  pid: number;
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  /** Inbox API requests logged since the last `clearRequests`, as `METHOD /path`. */
  requests(): Promise<string[]>;
  clearRequests(): Promise<void>;
  close(): Promise<void>;
}

export async function startChildInbox(latencyMs = 0): Promise<ChildInbox> {
  const script = new URL('./inbox-emulator-child.ts', import.meta.url).pathname;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, String(latencyMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stdout = child.stdout;
  if (!stdout) throw new Error('no stdout from the emulator process');
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the emulator process exited (${code})`)));
  });
  const { url, origin } = JSON.parse(first) as { url: string; origin: string };
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${origin}/__emulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`emulator control ${method} ${path}: HTTP ${res.status}`);
    return res.json();
  };
  // Benchmarks send thousands of requests a minute: lift the 300/minute team limit (it is tested elsewhere).
  await control('POST', '/rate-limit', { perMinute: 1_000_000 });
  return {
    url,
    pid: child.pid ?? 0,
    control,
    async requests() {
      const log = (await control('GET', '/requests')) as Array<{ method: string; path: string }>;
      return log.map((r) => `${r.method} ${r.path}`);
    },
    async clearRequests() {
      await control('DELETE', '/requests');
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

// ---------------------------------------------------------------- Slack stand-in

export interface SlackSink {
  /** Give to the app as SLACK_API_URL. */
  apiUrl: string;
  /** A fresh response_url; `answered(id)` resolves when a non-notice answer is posted to it. */
  responseUrl(): { id: string; url: string };
  answered(id: string): Promise<{ at: number; body: string }>;
  /** When the first post of any kind (an answer, "working on it", "queued behind N") reached this response_url. */
  firstPostAt(id: string): number | undefined;
  /** response_url posts received (answers and notices). */
  posts(): number;
  /** chat.postMessage calls received, with their channel and arrival time. */
  channelPosts(): Array<{ channel: string; at: number }>;
  close(): Promise<void>;
}

/** Slack users the benchmarks invent (`U0BURST001`…): users.info gives each the email of a demo member in turn. */
export const burstUser = (i: number) => `U0BURST${String(i).padStart(3, '0')}`;
const MEMBERS_WITH_SEATS = DEMO_PEOPLE.filter((p) => p.memberId);

function emailOf(userId: string | null): string | undefined {
  const demo = DEMO_PEOPLE.find((p) => p.slackUserId === userId);
  if (demo) return demo.email;
  const burst = /^U0BURST(\d+)$/.exec(userId ?? '');
  if (burst) return MEMBERS_WITH_SEATS[Number(burst[1]) % MEMBERS_WITH_SEATS.length]?.email;
  return undefined;
}

const isNotice = (body: string) => body.includes('Working on it') || body.includes('Queued behind');

/**
 * Answers the Web API (auth.test with the bot's IDs, users.info with emails, an empty channel history,
 * chat.postMessage with a ts) and records response_url posts and channel posts.
 */
export async function startSlackSink(): Promise<SlackSink> {
  let next = 0;
  let posts = 0;
  const waiting = new Map<string, (value: { at: number; body: string }) => void>();
  const done = new Map<string, { at: number; body: string }>();
  const first = new Map<string, number>();
  const channelPosts: Array<{ channel: string; at: number }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const path = req.url ?? '/';
      if (path.startsWith('/response/')) {
        posts++;
        const id = path.slice('/response/'.length);
        if (!first.has(id)) first.set(id, at);
        const body = Buffer.concat(chunks).toString();
        if (!isNotice(body)) {
          const resolve = waiting.get(id);
          waiting.delete(id);
          if (resolve) resolve({ at, body });
          else done.set(id, { at, body });
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      const raw = Buffer.concat(chunks).toString();
      const params = raw.startsWith('{')
        ? new Map(Object.entries(JSON.parse(raw) as Record<string, string>))
        : new Map(new URLSearchParams(raw));
      if (path.startsWith('/api/users.info')) {
        // The clicking user's email, so the app can match them to an Inbox member (identity is cached after).
        const user = params.get('user') ?? null;
        res.end(JSON.stringify({ ok: true, user: { id: user, profile: { email: emailOf(user) } } }));
        return;
      }
      if (path.startsWith('/api/conversations.history')) {
        res.end(JSON.stringify({ ok: true, messages: [], has_more: false }));
        return;
      }
      if (path.startsWith('/api/chat.postMessage')) {
        const channel = String(params.get('channel') ?? '');
        channelPosts.push({ channel, at });
        res.end(
          JSON.stringify({
            ok: true,
            channel,
            ts: `${Math.floor(Date.now() / 1000)}.${String(channelPosts.length).padStart(6, '0')}`,
          }),
        );
        return;
      }
      res.end(
        JSON.stringify({ ok: true, user_id: 'U0INBOXBOT', bot_id: 'B0INBOXBOT', team_id: 'T0ACMEGROW', user: 'inbox' }),
      );
    });
  });
  const port = await listen(server);
  const origin = `http://127.0.0.1:${port}`;
  return {
    apiUrl: `${origin}/api/`,
    responseUrl() {
      const id = `r${next++}`;
      return { id, url: `${origin}/response/${id}` };
    },
    answered(id) {
      const early = done.get(id);
      if (early) {
        done.delete(id);
        return Promise.resolve(early);
      }
      return new Promise((resolve) => waiting.set(id, resolve));
    },
    firstPostAt: (id) => first.get(id),
    posts: () => posts,
    channelPosts: () => [...channelPosts],
    close: () => closeServer(server),
  };
}

// ---------------------------------------------------------------- the apps under test

export const silentLogger = (): Logger => createLogger({ level: LogLevel.ERROR, sink: () => undefined });

export interface AppUnderTest {
  url: string;
  runtime?: Runtime;
  stop(): Promise<void>;
}

/** The real app: startRuntime over HTTP, pointed at the child Inbox emulator and the Slack sink. */
export async function startRealApp(inboxUrl: string, slackApiUrl: string): Promise<AppUnderTest> {
  const stateDir = mkdtempSync(join(tmpdir(), 'inbox-slack-bench-'));
  const config = sandboxConfig({ slackApiUrl, inboxApiUrl: inboxUrl }, BENCH_SECRETS, stateDir);
  const runtime = await startRuntime(config, { logger: silentLogger(), schedule: false });
  return {
    url: `http://127.0.0.1:${runtime.port}/slack/events`,
    runtime,
    stop: () => runtime.stop(),
  };
}

/** The floor: a Bolt app with the same receiver settings whose listeners only ack. */
export async function startBareBolt(slackApiUrl: string): Promise<AppUnderTest> {
  const logger = silentLogger();
  const receiver = new HTTPReceiver({
    signingSecret: BENCH_SECRETS.signingSecret,
    endpoints: ['/slack/events'],
    bodyLimit: 256 * 1024,
    logger,
  });
  const app = new App({ token: BENCH_SECRETS.botToken, receiver, logger, clientOptions: { slackApiUrl } });
  app.command('/inbox', async ({ ack }) => {
    await ack();
  });
  app.action(/.*/, async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(0)) as Server;
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/slack/events`, stop: () => app.stop().then(() => undefined) };
}

// ---------------------------------------------------------------- Slack request bodies

export function commandBody(text: string, responseUrl: string, userId: string = BENCH_USER): string {
  return new URLSearchParams({
    token: 'bench',
    team_id: 'T0ACMEGROW',
    team_domain: 'acme-growth',
    channel_id: BENCH_CHANNEL,
    channel_name: 'general',
    user_id: userId,
    user_name: 'user',
    command: '/inbox',
    text,
    api_app_id: 'A0INBOXAPP',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: '1.2.bench',
  }).toString();
}

/**
 * A click on a card's Archive button (value = the thread ID), as Slack sends it; with `message`, the message the
 * click came from, which Slack echoes in full.
 */
export function archiveClickBody(
  threadId: string,
  responseUrl: string,
  userId: string = BENCH_USER,
  message?: { text: string; blocks: unknown[] },
): string {
  const payload = {
    type: 'block_actions',
    user: { id: userId, username: 'user', name: 'user', team_id: 'T0ACMEGROW' },
    api_app_id: 'A0INBOXAPP',
    token: 'bench',
    container: { type: 'message', message_ts: '1.000001', channel_id: BENCH_CHANNEL, is_ephemeral: true },
    trigger_id: '1.2.bench',
    team: { id: 'T0ACMEGROW', domain: 'acme-growth' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: BENCH_CHANNEL, name: 'general' },
    ...(message ? { message: { type: 'message', subtype: 'bot_message', ts: '1.000001', ...message } } : {}),
    state: { values: {} },
    response_url: responseUrl,
    actions: [
      {
        type: 'button',
        action_id: ActionIds.archive,
        block_id: `thread:${threadId}:actions`,
        value: threadId,
        text: { type: 'plain_text', text: 'Archive' },
        action_ts: '1.000002',
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

const agent = new Agent({ keepAlive: true, maxSockets: 128 });

/** POSTs a signed body (keep-alive, like Slack); resolves with the HTTP status and the time to the ack, ms. */
export function sendSigned(url: string, body: string): Promise<{ status: number; ms: number }> {
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(Buffer.byteLength(body)),
    ...slackSignatureHeaders(BENCH_SECRETS.signingSecret, body),
  };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `total` tasks with at most `concurrency` in flight; returns their results in completion order. */
export async function runConcurrent<T>(total: number, concurrency: number, task: (i: number) => Promise<T>) {
  const results: T[] = [];
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < total) {
      const i = nextIndex++;
      results.push(await task(i));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return results;
}

// ---------------------------------------------------------------- statistics and helpers

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

export function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A no-reply thread ID from the seeded team (for clicks). */
export async function someThreadId(inboxUrl: string): Promise<string> {
  const res = await fetch(`${inboxUrl}/threads?inbox=no-reply&limit=1`, { headers: { authorization: 'Bearer bench' } });
  const body = (await res.json()) as { threads: Array<{ id: string }> };
  const id = body.threads[0]?.id;
  if (!id) throw new Error('the emulator has no no-reply thread');
  return id;
}
