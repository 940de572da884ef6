/**
 * Startup and idle memory, each app started the way a user starts it, in its own process, compiled:
 * - bare Bolt: `node bench/apps/bare-bolt.mjs` (Bolt's HTTP receiver with a /healthz route, listeners that only ack);
 * - inbox-slack: `node --enable-source-maps dist/bundle/main.js`, the command `npm start` runs, with credentials
 *   (HTTP mode, SQLite state store, no digest channel) against the Inbox emulator and a Slack stand-in;
 * - for reference, `npm start` itself (npm, its shell, the freshness check, then the app; RSS of the whole tree)
 *   and the old way, TypeScript through tsx (`node --import tsx src/main.ts`).
 * Measured: from spawn to the first 200 from GET /healthz (polled every 5 ms), and the RSS of the app's own process
 * (VmRSS from /proc) after 3 s idle. Variants run round-robin, one warm-up each, medians of RUNS.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, freePort, procRssMb } from './processes.js';
import { BENCH_SECRETS, type Bench, median, round, startChildInbox, startSlackSink } from './support.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 5;
const IDLE_MS = 3_000;
const GOAL = 1.5;

export interface StartupBenchRow {
  app: string;
  command: string;
  runs: number;
  healthzMs: number;
  rssMb: number;
  /** Against bare Bolt, same run (null for bare Bolt itself). */
  healthzVsBare: number | null;
  rssVsBare: number | null;
}

interface Variant {
  app: string;
  command: string;
  file: string;
  args: string[];
  /** The app's own env, beyond the shared Slack settings. */
  env: Record<string, string>;
  /** Count the RSS of the whole process tree (npm start) rather than one process. */
  tree?: boolean;
}

