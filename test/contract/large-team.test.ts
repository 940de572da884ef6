import { describe, expect, it } from 'vitest';
import { useCheckedInboxEmulator } from '../support/inbox-emulator.js';
import { listAllThreads } from './helpers.js';

const inbox = useCheckedInboxEmulator();

describe('loadLargeTeam', () => {
  it('serves 10,000 no-reply threads in 100 pages of 100, every thread once, in order', async () => {
    const started = performance.now();
    inbox().controls.loadLargeTeam({ noReplyThreads: 10_000 });
    // Not a timing test (the machine is shared; docs/performance.md has the figures): only a pathological slowdown fails.
    expect(performance.now() - started).toBeLessThan(10_000);
    const { threads, pages } = await listAllThreads(inbox(), 'inbox=no-reply&limit=100');
    expect(pages).toBe(100);
    expect(new Set(threads.map((t) => t.id)).size).toBe(10_000);
    const keys = threads.map((t) => `${t.computedSortTimestamp} ${t.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });
});
