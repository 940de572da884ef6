import { describe, expect, it } from 'vitest';
import { inQuietHours, quietEndsAt } from './quiet.js';

const night = { start: '22:00', end: '08:00' };

describe('quiet hours', () => {
  it('spans midnight in the subscriber’s time zone', () => {
    // 03:00 UTC is 22:00 the day before in New York (EST, UTC-5).
    expect(inQuietHours(night, 'America/New_York', new Date('2026-11-30T03:00:00Z'))).toBe(true);
    expect(inQuietHours(night, 'America/New_York', new Date('2026-11-30T02:59:00Z'))).toBe(false);
    expect(inQuietHours(night, 'UTC', new Date('2026-11-30T07:59:00Z'))).toBe(true);
    expect(inQuietHours(night, 'UTC', new Date('2026-11-30T08:00:00Z'))).toBe(false);
    expect(inQuietHours({ start: '12:00', end: '13:00' }, 'UTC', new Date('2026-11-30T12:30:00Z'))).toBe(true);
  });

  it('ends at the next end time in that zone, across a DST change', () => {
    expect(quietEndsAt(night, 'America/New_York', new Date('2026-11-30T03:00:00Z')).toISOString()).toBe(
      '2026-11-30T13:00:00.000Z',
    );
    // The night of 7→8 March 2026 springs forward in New York: 08:00 EDT is 12:00 UTC.
    expect(quietEndsAt(night, 'America/New_York', new Date('2026-03-08T04:00:00Z')).toISOString()).toBe(
      '2026-03-08T12:00:00.000Z',
    );
  });
});
