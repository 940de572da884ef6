import { describe, expect, it } from 'vitest';
import { createDirectoryService, type DirectorySource } from './directory.js';

function countingSource() {
  const calls = { members: 0, accountLinks: 0, tags: 0, statuses: 0 };
  let tagNames = ['hot lead'];
  const source: DirectorySource = {
    listMembers: async () => {
      calls.members++;
      return [];
    },
    listAccountLinks: async () => {
      calls.accountLinks++;
      return [];
    },
    listTags: async () => {
      calls.tags++;
      return tagNames.map((name, i) => ({ id: `t${i}`, name, color: null }));
    },
    listStatuses: async () => {
      calls.statuses++;
      return [];
    },
  };
  return { source, calls, setTags: (names: string[]) => (tagNames = names) };
}

describe('createDirectoryService', () => {
  it('serves the directory from memory within the TTL and refetches after it', async () => {
    let now = Date.parse('2026-11-24T09:00:00Z');
    const { source, calls } = countingSource();
    const directory = createDirectoryService(source, [], { ttlMs: 60_000, clock: () => new Date(now) });
    await directory.get();
    await directory.get();
    expect(calls).toEqual({ members: 1, accountLinks: 1, tags: 1, statuses: 1 });
    now += 61_000;
    await directory.get();
    expect(calls.tags).toBe(2);
  });

  it('shares one fetch between concurrent callers', async () => {
    const { source, calls } = countingSource();
    const directory = createDirectoryService(source, []);
    await Promise.all([directory.get(), directory.get(), directory.refresh()]);
    expect(calls.members).toBe(1);
  });

  it('picks up a tag created after the first fetch on refresh (once the refresh interval has passed)', async () => {
    let now = Date.parse('2026-11-24T09:00:00Z');
    const { source, setTags, calls } = countingSource();
    const directory = createDirectoryService(source, [{ id: 'c1', name: 'Q4' }], {
      minRefreshMs: 30_000,
      clock: () => new Date(now),
    });
    expect((await directory.get()).tags.map((t) => t.name)).toEqual(['hot lead']);
    setTags(['hot lead', 'investor']);
    expect((await directory.get()).tags).toHaveLength(1);
    // Within the interval a refresh is served from memory: at most one refetch per interval, whoever asks.
    expect((await directory.refresh()).tags).toHaveLength(1);
    expect(calls.tags).toBe(1);
    now += 30_000;
    const fresh = await directory.refresh();
    expect(fresh.tags.map((t) => t.name)).toEqual(['hot lead', 'investor']);
    expect(fresh.campaigns).toEqual([{ id: 'c1', name: 'Q4' }]);
  });

  it('does not cache a failed fetch', async () => {
    const { source, calls } = countingSource();
    let fail = true;
    const flaky: DirectorySource = {
      ...source,
      listTags: async () => {
        if (fail) throw new Error('down');
        return source.listTags();
      },
    };
    const directory = createDirectoryService(flaky, []);
    await expect(directory.get()).rejects.toThrow('down');
    fail = false;
    await expect(directory.get()).resolves.toMatchObject({ tags: [{ name: 'hot lead' }] });
    expect(calls.members).toBe(2);
  });
});
