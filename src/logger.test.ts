import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createLogger, type LogFormat, logFormatFor, scrubSecrets } from './logger.js';

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

const INBOX_TOKEN = 'inbox-token-value-1';

function capture(format: LogFormat, level = LogLevel.INFO) {
  const lines: Array<{ level: LogLevel; line: string }> = [];
  const logger = createLogger({
    level,
    name: 'test',
    format,
    secrets: [INBOX_TOKEN],
    sink: (l, line) => lines.push({ level: l, line }),
    clock: () => new Date('2026-11-24T09:00:00.000Z'),
  });
  return { logger, lines };
}

describe('createLogger, json (production)', () => {
  it('writes one JSON object a line with level, time, name and message, at or above its level', () => {
    const { logger, lines } = capture('json');
    logger.debug('hidden');
    logger.info('listening on port 3000');
    logger.warn('slow');
    expect(lines.map((l) => l.level)).toEqual([LogLevel.INFO, LogLevel.WARN]);
    expect(lines.every((l) => !l.line.includes('\n'))).toBe(true);
    expect(JSON.parse(lines[0]?.line ?? '')).toEqual({
      level: 'info',
      time: '2026-11-24T09:00:00.000Z',
      name: 'test',
      msg: 'listening on port 3000',
    });
  });

  it('scrubs tokens and configured secrets inside pre-formatted strings, as Bolt and the SDKs log them', () => {
    const { logger, lines } = capture('json');
    logger.info(`http request body: {"token":"xoxb-1-2-abc","text":"hi ${INBOX_TOKEN}"}`);
    logger.info('calling with', { headers: { Authorization: `Bearer ${INBOX_TOKEN}` } });
    const all = lines.map((l) => l.line).join('\n');
    expect(all).not.toMatch(/xoxb-1-2-abc|inbox-token-value-1/);
    expect(JSON.parse(lines[0]?.line ?? '').msg).toBe(
      'http request body: {"token":"[REDACTED]","text":"hi [REDACTED]"}',
    );
    expect(JSON.parse(lines[1]?.line ?? '').msg).toBe(
      "calling with { headers: { Authorization: 'Bearer [REDACTED]' } }",
    );
  });

  it('logs a leading object as fields, with secret keys redacted and secret values scrubbed', () => {
    const { logger, lines } = capture('json');
    logger.info(
      { team: 'T1', token: 'plain-looking-secret', config: { signingSecret: 'abc' }, note: `x ${INBOX_TOKEN}` },
      'fields',
    );
    expect(JSON.parse(lines[0]?.line ?? '')).toMatchObject({
      team: 'T1',
      token: '[REDACTED]',
      config: { signingSecret: '[REDACTED]' },
      note: 'x [REDACTED]',
      msg: 'fields',
    });
  });

  it('logs an Error as err {type, message, stack, its fields}, scrubbed', () => {
    const { logger, lines } = capture('json');
    const error = Object.assign(new Error('boom xoxb-1-2-3'), { data: { error: 'not_in_channel', echo: INBOX_TOKEN } });
    logger.error('post failed:', error);
    const entry = JSON.parse(lines[0]?.line ?? '');
    expect(entry.msg).toBe('post failed: Error: boom [REDACTED]');
    expect(entry.err).toMatchObject({
      type: 'Error',
      message: 'boom [REDACTED]',
      data: { error: 'not_in_channel', echo: '[REDACTED]' },
    });
    expect(entry.err.stack).toMatch(/^Error: boom \[REDACTED\]\n\s+at /);
    expect(lines[0]?.line).not.toMatch(/xoxb-1-2-3|inbox-token-value-1/);
  });

  it('keeps Bolt’s Logger interface: setLevel, getLevel and setName', () => {
    const { logger, lines } = capture('json', LogLevel.WARN);
    logger.info('hidden');
    logger.setLevel(LogLevel.DEBUG);
    expect(logger.getLevel()).toBe(LogLevel.DEBUG);
    logger.setName('bolt-app');
    logger.debug('shown');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]?.line ?? '')).toMatchObject({ level: 'debug', name: 'bolt-app', msg: 'shown' });
  });
});

describe('createLogger, pretty (a terminal, the sandbox)', () => {
  it('writes human-readable lines, scrubbed', () => {
    const { logger, lines } = capture('pretty');
    logger.warn(`Inbox call failed (timeout, GET /threads) with Bearer ${INBOX_TOKEN}`);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.line).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] WARN \(test\): Inbox call failed \(timeout, GET \/threads\) with Bearer \[REDACTED\]$/,
    );
  });
});

describe('logFormatFor', () => {
  it('is pretty on a terminal and JSON otherwise (a supervisor, a container, a pipe)', () => {
    expect(logFormatFor({ isTTY: true })).toBe('pretty');
    expect(logFormatFor({})).toBe('json');
  });
});
