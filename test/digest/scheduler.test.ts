import type { Logger } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createDigestSchedule, ScheduleError } from '../../src/digest/schedule.js';
import { startCronLoop } from '../../src/digest/scheduler.js';
import { createFakeTime } from './support/fake-time.js';
import { createTestLogger } from './support/test-logger.js';

const NY = 'America/New_York';

function runLoop(pattern: string, timezone: string, start: string, graceMs = 3 * 3_600_000) {
  const time = createFakeTime(start);
  const logger = createTestLogger();
  const schedule = createDigestSchedule(pattern, timezone);
  const fired: Array<{ at: string; slot: string; key: string; late: boolean }> = [];
  const loop = startCronLoop({
    schedule,
    graceMs,
    clock: time.clock,
    timers: time.timers,
    logger: logger as unknown as Logger,
    run: async (slot, info) => {
      fired.push({
        at: time.now().toISOString(),
        slot: slot.toISOString(),
        key: schedule.slotKey(slot),
        late: info.late,
      });
    },
  });
  return { time, logger, loop, fired, schedule };
}

describe('the digest schedule in a time zone, under a fake clock', () => {
  it('fires weekdays at 09:00 New York time, before and after the spring-forward change', async () => {
    const { time, loop, fired } = runLoop('0 9 * * 1-5', NY, '2026-03-05T12:00:00Z');
    await time.advanceTo('2026-03-11T00:00:00Z');
    await loop.stop();
    expect(fired.map((f) => f.at)).toEqual([
      '2026-03-05T14:00:00.000Z', // Thu 09:00 EST
      '2026-03-06T14:00:00.000Z', // Fri 09:00 EST
      '2026-03-09T13:00:00.000Z', // Mon 09:00 EDT (clocks went forward on Sunday)
      '2026-03-10T13:00:00.000Z',
    ]);
    expect(fired.map((f) => f.key)).toEqual([
      '2026-03-05T09:00',
      '2026-03-06T09:00',
      '2026-03-09T09:00',
      '2026-03-10T09:00',
    ]);
    expect(fired.every((f) => f.at === f.slot && !f.late)).toBe(true);
  });

  it('runs a time inside the spring-forward gap once, at 03:00 EDT, instead of skipping the day', async () => {
    const { time, loop, fired } = runLoop('30 2 * * *', NY, '2026-03-07T00:00:00Z');
    await time.advanceTo('2026-03-10T00:00:00Z');
    await loop.stop();
    expect(fired.map((f) => [f.at, f.key])).toEqual([
      ['2026-03-07T07:30:00.000Z', '2026-03-07T02:30'],
      ['2026-03-08T07:00:00.000Z', '2026-03-08T03:00'],
      ['2026-03-09T06:30:00.000Z', '2026-03-09T02:30'],
    ]);
  });

  it('runs a time repeated by the fall-back change only once, at its first occurrence', async () => {
    const { time, loop, fired } = runLoop('30 1 * * *', NY, '2026-10-31T00:00:00Z');
    await time.advanceTo('2026-11-03T00:00:00Z');
    await loop.stop();
    expect(fired.map((f) => f.at)).toEqual([
      '2026-10-31T05:30:00.000Z', // 01:30 EDT
      '2026-11-01T05:30:00.000Z', // 01:30 EDT; the second 01:30 (EST, 06:30Z) does not fire
      '2026-11-02T06:30:00.000Z', // 01:30 EST
    ]);
  });

  it('keeps 09:00 local across the fall-back change', async () => {
    const { time, loop, fired } = runLoop('0 9 * * *', NY, '2026-10-31T00:00:00Z');
    await time.advanceTo('2026-11-02T00:00:00Z');
    await loop.stop();
    expect(fired.map((f) => f.at)).toEqual(['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z']);
  });

  it('fires at the exact slot even though it never sleeps more than 30 seconds at a time', async () => {
    const { time, loop, fired } = runLoop('0 9 * * *', 'UTC', '2026-05-01T08:59:59.250Z');
    await time.advanceTo('2026-05-01T08:59:59.999Z');
    expect(fired).toEqual([]);
    await time.advanceTo('2026-05-01T09:00:00.000Z');
    expect(fired.map((f) => f.at)).toEqual(['2026-05-01T09:00:00.000Z']);
    await loop.stop();
  });
});

