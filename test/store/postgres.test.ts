import { describe, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../support/postgres.js';
import { emptyTables, storeContract } from './contract.js';

const postgres = await postgresForTests();

if (postgres.available) {
  let database: TestDatabase;
  storeContract('PostgreSQL 15 (two pools)', {
    setup: async () => {
      database = await createTestDatabase('contract');
    },
    open: (options) => openStore({ databaseUrl: database.url, ...options }),
    reset: emptyTables,
    teardown: () => database.drop(),
  });
} else {
  describe.skip(`the state store on PostgreSQL (${postgres.reason})`, () => {
    it('runs the contract', () => {});
  });
}
