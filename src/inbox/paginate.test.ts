import { describe, expect, it } from 'vitest';
import { InboxApiError } from './errors.js';
import { paginate } from './paginate.js';
import type { Cursor } from './schemas.js';

const c = (n: number): Cursor => ({ id: `c${n}`, timestamp: `2025-01-0${n}T00:00:00.000Z` });

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('paginate', () => {
  it('walks every page and passes each cursor on', async () => {
    const pages = [
      { items: [1], nextCursor: c(1) },
      { items: [2], nextCursor: c(2) },
      { items: [3], nextCursor: null },
    ];
    const seen: Array<Cursor | null> = [];
    const result = await collect(
      paginate('GET /x', null, async (cursor) => {
        seen.push(cursor);
        return pages[seen.length - 1] as (typeof pages)[number];
      }),
    );
    expect(result.map((p) => p.items[0])).toEqual([1, 2, 3]);
    expect(seen).toEqual([null, c(1), c(2)]);
  });

  it('throws a bad_response error instead of looping on a repeated cursor', async () => {
    let calls = 0;
    const iterable = paginate('GET /threads', null, async () => {
      calls += 1;
      return { nextCursor: calls === 1 ? c(1) : c(calls === 2 ? 2 : 1) };
    });
    const err = await collect(iterable).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InboxApiError);
    expect((err as InboxApiError).kind).toBe('bad_response');
    expect((err as InboxApiError).message).toMatch(/^GET \/threads: pagination cursor repeated after page 3/);
    expect(calls).toBe(3);
  });

  it('treats the starting cursor as already seen', async () => {
    const err = await collect(paginate('GET /x', c(5), async () => ({ nextCursor: c(5) }))).catch((e: unknown) => e);
    expect((err as InboxApiError).kind).toBe('bad_response');
  });
});
