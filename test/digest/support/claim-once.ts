/** Child-process helper: claims one (channel, slot) in STATE_DIR and prints the result status. */
import { createFileStateStore } from '../../../src/digest/state-store.js';

const [dir, channel, slot] = process.argv.slice(2);
if (!dir || !channel || !slot) throw new Error('usage: claim-once <dir> <channel> <slot>');
const store = createFileStateStore({ dir });
const result = await store.claim(channel, slot, new Date('2026-03-09T13:00:00Z'));
if (result.status === 'claimed') {
  await store.complete(
    result.claim,
    { outcome: 'posted', ts: `${process.pid}.000100`, total: 7 },
    new Date('2026-03-09T13:00:05Z'),
  );
}
process.stdout.write(`${result.status}\n`);
