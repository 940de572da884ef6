/**
 * Issue 10, item 6 and issue 11's "bad state is loud": a state store the app cannot use stops it at start with
 * one line naming the problem (exit 1) instead of starting green and silently never posting; once the problem
 * is fixed the same command starts. At run time, a database that goes away turns /healthz to 503 with the reason
 * (no password in it), everything that does not need the database keeps working, and it recovers by itself.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_MIGRATION, openStore, SQLITE_FILE_NAME } from '../../src/store/index.js';
import { startAppProcess, useProcessEmulators } from '../support/app-process.js';
import { startAppStack } from '../support/app-stack.js';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../support/postgres.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { runCommand } from './support.js';

const postgres = await postgresForTests();

const emulators = useProcessEmulators();
let database: TestDatabase | null = null;
let proxy: TcpProxy | null = null;
const dirs: string[] = [];
beforeAll(async () => {
  if (postgres.available) {
    database = await createTestDatabase('faults');
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
  }
});
afterAll(async () => {
  await proxy?.close();
  await database?.drop();
  for (const dir of dirs) {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
});

const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'inbox-slack-faults-'));
  dirs.push(dir);
  return dir;
};

/** A database URL through the proxy, with a password that must never be printed (trust auth ignores it). */
const PASSWORD = 'pw-never-printed-5d1c';
const proxiedUrl = () => `postgres://postgres:${PASSWORD}@127.0.0.1:${proxy?.port}/${database?.name}`;

/** Polls `probe` until it returns a value (async, unlike the emulator's waitFor). */
async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const START_LINE = /^inbox-slack cannot start: the state store is unusable: /;

/** Runs the app; it must exit 1 having printed exactly one line, which matches `reason`. */
async function expectRefusedStart(env: Record<string, string>, reason: RegExp, user?: { uid: number; gid: number }) {
  const app = await startAppProcess(emulators(), env, { waitForStart: false, ...(user ? { user } : {}) });
  const code = await app.exited;
  const lines = app.stderr().trim().split('\n');
  expect(lines, app.output()).toHaveLength(1);
  expect(lines[0]).toMatch(START_LINE);
  expect(lines[0]).toMatch(reason);
  expect(app.output()).not.toContain(PASSWORD);
  expect(app.output()).not.toMatch(/listening on port/);
  expect(code).toBe(1);
}

async function expectStarts(env: Record<string, string>, user?: { uid: number; gid: number }) {
  const app = await startAppProcess(emulators(), env, { receiveSlack: false, ...(user ? { user } : {}) });
  const health = await fetch(app.url('/healthz'));
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ ok: true, checks: { store: { ok: true } } });
  app.child.kill('SIGTERM');
  expect(await app.exited).toBe(0);
}

/** A SQLite store with some rows, closed. */
async function filledStore(dir: string) {
  const store = await openStore({ stateDir: dir });
  for (let i = 0; i < 300; i++) await store.records.put({ teamId: 'T1', scope: 's', key: `k${i}` }, 'x'.repeat(500));
  await store.close();
  return join(dir, SQLITE_FILE_NAME);
}

// Root writes through any permission: the read-only case runs the app as nobody.
const asOther = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

describe('a state store the app cannot use stops it at start, in one line; fixed, it starts', () => {
  it('a corrupt SQLite file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, SQLITE_FILE_NAME), Buffer.alloc(8192, 7));
    await expectRefusedStart({ STATE_DIR: dir }, /inbox-slack\.sqlite is not a SQLite database/);
    rmSync(join(dir, SQLITE_FILE_NAME));
    await expectStarts({ STATE_DIR: dir });
  });

  it('a truncated SQLite file (a crash or a full disk mid-copy)', async () => {
    const dir = tempDir();
    const file = await filledStore(dir);
    truncateSync(file, 40_960);
    await expectRefusedStart({ STATE_DIR: dir }, /inbox-slack\.sqlite is corrupt|malformed/);
    rmSync(file);
    await expectStarts({ STATE_DIR: dir });
  });

  it('a read-only STATE_DIR', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o555);
    await expectRefusedStart({ STATE_DIR: dir }, /STATE_DIR .* cannot be used: permission denied/, asOther);
    chmodSync(dir, 0o777);
    await expectStarts({ STATE_DIR: dir }, asOther);
  });

  it('STATE_DIR being a file', async () => {
    const dir = join(tempDir(), 'state');
    writeFileSync(dir, 'not a directory');
    await expectRefusedStart({ STATE_DIR: dir }, /STATE_DIR .*state is a file, not a directory/);
    rmSync(dir);
    mkdirSync(dir);
    await expectStarts({ STATE_DIR: dir });
  });

  it('a database whose schema is newer than this build', async () => {
    const dir = tempDir();
    const store = await openStore({ stateDir: dir });
    const future = { name: '9999_from_a_newer_build', timestamp: new Date().toISOString() };
    await store.db
      .insertInto('kysely_migration' as never)
      .values(future as never)
      .execute();
    await store.close();
    await expectRefusedStart(
      { STATE_DIR: dir },
      new RegExp(
        `schema is newer than this build \\(it has migration 9999_from_a_newer_build; this build knows up to ${LATEST_MIGRATION}\\)`,
      ),
    );
    const again = await openStore({ stateDir: dir }).catch((error: Error) => error);
    expect(again).toBeInstanceOf(Error);
  });

  it.skipIf(!postgres.available)('PostgreSQL down (connection refused)', async () => {
    await proxy?.down();
    await expectRefusedStart(
      { DATABASE_URL: proxiedUrl() },
      new RegExp(
        `PostgreSQL at postgres://postgres@127\\.0\\.0\\.1:${proxy?.port}/${database?.name}: connection refused`,
      ),
    );
    await proxy?.up();
    await expectStarts({ DATABASE_URL: proxiedUrl() });
  });
});

describe.skipIf(!postgres.available)('PostgreSQL going away while the app runs', () => {
  it('turns /healthz to 503 with the reason, keeps answering commands, and recovers by itself', async () => {
    await proxy?.up().catch(() => {}); // (already up unless the previous test failed half-way)
    const stack = await startAppStack({
      config: (c) => ({ ...c, store: { ...c.store, databaseUrl: proxiedUrl() } }),
    });
    try {
      const health = () => fetch(stack.appUrl.replace('/slack/events', '/healthz'));
      expect((await health()).status).toBe(200);

      await proxy?.down();
      const down = await until(async () => {
        const answer = await health();
        return answer.status === 503 ? answer : undefined;
      }, 10_000);
      const body = (await down.json()) as { ok: boolean; checks: { store: { ok: boolean; reason: string } } };
      expect(body.ok).toBe(false);
      expect(body.checks.store.reason).toMatch(/^PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:\d+\/\w+: /);
      expect(JSON.stringify(body)).not.toContain(PASSWORD);
      // Reading Inbox does not need the database: /inbox still answers (the replay check gives up after 1 s).
      await runCommand(stack, 'noreply limit:1');

      await proxy?.up();
      await until(async () => ((await health()).status === 200 ? true : undefined), 15_000);
      expect(stack.logs.join('\n')).toMatch(/store: unavailable: PostgreSQL at/);
      expect(stack.logs.join('\n')).toMatch(/store: the database answers again/);
      expect(stack.logs.join('\n')).not.toContain(PASSWORD);
    } finally {
      await stack.close();
    }
  });
});
