/** Runs the Inbox emulator in its own process for benchmarks (so its memory is not counted); prints its URLs. */
import { startInboxEmulator } from '../sandbox/inbox-emulator/index.js';

const emulator = await startInboxEmulator({ latencyMs: Number(process.argv[2] ?? 0) });
process.stdout.write(`${JSON.stringify({ url: emulator.url, origin: emulator.origin })}\n`);
process.once('SIGTERM', () => {
  void emulator.close().then(() => process.exit(0));
});
