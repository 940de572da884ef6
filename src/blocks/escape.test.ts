import { describe, expect, it } from 'vitest';
import {
  escapeMrkdwn,
  escapeTruncate,
  oneLine,
  quote,
  slackDate,
  truncate,
  utcFallback,
  waitingFor,
} from './escape.js';

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel> look', '&lt;!channel&gt; look'],
    ['hi <@U123>', 'hi &lt;@U123&gt;'],
    ['<https://evil.example|click>', '&lt;https://evil.example|click&gt;'],
    ['R&D & more', 'R&amp;D &amp; more'],
    ['&amp; already', '&amp;amp; already'],
    ['مرحبا 👋🏽 *bold*', 'مرحبا 👋🏽 *bold*'],
  ])('escapes %j', (input, output) => {
    expect(escapeMrkdwn(input)).toBe(output);
  });
});

describe('truncate', () => {
  it('leaves short text alone and ends long text with an ellipsis within the limit', () => {
    expect(truncate('short', 10)).toBe('short');
    const long = truncate('a'.repeat(10_000), 300);
    expect(long).toHaveLength(300);
    expect(long.endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair, a skin-tone emoji or a ZWJ family', () => {
    for (const unit of ['😀', '👋🏽', '👩‍👩‍👧‍👦', 'é', '🇫🇷']) {
      for (let max = 1; max < 30; max++) {
        const out = truncate(unit.repeat(20), max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out.replace(/…$/, '').split(unit).join('')).toBe('');
      }
    }
  });
});

describe('escapeTruncate', () => {
  it('fits the escaped text in the limit without cutting an entity', () => {
    const out = escapeTruncate('&'.repeat(100), 23);
    expect(out.length).toBeLessThanOrEqual(23);
    expect(out).toBe(`${'&amp;'.repeat(4)}…`);
  });
});

describe('quote and oneLine', () => {
  it('quotes every line, blank ones included', () => {
    expect(quote('one\n\nthree\r\nfour')).toBe('>one\n>\n>three\n>four');
  });
  it('collapses whitespace for one-line fields', () => {
    expect(oneLine(' Maya\n\tPatel  ')).toBe('Maya Patel');
  });
});

describe('slackDate and waitingFor', () => {
  const since = new Date('2025-11-24T09:12:00Z');
  it('writes a Slack date token with a UTC fallback', () => {
    expect(utcFallback(since)).toBe('Nov 24, 09:12 UTC');
    expect(slackDate(since)).toBe('<!date^1763975520^{date_short_pretty} at {time}|Nov 24, 09:12 UTC>');
    expect(slackDate(since, '{time}', 'a|b<c')).toBe('<!date^1763975520^{time}|a/b&lt;c>');
  });
  it('says how long something has been waiting', () => {
    expect(waitingFor(since, new Date('2025-11-24T12:12:00Z'))).toBe(
      'waiting 3 hours (since <!date^1763975520^{date_short_pretty} at {time}|Nov 24, 09:12 UTC>)',
    );
    expect(waitingFor(since, new Date('2025-11-24T09:12:30Z'))).toMatch(/^waiting less than a minute/);
    expect(waitingFor(since, new Date('2025-11-20T00:00:00Z'))).toMatch(/^waiting less than a minute/);
  });
});
