/**
 * Migrations run at start from every replica at once: exactly one process applies each migration and the others
 * wait for it (PostgreSQL: Kysely's advisory lock; SQLite: BEGIN IMMEDIATE in LockingSqliteAdapter), then all of
 * them open the store. Separate processes, as replicas are.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { ROOT } from '../support/app-process.js';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../support/postgres.js';

const postgres = await postgresForTests();
const run = promisify(execFile);

async function openFromProcesses(target: string, count: number) {
  const results = await Promise.all(
    Array.from({ length: count }, () =>
      run(process.execPath, ['--import', 'tsx', 'test/store/fixtures/open-store.ts', target], { cwd: ROOT }).then(
        (r) => JSON.parse(r.stdout) as { applied?: string[]; error?: string },
        (e: { stdout: string }) =>
          JSON.parse(e.stdout || '{"error":"no output"}') as { applied?: string[]; error?: string },
      ),
    ),
  );
  return results;
}

const dirs: string[] = [];
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  for (const db of databases) await db.drop();
});

describe('migrations from several replicas at once', () => {
  it('SQLite: three processes on one fresh file; one applies the schema, all open it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inbox-slack-migrate-'));
    dirs.push(dir);
    const results = await openFromProcesses(dir, 3);
    expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined]);
    expect(results.flatMap((r) => r.applied ?? []).sort()).toEqual(MIGRATIONS.map((m) => m.name));
    const store = await openStore({ stateDir: dir });
    expect(await store.records.put({ teamId: 'T1', scope: 's', key: 'k' }, 1)).toEqual({ ok: true, version: 1 });
    await store.close();
  });

  it.skipIf(!postgres.available)(
    'PostgreSQL: three processes on one fresh database; one applies the schema, all open it',
    async () => {
      const database = await createTestDatabase('migrate');
      databases.push(database);
      const results = await openFromProcesses(database.url, 3);
      expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined]);
      expect(results.flatMap((r) => r.applied ?? []).sort()).toEqual(MIGRATIONS.map((m) => m.name));
    },
  );

  it('opening again applies nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inbox-slack-migrate-'));
    dirs.push(dir);
    const applied: string[] = [];
    const log = { info: (l: string) => applied.push(l), warn() {}, error() {} };
    await (await openStore({ stateDir: dir, log })).close();
    await (await openStore({ stateDir: dir, log })).close();
    expect(applied.filter((l) => l.includes('applied migration'))).toHaveLength(1);
  });
});
