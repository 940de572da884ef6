import { describe, expect, it } from 'vitest';
import { nextMember, skipEnd, weekKey } from './autoassign.js';

describe('skipEnd', () => {
  it('is the start of the next such day (UTC), never today', () => {
    const wednesday = new Date('2026-11-25T15:00:00Z');
    expect(skipEnd('friday', wednesday)?.toISOString()).toBe('2026-11-27T00:00:00.000Z');
    expect(skipEnd('wednesday', wednesday)?.toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(skipEnd('tomorrow', wednesday)?.toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(skipEnd('2026-12-24', wednesday)?.toISOString()).toBe('2026-12-24T00:00:00.000Z');
  });
});

describe('nextMember', () => {
  const config = {
    on: true,
    memberIds: ['a', 'b', 'c'],
    accountLinkIds: [],
    tagIds: [],
    skips: { b: '2026-11-27T00:00:00Z' },
    by: 'U1',
  };
  it('takes the next member who is not away, and wraps around', () => {
    const now = new Date('2026-11-25T00:00:00Z');
    expect(nextMember(config, 1, now)).toEqual({ memberId: 'c', next: 0 });
    expect(nextMember(config, 2, now)).toEqual({ memberId: 'c', next: 0 });
    expect(nextMember(config, 3, now)).toEqual({ memberId: 'a', next: 1 });
    expect(nextMember(config, 1, new Date('2026-11-27T00:00:01Z'))).toEqual({ memberId: 'b', next: 2 });
  });
  it('is null when everyone is away', () => {
    const away = {
      ...config,
      skips: { a: '2027-01-01T00:00:00Z', b: '2027-01-01T00:00:00Z', c: '2027-01-01T00:00:00Z' },
    };
    expect(nextMember(away, 0, new Date('2026-11-25T00:00:00Z'))).toBeNull();
  });
  it('counts by ISO week', () => {
    expect(weekKey(new Date('2026-11-25T00:00:00Z'))).toBe('2026-W48');
    expect(weekKey(new Date('2027-01-01T00:00:00Z'))).toBe('2026-W53');
  });
});