function healthz(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

const rssKb = (pid: number) => {
  try {
    return procRssMb(pid) * 1024;
  } catch {
    return 0; // the process ended meanwhile
  }
};

/** The process and all its descendants (from /proc/<pid>/stat's parent field). */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, parent] of parents) if (parent === tree[i]) tree.push(pid);
  }
  return tree;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  // npm start runs the app under npm and a shell: signal the whole group.
  if (child.pid) process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function measure(variant: Variant, slackEnv: Record<string, string>): Promise<{ ms: number; rssKb: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(variant.file, variant.args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TZ: 'UTC',
      NODE_ENV: 'production',
      PORT: String(port),
      ...slackEnv,
      ...variant.env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  try {
    while (!(await healthz(port))) {
      if (child.exitCode !== null) throw new Error(`${variant.app} exited (${child.exitCode}): ${stderr.slice(-500)}`);
      if (performance.now() - started > 60_000) throw new Error(`${variant.app}: no /healthz within 60 s`);
      await sleep(5);
    }
    const ms = performance.now() - started;
    await sleep(IDLE_MS);
    const pids = variant.tree && child.pid ? processTree(child.pid) : [child.pid ?? 0];
    return { ms, rssKb: pids.reduce((sum, pid) => sum + rssKb(pid), 0) };
  } finally {
    await stop(child);
  }
}

export async function runStartupBenchmark(): Promise<StartupBenchRow[]> {
  buildApp(); // what `npm start` does first: compile when dist/ is older than its sources
  const inbox = await startChildInbox();
  const slack = await startSlackSink();
  const stateDirs: string[] = [];
  const appEnv = () => {
    const dir = mkdtempSync(join(tmpdir(), 'inbox-slack-startup-'));
    stateDirs.push(dir);
    return {
      INBOX_API_TOKEN: 'ibx_bench_token',
      INBOX_API_URL: inbox.url,
      STATE_DIR: dir,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    };
  };
  const slackEnv = {
    SLACK_BOT_TOKEN: BENCH_SECRETS.botToken,
    SLACK_SIGNING_SECRET: BENCH_SECRETS.signingSecret,
    SLACK_API_URL: slack.apiUrl,
  };
  const node = process.execPath;
  const variants: Variant[] = [
    {
      app: 'bare Bolt',
      command: 'node bench/apps/bare-bolt.mjs',
      file: node,
      args: ['bench/apps/bare-bolt.mjs'],
      env: {},
    },
    {
      app: 'inbox-slack',
      command: 'node --enable-source-maps dist/bundle/main.js',
      file: node,
      args: ['--enable-source-maps', 'dist/bundle/main.js'],
      env: appEnv(),
    },
    {
      app: 'inbox-slack without source maps',
      command: 'node dist/bundle/main.js',
      file: node,
      args: ['dist/bundle/main.js'],
      env: appEnv(),
    },
    {
      app: 'inbox-slack via npm start',
      command: 'npm start (npm + sh + node; RSS of all)',
      file: 'npm',
      args: ['start', '--silent'],
      env: appEnv(),
      tree: true,
    },
    {
      app: 'inbox-slack through tsx (before)',
      command: 'node --import tsx src/main.ts',
      file: node,
      args: ['--import', 'tsx', 'src/main.ts'],
      env: appEnv(),
    },
  ];
  const results = new Map<string, Array<{ ms: number; rssKb: number }>>(variants.map((v) => [v.app, []]));
  try {
    for (const variant of variants) await measure(variant, slackEnv); // warm-up: disk cache, SQLite file created
    for (let run = 0; run < RUNS; run++) {
      for (const variant of variants) results.get(variant.app)?.push(await measure(variant, slackEnv));
    }
  } finally {
    await Promise.all([inbox.close(), slack.close()]);
    for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
  }

  const summary = (app: string) => {
    const runs = results.get(app) ?? [];
    return { ms: median(runs.map((r) => r.ms)), rssMb: median(runs.map((r) => r.rssKb)) / 1024 };
  };
  const bare = summary('bare Bolt');
  return variants.map((v) => {
    const s = summary(v.app);
    const isBare = v.app === 'bare Bolt';
    return {
      app: v.app,
      command: `\`${v.command}\``,
      runs: RUNS,
      healthzMs: round(s.ms, 0),
      rssMb: round(s.rssMb, 1),
      healthzVsBare: isBare ? null : round(s.ms / bare.ms, 2),
      rssVsBare: isBare ? null : round(s.rssMb / bare.rssMb, 2),
    };
  });
}

export function startupNotes(rows: StartupBenchRow[]): string {
  const app = rows.find((r) => r.app === 'inbox-slack');
  const verdict = app
    ? `The compiled app reaches its first /healthz in ${app.healthzVsBare}× bare Bolt's time and idles at ${app.rssVsBare}× its RSS (goal: at most ${GOAL}× on both: ${
        (app.healthzVsBare ?? 99) <= GOAL && (app.rssVsBare ?? 99) <= GOAL ? 'met' : 'not met'
      }).`
    : '';
  const bare = rows.find((r) => r.app === 'inbox-slack without source maps');
  const maps = bare
    ? `Without \`--enable-source-maps\` the same bundle starts in ${bare.healthzVsBare}× bare Bolt's time: in this run the flag (Node reading source maps as modules load) accounts for the gap between the two rows.`
    : '';
  return [
    'Each app is started as a user starts it, in its own process and compiled, in the same run: a bare Bolt app',
    "(`bench/apps/bare-bolt.mjs`: Bolt's HTTPReceiver with a /healthz route, listeners that only ack) and inbox-slack",
    'with credentials (HTTP mode, the SQLite state store, no digest channel) against the Inbox emulator (its own',
    'process) and a Slack stand-in. `healthzMs`: from spawn to the first 200 from `GET /healthz`, polled every 5 ms.',
    `\`rssMb\`: VmRSS of the app's own process after ${IDLE_MS / 1000} s idle. Medians of ${RUNS} runs, variants`,
    'round-robin after one warm-up each. For reference: the same bundle without `--enable-source-maps` (the cost of',
    'reading its source map at start), `npm start` itself (npm and its shell around the same',
    'command, after the freshness check of dist/; RSS of the whole process tree), and the old way, TypeScript',
    'through tsx. Noisy on a shared 2-core machine: read the ratios, which come from the same run.',
    '',
    verdict,
    maps,
  ].join('\n');
}

export const startupBench: Bench = {
  id: 'startup',
  title: 'Startup and idle memory against bare Bolt (compiled, own processes)',
  run: async () => (await runStartupBenchmark()) as unknown as Record<string, unknown>[],
  notes: (rows) => startupNotes(rows as unknown as StartupBenchRow[]),
};
