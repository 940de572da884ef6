import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type InboxPriority, InboxScheduler, type QueuedInfo, QuotaWaitExceeded } from './scheduler.js';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A scheduler whose requests record their order and report `remaining` as the test says. */
function rig(options: ConstructorParameters<typeof InboxScheduler>[0] = {}) {
  const scheduler = new InboxScheduler({ now: () => Date.now(), ...options });
  const order: string[] = [];
  const send = (name: string, priority: InboxPriority, extra: { onQueued?: (i: QueuedInfo) => void } = {}) =>
    scheduler.schedule({ priority, deadlineAt: Date.now() + 120_000, ...extra }, async () => {
      order.push(name);
      return name;
    });
  const quota = (remaining: number, resetInMs: number, limit = 300) =>
    scheduler.observe({ limit, remaining, resetAtMs: Date.now() + resetInMs });
  return { scheduler, order, send, quota };
}

describe('InboxScheduler', () => {
  it('sends nothing while the window is spent, then interactive requests before background ones, each class in order', async () => {
    const { order, send, quota } = rig();
    quota(0, 10_000);
    const all = Promise.all([
      send('digest page 1', 'background'),
      send('click 1', 'interactive'),
      send('notification', 'notification'),
      send('digest page 2', 'background'),
      send('click 2', 'interactive'),
    ]);
    await vi.advanceTimersByTimeAsync(9_000);
    expect(order).toEqual([]);
    // The window turns over: one request goes first (nothing is known), and its answer says how much is left.
    await vi.advanceTimersByTimeAsync(1_001);
    await all;
    expect(order).toEqual(['click 1', 'click 2', 'notification', 'digest page 1', 'digest page 2']);
  });

  it('keeps a slice of the window for interactive requests: background work waits, a click goes', async () => {
    const { order, send, quota } = rig();
    quota(50, 30_000); // 50 left: under the 60 (20 % of 300) background work leaves to users
    const digest = send('digest page', 'background');
    await vi.advanceTimersByTimeAsync(10);
    expect(order).toEqual([]);
    await send('click', 'interactive');
    expect(order).toEqual(['click']);
    await vi.advanceTimersByTimeAsync(30_000);
    await digest;
    expect(order).toEqual(['click', 'digest page']);
  });

  it('stops everyone after a 429 until its Retry-After, and the retry keeps its place in line', async () => {
    const { scheduler, order, quota } = rig();
    quota(200, 60_000);
    const first = scheduler.nextSeq();
    scheduler.blockFor(3_000);
    const later = scheduler.schedule({ deadlineAt: Date.now() + 60_000 }, async () => order.push('later'));
    const retry = scheduler.schedule({ deadlineAt: Date.now() + 60_000, seq: first }, async () => order.push('retry'));
    await vi.advanceTimersByTimeAsync(2_900);
    expect(order).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all([later, retry]);
    expect(order).toEqual(['retry', 'later']);
  });

  it('tells a caller that will wait how many requests are ahead of it, once', async () => {
    const { send, quota } = rig({ queuedNoticeMs: 2_000 });
    quota(0, 20_000);
    const infos: QueuedInfo[] = [];
    const ahead = [send('a', 'interactive'), send('b', 'interactive')];
    const mine = send('mine', 'interactive', { onQueued: (i) => infos.push(i) });
    expect(infos).toEqual([{ ahead: 2, estimatedWaitMs: expect.any(Number) }]);
    expect(infos[0]?.estimatedWaitMs).toBeGreaterThanOrEqual(20_000);
    await vi.advanceTimersByTimeAsync(21_000);
    await Promise.all([...ahead, mine]);
    expect(infos).toHaveLength(1);
  });

  it('does not call a wait for a slow first answer (nothing known about the quota yet) a queue', async () => {
    const { scheduler } = rig({ queuedNoticeMs: 2_000 });
    // Nothing known yet: the first request goes alone; a second waits for its answer.
    let release: () => void = () => undefined;
    const first = scheduler.schedule(
      { deadlineAt: Date.now() + 60_000 },
      () => new Promise<void>((r) => (release = r)),
    );
    const infos: QueuedInfo[] = [];
    let sent = false;
    const second = scheduler.schedule(
      { deadlineAt: Date.now() + 60_000, onQueued: (i) => infos.push(i) },
      async () => (sent = true),
    );
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sent).toBe(false);
    expect(infos).toEqual([]);
    scheduler.observe({ limit: 300, remaining: 299, resetAtMs: Date.now() + 60_000 });
    release();
    await Promise.all([first, second]);
    expect(sent).toBe(true);
  });

  it('fails fast when the quota frees only after the caller deadline', async () => {
    const { scheduler, quota } = rig();
    quota(0, 45_000);
    const call = scheduler.schedule({ deadlineAt: Date.now() + 25_000 }, async () => 'never');
    await expect(call).rejects.toBeInstanceOf(QuotaWaitExceeded);
    expect(scheduler.requestsSent).toBe(0);
  });

  it('never has more requests in flight than the headers leave room for', async () => {
    const { scheduler, quota } = rig();
    quota(3, 60_000);
    let inFlight = 0;
    let peak = 0;
    const calls = Array.from({ length: 6 }, () =>
      scheduler.schedule({ deadlineAt: Date.now() + 120_000 }, async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 100));
        inFlight--;
      }),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(scheduler.requestsSent).toBe(3);
    expect(peak).toBe(3);
    await vi.advanceTimersByTimeAsync(60_000);
    await Promise.all(calls);
    expect(scheduler.requestsSent).toBe(6);
  });

  it('keeps serving waiters when the answer to the first request of a new window says it is spent again', async () => {
    const { scheduler, quota } = rig();
    quota(0, 1_000);
    let answered = 0;
    const sends = Array.from({ length: 3 }, () =>
      scheduler.schedule({ deadlineAt: Date.now() + 120_000 }, async () => {
        await new Promise((r) => setTimeout(r, 20)); // the others reach the gate while this one is in flight
        // The first answer: the sliding window freed one slot, now spent; the rest free 5 s later.
        scheduler.observe(
          answered === 0
            ? { limit: 300, remaining: 0, resetAtMs: Date.now() + 5_000 }
            : { limit: 300, remaining: 200, resetAtMs: Date.now() + 60_000 },
        );
        answered += 1;
      }),
    );
    await vi.advanceTimersByTimeAsync(1_100);
    expect(answered).toBe(1);
    await vi.advanceTimersByTimeAsync(5_000);
    await Promise.all(sends);
    expect(answered).toBe(3);
  });
});
