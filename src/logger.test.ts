import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from './logger.js';

describe('scrubSecrets', () => {
  it('redacts Slack bot, user and app tokens and bearer credentials', () => {
    const text = 'token=xoxb-123-456-abc user xoxp-9-9 app xapp-1-A0-77-ff header Authorization: Bearer ibx_live_abc';
    const out = scrubSecrets(text);
    expect(out).toBe('token=[REDACTED] user [REDACTED] app [REDACTED] header Authorization: Bearer [REDACTED]');
  });

  it('redacts configured secret values wherever they appear', () => {
    expect(scrubSecrets('sig secret=shhh-signing-secret-42 end', ['shhh-signing-secret-42'])).toBe(
      'sig secret=[REDACTED] end',
    );
  });
});

describe('createLogger', () => {
  it('writes scrubbed lines at or above its level, with the name', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: LogLevel.INFO,
      name: 'test',
      secrets: ['inbox-token-value-1'],
      sink: (_l, line) => lines.push(line),
      clock: () => new Date('2026-11-24T09:00:00.000Z'),
    });
    logger.debug('hidden');
    logger.info('calling with', { headers: { Authorization: 'Bearer inbox-token-value-1' } });
    logger.error(new Error('boom xoxb-1-2-3'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      "2026-11-24T09:00:00.000Z INFO [test] calling with { headers: { Authorization: 'Bearer [REDACTED]' } }",
    );
    expect(lines[1]).toContain('ERROR [test] Error: boom [REDACTED]');
    expect(lines.join('\n')).not.toContain('inbox-token-value-1');
  });
});
