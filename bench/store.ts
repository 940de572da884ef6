/**
 * The state store on SQLite and on PostgreSQL: claims and dedupe inserts per second, the latency a user action
 * pays for its store work (the replay check, one `seen` insert before every ack; a records compare-and-set for
 * reply windows), and the whole app's idle RSS with each backend. PostgreSQL is the local server (127.0.0.1:5432),
 * on a fresh database dropped afterwards; both run in this process over loopback or a local file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openStore, type Store } from '../src/store/index.js';
import { createTestDatabase, postgresUnreachable } from '../test/support/postgres.js';
import { buildApp, startProcessApp } from './processes.js';
import { type Bench, percentile, round, runConcurrent, startChildInbox, startSlackSink } from './support.js';

export interface StoreBenchRow {
  backend: 'sqlite' | 'postgres';
  operation: string;
  concurrency: number;
  ops: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

export interface StoreRssRow {
  backend: 'sqlite' | 'postgres';
  idleRssMb: number;
  /** Against the SQLite app measured in the same run. */
  vsSqlite: number;
}

const TEAM = 'T0BENCH001';

async function measure(
  backend: StoreBenchRow['backend'],
  operation: string,
  ops: number,
  concurrency: number,
  task: (i: number) => Promise<unknown>,
): Promise<StoreBenchRow> {
  const times: number[] = [];
  const started = performance.now();
  await runConcurrent(ops, concurrency, async (i) => {
    const t = performance.now();
    await task(i);
    times.push(performance.now() - t);
  });
  const wall = performance.now() - started;
  return {
    backend,
    operation,
    concurrency,
    ops,
    opsPerSec: Math.round(ops / (wall / 1000)),
    p50Ms: round(percentile(times, 50), 2),
    p99Ms: round(percentile(times, 99), 2),
  };
}

async function benchBackend(backend: StoreBenchRow['backend'], store: Store, run: string): Promise<StoreBenchRow[]> {
  const key = (scope: string, i: number) => ({ teamId: TEAM, scope, key: `${run}-${i}` });
  // Warm-up (prepared statements, pool connections).
  await runConcurrent(200, 8, (i) => store.seen.firstSeen(key('warm', i), 60_000));
  const roundTrip = () => sql`select 1`.execute(store.db);
  return [
    // The floor: one statement that touches no table (a loopback round trip for PostgreSQL).
    await measure(backend, 'baseline: select 1', 2_000, 1, roundTrip),
    await measure(backend, 'baseline: select 1', 4_000, 8, roundTrip),
    await measure(backend, 'claims.acquire (new key)', 2_000, 1, (i) =>
      store.claims.acquire(key('c1', i), { ttlMs: 60_000 }),
    ),
    await measure(backend, 'claims.acquire (new key)', 4_000, 16, (i) =>
      store.claims.acquire(key('c16', i), { ttlMs: 60_000 }),
    ),
    await measure(backend, 'claims.acquire (16 racing per key)', 4_000, 16, (i) =>
      store.claims.acquire(key('race', Math.floor(i / 16)), { ttlMs: 60_000 }),
    ),
    await measure(backend, 'seen.firstSeen (dedupe insert)', 2_000, 1, (i) =>
      store.seen.firstSeen(key('s1', i), 60_000),
    ),
    await measure(backend, 'seen.firstSeen (dedupe insert)', 4_000, 16, (i) =>
      store.seen.firstSeen(key('s16', i), 60_000),
    ),
    // What a user action pays: the replay check before every ack, at 8 and 50 actions in flight.
    await measure(backend, 'replay check per user action', 4_000, 8, (i) =>
      store.seen.firstSeen({ teamId: TEAM, scope: 'slack-request', key: `v0=${run}x${i}` }, 360_000),
    ),
    await measure(backend, 'replay check per user action', 4_000, 50, (i) =>
      store.seen.firstSeen({ teamId: TEAM, scope: 'slack-request', key: `v0=${run}${i}` }, 360_000),
    ),
    // A reply window's step: read-modify-compare-and-set of one record per user.
    await measure(backend, 'records.update (one per user)', 2_000, 50, (i) =>
      store.records.update(key('reply', i % 50), (n: number | null) => (n ?? 0) + 1),
    ),
  ];
}

