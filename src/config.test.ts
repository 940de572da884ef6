import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadDigestConfig, parseDuration } from './config.js';

const real = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-abcdefghijkl',
  SLACK_SIGNING_SECRET: 'signing-secret-0123456789abcdef',
  INBOX_API_TOKEN: 'ibx_live_secret_token_value',
};

function problemsOf(
  env: Record<string, string>,
  load: (env: Record<string, string>) => unknown = loadConfig,
): string[] {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs the sandbox when no credential is set, with documented defaults', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('sandbox');
    expect(config.port).toBe(3000);
    expect(config.inbox.apiUrl).toBe('https://inboxapp.com/api/v1');
    expect(config.actionPolicy).toBe('members');
    expect(config.digest).toMatchObject({
      channel: null,
      schedule: '0 9 * * 1-5',
      timezone: 'UTC',
      graceMs: 10_800_000,
    });
  });

  it('runs in HTTP mode with a bot token, signing secret and Inbox token', () => {
    const config = loadConfig({ ...real, PORT: '8080', SLACK_API_URL: 'http://127.0.0.1:4000/api' });
    expect(config.mode).toBe('http');
    expect(config.port).toBe(8080);
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:4000/api/');
  });

  it('runs in Socket Mode when an app token is set, without needing a signing secret', () => {
    const { SLACK_SIGNING_SECRET: _, ...rest } = real;
    expect(loadConfig({ ...rest, SLACK_APP_TOKEN: 'xapp-1-A1-123-abc' }).mode).toBe('socket');
  });

  it('names every missing credential when only some are set', () => {
    const problems = problemsOf({ SLACK_BOT_TOKEN: real.SLACK_BOT_TOKEN });
    expect(problems.some((p) => p.startsWith('INBOX_API_TOKEN is missing'))).toBe(true);
    expect(problems.some((p) => p.startsWith('SLACK_SIGNING_SECRET is missing'))).toBe(true);
    expect(problems.some((p) => p.startsWith('SLACK_BOT_TOKEN'))).toBe(false);
  });

  it('lists every bad key at once and never echoes a value', () => {
    const secretish = 'xoxp-this-is-a-user-token-not-a-bot-token';
    const problems = problemsOf({
      ...real,
      SLACK_BOT_TOKEN: secretish,
      PORT: 'eighty',
      DIGEST_TIMEZONE: 'Mars/Olympus',
      DIGEST_MIN_AGE: 'soon',
      ACTION_POLICY: 'everyone',
    });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(
      ['ACTION_POLICY', 'DIGEST_MIN_AGE', 'DIGEST_TIMEZONE', 'PORT', 'SLACK_BOT_TOKEN'].sort(),
    );
    expect(problems.join('\n')).not.toContain(secretish);
    expect(problems.join('\n')).not.toContain('Mars/Olympus');
  });

  it('lists format problems and missing credentials together, in one error', () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'xoxp-user-token-0000',
      SLACK_SIGNING_SECRET: 'short',
      DIGEST_SCHEDULE: '99 9 * * *',
      LOG_FORMAT: 'xml',
      MEMBER_MAP: 'alice=abc',
    });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(
      [
        'DIGEST_SCHEDULE',
        'INBOX_API_TOKEN',
        'LOG_FORMAT',
        'MEMBER_MAP',
        'SLACK_BOT_TOKEN',
        'SLACK_SIGNING_SECRET',
      ].sort(),
    );
  });

  it('parses MEMBER_MAP, CAMPAIGNS and digest filters', () => {
    const config = loadConfig({
      ...real,
      MEMBER_MAP: 'U0ALICE001:malicechen00000000000001, U0BOB00002:mbob',
      CAMPAIGNS: 'cq4founders0000000000001:Q4 founders',
      DIGEST_ACCOUNTS: '@AcmeHQ, acme_sales',
      DIGEST_MIN_AGE: '2h',
      DIGEST_SKIP_EMPTY: 'false',
      DIGEST_CHANNEL: 'C0SALESINB',
    });
    expect(config.memberMap).toEqual({ U0ALICE001: 'malicechen00000000000001', U0BOB00002: 'mbob' });
    expect(config.campaigns).toEqual([{ id: 'cq4founders0000000000001', name: 'Q4 founders' }]);
    expect(config.digest).toMatchObject({ accounts: ['acmehq', 'acme_sales'], minAgeMs: 7_200_000, skipEmpty: false });
  });

  it('rejects a malformed MEMBER_MAP without quoting it', () => {
    expect(problemsOf({ ...real, MEMBER_MAP: 'alice=abc' })).toEqual([
      'MEMBER_MAP must look like U123ABC:memberid,U456DEF:memberid',
    ]);
  });
});

