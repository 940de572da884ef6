import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/index.js';
import { emptyTables, storeContract } from './contract.js';

let dir = '';
storeContract('SQLite (a WAL file, two connections)', {
  setup: async () => {
    dir = mkdtempSync(join(tmpdir(), 'inbox-slack-store-'));
  },
  open: (options) => openStore({ stateDir: dir, ...options }),
  reset: emptyTables,
  teardown: async () => rmSync(dir, { recursive: true, force: true }),
});