export async function runStoreBenchmark(): Promise<StoreBenchRow[]> {
  const run = Date.now().toString(36);
  const dir = mkdtempSync(join(tmpdir(), 'inbox-slack-bench-store-'));
  const rows: StoreBenchRow[] = [];
  try {
    const sqlite = await openStore({ stateDir: dir });
    rows.push(...(await benchBackend('sqlite', sqlite, run)));
    await sqlite.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const unreachable = await postgresUnreachable();
  if (unreachable) {
    process.stdout.write(`bench: store: PostgreSQL skipped (${unreachable})\n`);
    return rows;
  }
  const database = await createTestDatabase('bench');
  try {
    const pg = await openStore({ databaseUrl: database.url });
    rows.push(...(await benchBackend('postgres', pg, run)));
    await pg.close();
  } finally {
    await database.drop();
  }
  return rows;
}

export function storeNotes(rows: StoreBenchRow[]): string {
  const find = (backend: string, op: string, concurrency: number) =>
    rows.find((r) => r.backend === backend && r.operation === op && r.concurrency === concurrency);
  const lines = (['sqlite', 'postgres'] as const).flatMap((b) => {
    const base = find(b, 'baseline: select 1', 8);
    const check8 = find(b, 'replay check per user action', 8);
    const check50 = find(b, 'replay check per user action', 50);
    const claim = find(b, 'claims.acquire (new key)', 16);
    const seen = find(b, 'seen.firstSeen (dedupe insert)', 16);
    if (!base || !check8 || !check50 || !claim || !seen) return [];
    return [
      `- ${b}: ${claim.opsPerSec} claims/s and ${seen.opsPerSec} dedupe inserts/s at 16 in flight. The replay check a user action waits for: median ${check8.p50Ms} ms (p99 ${check8.p99Ms}) at 8 actions in flight = ${round(check8.p50Ms / Math.max(base.p50Ms, 0.01), 1)}× a bare \`select 1\` (${base.p50Ms} ms) in the same run; ${check50.p50Ms} ms (p99 ${check50.p99Ms}) at 50 in flight, most of it queueing behind the other 49.`,
    ];
  });
  return [
    'Each operation run N times with the given number in flight, on a fresh SQLite file (WAL, one connection,',
    'better-sqlite3) and a fresh PostgreSQL 15 database (pg pool of 10) on this machine. `claims.acquire (new key)`',
    'is one INSERT … ON CONFLICT DO NOTHING RETURNING; with 16 racing per key, one wins and 15 read the holder.',
    '`seen.firstSeen` is the dedupe insert (webhook ids, request signatures). SQLite is synchronous in-process',
    '(no network), so its latency grows with the queue under concurrency while its throughput stays flat;',
    'PostgreSQL pays a loopback round trip per statement but runs statements in parallel. Both on the same',
    'shared 2-core machine in one run: compare backends with each other, not with other days.',
    '',
    ...lines,
  ].join('\n');
}

// ---------------------------------------------------------------- idle RSS of the whole app

export async function runStoreRssBenchmark(): Promise<StoreRssRow[]> {
  buildApp();
  const inbox = await startChildInbox(0);
  const sink = await startSlackSink();
  const idle = async (extra: Record<string, string>) => {
    const app = await startProcessApp('inbox-slack', { slackApiUrl: sink.apiUrl, inboxUrl: inbox.url, extra });
    try {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      return app.rssMb();
    } finally {
      await app.stop();
    }
  };
  try {
    const sqlite = await idle({});
    const rows: StoreRssRow[] = [{ backend: 'sqlite', idleRssMb: sqlite, vsSqlite: 1 }];
    if (!(await postgresUnreachable())) {
      const database = await createTestDatabase('benchrss');
      try {
        const pg = await idle({ DATABASE_URL: database.url });
        rows.push({ backend: 'postgres', idleRssMb: pg, vsSqlite: round(pg / sqlite, 2) });
      } finally {
        await database.drop();
      }
    }
    return rows;
  } finally {
    await sink.close();
    await inbox.close();
  }
}

export function storeRssNotes(): string {
  return [
    'The compiled app (`node dist/src/main.js`, HTTP mode, NODE_ENV=production) against the Slack stand-in and the',
    'Inbox emulator in another process, 5 s after /healthz first answers: resident set size from /proc. SQLite',
    'loads the better-sqlite3 native module and keeps its page cache in the process; PostgreSQL loads pg and',
    'keeps its pool (the database server is another process, not counted).',
  ].join('\n');
}

export const storeBench: Bench = {
  id: 'store',
  title: 'State store: claims, dedupe and the cost of a user action (SQLite and PostgreSQL)',
  run: async () => (await runStoreBenchmark()) as unknown as Record<string, unknown>[],
  notes: (rows) => storeNotes(rows as unknown as StoreBenchRow[]),
};

export const storeRssBench: Bench = {
  id: 'store-rss',
  title: 'Idle RSS of the app with each state store',
  run: async () => (await runStoreRssBenchmark()) as unknown as Record<string, unknown>[],
  notes: () => storeRssNotes(),
};
