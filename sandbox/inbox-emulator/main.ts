/**
 * `npm run emulator`: the Inbox API emulator on INBOX_EMULATOR_PORT (default 4010) with the demo token. When that
 * port is taken it moves to a free one and says so; anything else that stops it is one line, never a stack trace.
 */
import { DEMO_INBOX_TOKEN } from '../demo-team.js';
import { describeListenError, parsePort, type Started, startOnPreferredPort } from '../preferred-port.js';
import { type InboxEmulator, startInboxEmulator } from './index.js';

const DEFAULT_PORT = 4010;

async function main(): Promise<number> {
  const port = parsePort(process.env.INBOX_EMULATOR_PORT, DEFAULT_PORT);
  if (port === null) {
    console.error('INBOX_EMULATOR_PORT must be a port number (0 to 65535); unset it for 4010.');
    return 2;
  }
  let started: Started<InboxEmulator>;
  try {
    started = await startOnPreferredPort(port, false, (p) => startInboxEmulator({ port: p, token: DEMO_INBOX_TOKEN }));
  } catch (err) {
    console.error(`The Inbox API emulator could not start: ${describeListenError(err, port)}.`);
    return 1;
  }
  const emulator = started.server;
  const moved = started.moved ? `Port ${port} is taken, so it moved to a free port. ` : '';
  process.stdout.write(
    `${moved}Inbox API emulator at ${emulator.url} (token: ${DEMO_INBOX_TOKEN}; controls at ${emulator.origin}/__emulator/)\n`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void emulator.close().then(() => process.exit(0));
    });
  }
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(`The Inbox API emulator failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
