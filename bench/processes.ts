/**
 * Apps under test in processes of their own, started as a user starts them: the real app compiled
 * (`node scripts/build.mjs --if-stale`, then `node --enable-source-maps dist/bundle/main.js`, as `npm start` does),
 * and the bare Bolt and floor apps (bench/apps/*.mjs, plain JavaScript) the same way. The app's own accounting
 * is read from /proc/<pid>: CPU time (utime + stime) and RSS. The load generator and the Slack stand-in are the
 * benchmark's process; the Inbox emulator is a third (support.ts startChildInbox). Everything is on loopback.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { slackSignatureHeaders } from '../sandbox/slack-emulator/index.js';
import { BENCH_SECRETS } from './support.js';

const ROOT = new URL('..', import.meta.url).pathname;

export type AppKind = 'bare Bolt' | 'floor' | 'inbox-slack';

export interface ProcessApp {
  kind: AppKind;
  pid: number;
  /** POST target for signed Slack requests. */
  url: string;
  /** CPU time the process has used so far (user + system), ms. */
  cpuMs(): number;
  /** Resident set size now, MB. */
  rssMb(): number;
  stop(): Promise<void>;
}

/** Builds dist/ when a source changed since the last build (what `npm start` does first). */
export function buildApp(): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--if-stale'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`build failed (exit ${result.status})`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const CLOCK_TICK_MS = 10; // Linux USER_HZ = 100

/** utime + stime of a process, ms, from /proc/<pid>/stat. */
export function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
}

export function procRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

export interface AppEnv {
  slackApiUrl: string;
  inboxUrl: string;
  /** Extra variables (DIGEST_CHANNEL…). */
  extra?: Record<string, string>;
  /** Extra node flags (e.g. --cpu-prof to profile a run). */
  nodeArgs?: string[];
}

export async function startProcessApp(kind: AppKind, env: AppEnv): Promise<ProcessApp> {
  const port = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), 'inbox-slack-bench-'));
  const args = [
    ...(env.nodeArgs ?? []),
    ...(kind === 'inbox-slack'
      ? ['--enable-source-maps', join(ROOT, 'dist/bundle/main.js')]
      : [join(ROOT, kind === 'floor' ? 'bench/apps/floor.mjs' : 'bench/apps/bare-bolt.mjs')]),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      SLACK_BOT_TOKEN: BENCH_SECRETS.botToken,
      SLACK_SIGNING_SECRET: BENCH_SECRETS.signingSecret,
      SLACK_API_URL: env.slackApiUrl,
      INBOX_API_URL: env.inboxUrl,
      INBOX_API_TOKEN: 'bench-inbox-token',
      STATE_DIR: stateDir,
      ...env.extra,
    },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${kind}: no process`);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Ready when /healthz answers.
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${kind} exited during start (${child.exitCode})`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`${kind} did not start within 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    kind,
    pid,
    url: `http://127.0.0.1:${port}/slack/events`,
    cpuMs: () => procCpuMs(pid),
    rssMb: () => procRssMb(pid),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

// ---------------------------------------------------------------- load generation

function signedHeaders(body: string): Record<string, string> {
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(Buffer.byteLength(body)),
    ...slackSignatureHeaders(BENCH_SECRETS.signingSecret, body),
  };
}

export interface Sent {
  status: number;
  /** From the first byte sent to the end of the response (Slack's 3-second clock), ms. */
  ackMs: number;
  /** performance.now() when the request was started. */
  startedAt: number;
}

/** POSTs a signed body over `agent` (false: a new connection, closed after). */
export function post(url: string, body: string, agent: Agent | false): Promise<Sent> {
  const headers = signedHeaders(body); // signed before the clock starts: the signature is Slack's work
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ackMs: performance.now() - startedAt, startedAt }));
    });
    req.on('error', () => resolve({ status: 0, ackMs: performance.now() - startedAt, startedAt }));
    req.end(body);
  });
}

/** `n` requests at once, each on a new connection (as a burst of users reaching Slack's edge does). */
export function burstOnNewConnections(url: string, bodies: string[]): Promise<Sent[]> {
  return Promise.all(bodies.map((body) => post(url, body, false)));
}

/** `bodies.length` requests, at most `concurrency` in flight, over warm keep-alive sockets. */
export async function warmConcurrent(url: string, bodies: string[], concurrency: number, agent: Agent) {
  const results: Sent[] = new Array(bodies.length);
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const i = next++;
      results[i] = await post(url, bodies[i] as string, agent);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, worker));
  return results;
}

export function keepAliveAgent(sockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: sockets });
}
