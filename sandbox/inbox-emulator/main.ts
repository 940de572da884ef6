/** `npm run emulator`: the Inbox API emulator on INBOX_EMULATOR_PORT (default 4010) with the demo token. */
import { DEMO_INBOX_TOKEN } from '../demo-team.js';
import { startInboxEmulator } from './index.js';

const port = Number(process.env.INBOX_EMULATOR_PORT ?? 4010);
const emulator = await startInboxEmulator({ port, token: DEMO_INBOX_TOKEN });
process.stdout.write(
  `Inbox API emulator at ${emulator.url} (token: ${DEMO_INBOX_TOKEN}; controls at ${emulator.origin}/__emulator/)\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
