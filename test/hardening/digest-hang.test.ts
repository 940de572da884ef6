/**
 * Issue 10, item 1: the digest can no longer hang the app. A run that never ends does not stop later slots (the
 * next one is armed regardless, and a run past its bound is abandoned and logged); GET /healthz answers 503 with
 * the reason while a run is past its bound; every digest Slack call has a time limit; and shutdown is bounded.
 */
import type { Logger } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { DEMO_DIGEST_CHANNEL } from '../../sandbox/demo-team.js';
import { createDigestSchedule } from '../../src/digest/schedule.js';
import { startCronLoop } from '../../src/digest/scheduler.js';
import { createFakeTime } from '../digest/support/fake-time.js';
import { createTestLogger } from '../digest/support/test-logger.js';
import { useAppStack } from '../support/app-stack.js';

describe('the scheduler under a run that never ends (fake clock)', () => {
  it('fires the next slots anyway, abandons the stuck run at its bound, reports it, and stops within its bound', async () => {
    const time = createFakeTime('2026-05-01T08:59:00Z');
    const logger = createTestLogger();
    const started: Array<{ slot: string; signal: AbortSignal }> = [];
    const loop = startCronLoop({
      schedule: createDigestSchedule('*/10 * * * *', 'UTC'),
      graceMs: 60_000,
      clock: time.clock,
      timers: time.timers,
      logger: logger as unknown as Logger,
      runTimeoutMs: 5 * 60_000,
      stopTimeoutMs: 15_000,
      // Every run hangs forever (a Slack call that never answers, no time limit).
      run: (slot, info) => {
        started.push({ slot: slot.toISOString(), signal: info.signal });
        return new Promise<void>(() => {});
      },
    });
    await time.advanceTo('2026-05-01T09:00:00Z');
    expect(started.map((s) => s.slot)).toEqual(['2026-05-01T09:00:00.000Z']);
    expect(loop.health()).toEqual({ ok: true });

    await time.advanceTo('2026-05-01T09:06:00Z');
    // Past its 5-minute bound: abandoned (aborted) and reported.
    expect(started[0]?.signal.aborted).toBe(true);
    const health = loop.health();
    expect(health.ok).toBe(false);
    expect(health.ok ? '' : health.reason).toMatch(/2026-05-01T09:00 digest run has been going for 6 min \(abandoned/);

    await time.advanceTo('2026-05-01T09:30:00Z');
    // The later slots still ran.
    expect(started.map((s) => s.slot)).toEqual([
      '2026-05-01T09:00:00.000Z',
      '2026-05-01T09:10:00.000Z',
      '2026-05-01T09:20:00.000Z',
      '2026-05-01T09:30:00.000Z',
    ]);

    let result: boolean | undefined;
    const stopping = loop.stop().then((r) => {
      result = r;
    });
    await time.advanceBy(15_000);
    await stopping;
    expect(result).toBe(false);
  });
});

const app = useAppStack({
  schedule: true,
  config: (c) => ({ ...c, digest: { ...c.digest, channel: DEMO_DIGEST_CHANNEL, schedule: '* * * * * *' } }),
  runtime: { digestRunTimeoutMs: 1_500 },
});

describe('the real app when chat.postMessage never answers', () => {
  it('GET /healthz answers 503 naming the stuck digest run, and the run ends at the Slack time limit', async () => {
    const stack = app();
    stack.slack.hangNext('chat.postMessage', 1_000);
    const healthUrl = stack.appUrl.replace('/slack/events', '/healthz');
    type Report = { ok: boolean; checks: Record<string, { ok: boolean; reason?: string }> };
    const unhealthy = async (): Promise<Report> => {
      const deadline = Date.now() + 8_000;
      while (Date.now() < deadline) {
        const res = await fetch(healthUrl);
        if (res.status === 503) return (await res.json()) as Report;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error('GET /healthz stayed 200 while the digest run hung');
    };
    const report = await unhealthy();
    expect(report.ok).toBe(false);
    expect(report.checks.scheduler?.reason).toMatch(/digest run has been going for/);
    // The post is cut off by the digest client's time limit (10 s) instead of waiting forever.
    await stack.slack.waitFor(() => stack.logs.find((l) => /digest: .*(failed|abandoned)/.test(l)), 15_000);
  }, 30_000);
});
