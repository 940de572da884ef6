import { describe, expect, it } from 'vitest';
import { RateLimitPacer, readRateLimitHeaders } from './rate-limit.js';

const T0 = 1_705_312_740_000; // 60 s before the reset below
const headers = (remaining: number, reset = 1_705_312_800) => ({
  'x-ratelimit-limit': '300',
  'x-ratelimit-remaining': String(remaining),
  'x-ratelimit-reset': String(reset),
});

describe('readRateLimitHeaders', () => {
  it('reads limit, remaining and the reset epoch seconds as ms', () => {
    expect(readRateLimitHeaders(headers(42))).toEqual({ limit: 300, remaining: 42, resetAtMs: 1_705_312_800_000 });
  });

  it('is null without remaining or reset, or when they are not numbers', () => {
    expect(readRateLimitHeaders({})).toBeNull();
    expect(readRateLimitHeaders({ 'x-ratelimit-remaining': '3' })).toBeNull();
    expect(readRateLimitHeaders({ 'x-ratelimit-remaining': 'lots', 'x-ratelimit-reset': '1' })).toBeNull();
  });
});

describe('RateLimitPacer', () => {
  const pacer = () => new RateLimitPacer({ minRemaining: 20, maxDelayMs: 30_000 });

  it('does not wait before any response or while the quota is comfortable', () => {
    const p = pacer();
    expect(p.reserve(T0)).toBe(0);
    p.observe(headers(250));
    expect(p.reserve(T0)).toBe(0);
    expect(p.reserve(T0)).toBe(0);
  });

  it('spreads the last requests evenly until the reset', () => {
    const p = pacer();
    p.observe(headers(5)); // 60 s left, 5 remaining → one slot every 10 s
    expect(p.reserve(T0)).toBe(0);
    expect(p.reserve(T0)).toBe(10_000);
    expect(p.reserve(T0)).toBe(20_000);
  });

  it('waits until the reset when nothing remains, bounded by maxDelayMs', () => {
    const p = pacer();
    p.observe(headers(0));
    expect(p.reserve(T0 + 15_000)).toBe(30_000);
    const q = new RateLimitPacer({ minRemaining: 20, maxDelayMs: 60_000 });
    q.observe(headers(0));
    expect(q.reserve(T0 + 15_000)).toBe(45_000);
  });

  it('stops pacing once the window has reset', () => {
    const p = pacer();
    p.observe(headers(0));
    expect(p.reserve(T0 + 60_000)).toBe(0);
  });

  it('follows the newest headers', () => {
    const p = pacer();
    p.observe(headers(1));
    p.observe(headers(299, 1_705_312_860));
    expect(p.reserve(T0)).toBe(0);
    expect(p.current?.remaining).toBe(299);
  });
});