describe('loadDigestConfig (npm run digest)', () => {
  const digestEnv = {
    SLACK_BOT_TOKEN: real.SLACK_BOT_TOKEN,
    INBOX_API_TOKEN: real.INBOX_API_TOKEN,
    DIGEST_CHANNEL: 'C0SALESINB',
  };

  it('needs only the bot token, the Inbox token and the channel', () => {
    const config = loadDigestConfig(digestEnv);
    expect(config.digest.channel).toBe('C0SALESINB');
    expect(config.slack).toEqual({ botToken: real.SLACK_BOT_TOKEN, apiUrl: null });
    expect(config.inbox.apiUrl).toBe('https://inboxapp.com/api/v1');
  });

  it('reads the optional URLs and digest settings', () => {
    const config = loadDigestConfig({
      ...digestEnv,
      SLACK_API_URL: 'http://127.0.0.1:4000/api',
      INBOX_API_URL: 'http://127.0.0.1:4010/api/v1/',
      DIGEST_TIMEZONE: 'Europe/Paris',
      DIGEST_ACCOUNTS: '@AcmeHQ',
      STATE_DIR: '/var/lib/inbox-slack',
      DATABASE_URL: 'postgres://digest@db.internal/inbox',
    });
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:4000/api/');
    expect(config.inbox.apiUrl).toBe('http://127.0.0.1:4010/api/v1');
    expect(config.digest).toMatchObject({ timezone: 'Europe/Paris', accounts: ['acmehq'] });
    expect(config.store).toEqual({
      stateDir: '/var/lib/inbox-slack',
      databaseUrl: 'postgres://digest@db.internal/inbox',
    });
  });

  it('ignores what only the app uses: a missing or malformed signing secret, app token, port or member map', () => {
    expect(() =>
      loadDigestConfig({ ...digestEnv, SLACK_SIGNING_SECRET: 'x', PORT: 'eighty', MEMBER_MAP: 'nonsense' }),
    ).not.toThrow();
  });

  it('lists every problem at once: each missing setting and each bad value, never a value', () => {
    const problems = problemsOf(
      { SLACK_BOT_TOKEN: 'xoxp-not-a-bot-token-123', DIGEST_TIMEZONE: 'Mars/Olympus', DIGEST_GRACE: 'later' },
      loadDigestConfig,
    );
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(
      ['DIGEST_CHANNEL', 'DIGEST_GRACE', 'DIGEST_TIMEZONE', 'INBOX_API_TOKEN', 'SLACK_BOT_TOKEN'].sort(),
    );
    expect(problems).toContain('DIGEST_CHANNEL is missing (the channel ID it posts to, such as C0123456789)');
    expect(problems.join('\n')).not.toMatch(/xoxp-|Mars|later/);
  });
});

describe('parseDuration', () => {
  it.each([
    ['2h', 7_200_000],
    ['90m', 5_400_000],
    ['1d', 86_400_000],
    ['45s', 45_000],
    ['1.5h', 5_400_000],
  ])('reads %s', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it('refuses words', () => expect(parseDuration('two hours')).toBeNull());
});

describe('loadConfig: live events', () => {
  it('defaults to webhook when a webhook secret is set, else to polling every 15 s', () => {
    expect(loadConfig(real).events).toEqual({ mode: 'poll', webhookSecrets: [], pollSeconds: 15, coalesceMs: 10_000 });
    const secret = 'ibt_wh_current_0123456789';
    expect(loadConfig({ ...real, INBOX_WEBHOOK_SECRET: `${secret}, ibt_wh_previous_987654` }).events).toMatchObject({
      mode: 'webhook',
      webhookSecrets: [secret, 'ibt_wh_previous_987654'],
    });
    expect(
      loadConfig({
        ...real,
        INBOX_EVENTS: 'off',
        INBOX_EVENTS_POLL_SECONDS: '30',
        INBOX_EVENTS_COALESCE_SECONDS: '2.5',
      }).events,
    ).toMatchObject({ mode: 'off', pollSeconds: 30, coalesceMs: 2_500 });
  });

  it('refuses webhook mode without a secret or in Socket Mode, and a poll interval under 5 s, never echoing values', () => {
    expect(problemsOf({ ...real, INBOX_EVENTS: 'webhook' }).join('\n')).toContain('INBOX_WEBHOOK_SECRET is missing');
    const socket = { SLACK_BOT_TOKEN: real.SLACK_BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-abc', INBOX_API_TOKEN: 'x' };
    const problems = problemsOf({ ...socket, INBOX_WEBHOOK_SECRET: 'ibt_wh_secret_value_1234' });
    expect(problems.join('\n')).toContain('Socket Mode');
    expect(problems.join('\n')).not.toContain('ibt_wh_secret_value_1234');
    expect(problemsOf({ ...real, INBOX_EVENTS_POLL_SECONDS: '1' }).join('\n')).toContain('INBOX_EVENTS_POLL_SECONDS');
    expect(problemsOf({ ...real, INBOX_EVENTS: 'push' }).join('\n')).toContain('webhook, poll or off');
  });
});
