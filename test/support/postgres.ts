/**
 * PostgreSQL for tests: a fresh, uniquely named database per test file, dropped afterwards. When no server
 * answers at 127.0.0.1:5432 (or TEST_POSTGRES_URL), the suite is skipped with a one-line reason, unless
 * REQUIRE_POSTGRES=1 (CI), where it fails instead.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REQUIRE_POSTGRES = process.env.REQUIRE_POSTGRES === '1';

/** null when reachable; else why not. */
export async function postgresUnreachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return `PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL.replace(/:[^:@/]*@/, '@')}: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Checked once per test file, at collection time: `describe.skipIf(!postgres.available)`. */
export async function postgresForTests(): Promise<{ available: boolean; reason: string | null }> {
  const reason = await postgresUnreachable();
  if (reason && REQUIRE_POSTGRES) throw new Error(`REQUIRE_POSTGRES=1 but ${reason}`);
  if (reason) console.warn(`skipping PostgreSQL tests: ${reason}`);
  return { available: reason === null, reason };
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const name = `inbox_slack_${label}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`).then(() => undefined)),
  };
}
