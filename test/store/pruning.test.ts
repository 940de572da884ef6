/**
 * Pruning on a schedule: startPruning runs once at start and then on its cron pattern (seconds allowed), logs
 * what it deleted, and survives a failed prune (logged; tried again next time).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPruning } from '../../src/store/index.js';

let stop: (() => void) | null = null;
afterEach(() => stop?.());

describe('pruning on a schedule', () => {
  it('prunes at start and on every tick, and keeps going after a failure', async () => {
    let calls = 0;
    const lines: string[] = [];
    const pruning = startPruning({
      pattern: '* * * * * *',
      prune: async () => {
        calls++;
        if (calls === 2) throw new Error('database is locked');
        return { claims: 1, seen: calls, records: 0 };
      },
      log: { info: (l) => lines.push(`info ${l}`), warn: (l) => lines.push(`warn ${l}`) },
    });
    stop = () => pruning.stop();
    await new Promise((resolve) => setTimeout(resolve, 2_600));
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(lines[0]).toBe('info store: pruned 1 claim(s), 1 seen and 0 record(s)');
    expect(lines).toContain('warn store: pruning failed (tried again later): database is locked');
    expect(lines.filter((l) => l.startsWith('info')).length).toBeGreaterThanOrEqual(2);
  });
});