describe('missed runs after a restart', () => {
  it('runs the missed slot at start-up when it is inside the grace window', async () => {
    const { time, loop, fired } = runLoop('0 9 * * 1-5', NY, '2026-03-09T15:30:00Z'); // Mon 11:30 EDT
    await time.flush();
    expect(fired).toEqual([
      { at: '2026-03-09T15:30:00.000Z', slot: '2026-03-09T13:00:00.000Z', key: '2026-03-09T09:00', late: true },
    ]);
    await time.advanceTo('2026-03-10T13:00:00Z');
    expect(fired.map((f) => f.at)).toEqual(['2026-03-09T15:30:00.000Z', '2026-03-10T13:00:00.000Z']);
    await loop.stop();
  });

  it('does not run a slot missed by more than the grace window, and waits for the next one', async () => {
    const { time, loop, fired } = runLoop('0 9 * * 1-5', NY, '2026-03-09T16:00:01Z'); // 3 h 0 min 1 s late
    await time.advanceTo('2026-03-10T12:59:59Z');
    expect(fired).toEqual([]);
    await time.advanceTo('2026-03-10T13:00:00Z');
    expect(fired.map((f) => f.slot)).toEqual(['2026-03-10T13:00:00.000Z']);
    await loop.stop();
  });

  it('honours a custom grace window exactly at its edge', async () => {
    const { time, loop, fired } = runLoop('0 9 * * *', 'UTC', '2026-05-01T09:30:00Z', 30 * 60_000);
    await time.flush();
    expect(fired.map((f) => f.slot)).toEqual(['2026-05-01T09:00:00.000Z']);
    await loop.stop();
  });

  it('after the process slept through a slot, runs it on waking inside the grace window, otherwise logs the skip', async () => {
    const { time, loop, fired, logger } = runLoop('0 9 * * *', 'UTC', '2026-05-01T08:00:00Z');
    // The machine sleeps: the clock jumps without timers firing on time.
    time.set('2026-05-01T10:00:00Z');
    await time.advanceBy(30_000);
    expect(fired.map((f) => [f.slot, f.late])).toEqual([['2026-05-01T09:00:00.000Z', true]]);
    time.set('2026-05-02T13:00:00Z');
    await time.advanceBy(30_000);
    expect(fired).toHaveLength(1);
    expect(logger.lines('warn').join('\n')).toMatch(/skipped the 2026-05-02T09:00 slot.*beyond the grace window/);
    await loop.stop();
  });
});

describe('stopping the scheduler', () => {
  it('waits for the run in flight and aborts its signal, then fires nothing more', async () => {
    const time = createFakeTime('2026-05-01T08:59:00Z');
    let release: () => void = () => {};
    const signals: AbortSignal[] = [];
    const loop = startCronLoop({
      schedule: createDigestSchedule('0 9 * * *', 'UTC'),
      graceMs: 60_000,
      clock: time.clock,
      timers: time.timers,
      logger: createTestLogger() as unknown as Logger,
      run: (_slot, info) => {
        signals.push(info.signal);
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    await time.advanceTo('2026-05-01T09:00:00Z');
    expect(signals).toHaveLength(1);
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await time.flush();
    expect(signals[0]?.aborted).toBe(true);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
    await time.advanceTo('2026-05-03T00:00:00Z');
    expect(signals).toHaveLength(1);
    expect(time.pendingTimers()).toBe(0);
  });

  it('rejects a bad time zone or pattern with the variable name', () => {
    expect(() => createDigestSchedule('0 9 * * 1-5', 'Mars/Olympus')).toThrow(ScheduleError);
    expect(() => createDigestSchedule('0 9 * * 1-5', 'Mars/Olympus')).toThrow(/DIGEST_TIMEZONE/);
    expect(() => createDigestSchedule('every morning', 'UTC')).toThrow(/DIGEST_SCHEDULE/);
  });
});
