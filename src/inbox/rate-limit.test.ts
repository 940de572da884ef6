import { describe, expect, it } from 'vitest';
import { readRateLimitHeaders } from './rate-limit.js';

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
