import type { Logger } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPage, InboxEvent } from '../inbox/schemas.js';
import { createMemoryEventLedger } from './memory.js';
import { createEventPipeline, type EventPipeline } from './pipeline.js';

const TEAM = 'tteam1';
const T0 = Date.parse('2026-11-29T12:00:00Z');
const ev = (seq: number, at = T0 + seq * 1000): InboxEvent => ({
  id: `ev${seq}`,
  seq,
  teamId: TEAM,
  type: 'message.created',
  timestamp: new Date(at).toISOString(),
  version: '1.0',
  data: {},
});
const quiet: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => 'info' as never,
  setName() {},
};

/** A fake GET /events over `log`, recording each afterSeq asked for. */
function fakeInbox(log: InboxEvent[], calls: (number | null)[] = []) {
  return {
    calls,
    async *iterateEvents({ afterSeq = null, limit = 100 }: { afterSeq?: number | null; limit?: number } = {}) {
      let after = afterSeq;
      for (;;) {
        calls.push(after);
        const rest = log.filter((e) => after === null || e.seq > after);
        const events = rest.slice(0, limit);
        const page: EventPage = { events, hasMore: rest.length > events.length, lastSeq: events.at(-1)?.seq ?? null };
        yield page;
        if (!page.hasMore) return;
        after = page.lastSeq;
      }
    },
  };
}

const pipelines: EventPipeline[] = [];
afterEach(async () => {
  await Promise.all(pipelines.splice(0).map((p) => p.stop()));
});

function setup(opts: { log?: InboxEvent[]; ledger?: ReturnType<typeof createMemoryEventLedger>; now?: number } = {}) {
  const handled: number[] = [];
  const ledger = opts.ledger ?? createMemoryEventLedger();
  const inbox = fakeInbox(opts.log ?? []);
  const pipeline = createEventPipeline({
    inbox,
    ledger,
    handle: async (e) => {
      handled.push(e.seq);
    },
    logger: quiet,
    clock: () => new Date(opts.now ?? T0),
    reorderWindowMs: 30,
    pageSize: 2,
  });
  pipelines.push(pipeline);
  return { pipeline, handled, ledger, inbox };
}

describe('event pipeline', () => {
  it('handles the same event once however often it is delivered', async () => {
    const { pipeline, handled } = setup();
    for (const e of [ev(1), ev(1), ev(2), ev(1), ev(2)]) pipeline.receive(e);
    await pipeline.idle();
    expect(handled).toEqual([1, 2]);
    expect(pipeline.stats()).toMatchObject({ received: 5, handled: 2 });
  });

  it('puts out-of-order deliveries back in seq order without asking Inbox', async () => {
    const { pipeline, handled, inbox } = setup();
    pipeline.receive(ev(1));
    for (const e of [ev(4), ev(3), ev(2)]) pipeline.receive(e);
    await pipeline.idle();
    expect(handled).toEqual([1, 2, 3, 4]);
    expect(inbox.calls).toEqual([]);
  });

  it('backfills a missing seq from GET /events after the reorder window', async () => {
    const log = [1, 2, 3, 4, 5].map((n) => ev(n));
    const { pipeline, handled, inbox } = setup({ log });
    pipeline.receive(ev(1));
    pipeline.receive(ev(4)); // 2 and 3 were lost
    await pipeline.idle();
    expect(handled).toEqual([1, 2, 3, 4, 5]);
    expect(inbox.calls[0]).toBe(1);
    expect(pipeline.stats().backfills).toBe(1);
  });

  it('resumes from the stored seq after a restart', async () => {
    const log = [1, 2, 3, 4, 5, 6].map((n) => ev(n));
    const ledger = createMemoryEventLedger();
    const first = setup({ log: log.slice(0, 3), ledger });
    await first.pipeline.catchUp(TEAM);
    await first.pipeline.stop();
    expect(first.handled).toEqual([1, 2, 3]);
    const second = setup({ log, ledger });
    await second.pipeline.catchUp(TEAM);
    expect(second.handled).toEqual([4, 5, 6]);
    expect(second.inbox.calls[0]).toBe(3);
    expect(await ledger.lastSeq(TEAM)).toBe(6);
  });

  it('starts a fresh install at the first event, not at events from before it started', async () => {
    const log = [ev(1, T0 - 60_000), ev(2, T0 - 1_000), ev(3, T0 + 1_000)];
    const { pipeline, handled } = setup({ log });
    await pipeline.catchUp(TEAM);
    expect(handled).toEqual([3]);
  });

  it('two replicas sharing a ledger handle each event once between them', async () => {
    const log = [1, 2, 3, 4, 5, 6].map((n) => ev(n));
    const ledger = createMemoryEventLedger();
    const a = setup({ log, ledger });
    const b = setup({ log, ledger });
    for (const e of log) {
      a.pipeline.receive(e);
      b.pipeline.receive(e);
    }
    await Promise.all([a.pipeline.catchUp(TEAM), b.pipeline.catchUp(TEAM)]);
    await Promise.all([a.pipeline.idle(), b.pipeline.idle()]);
    expect([...a.handled, ...b.handled].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
