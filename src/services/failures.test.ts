import { describe, expect, it } from 'vitest';
import { InboxApiError } from '../inbox/errors.js';
import { describeInboxFailure, describeSlackFailure } from './failures.js';

const err = (kind: ConstructorParameters<typeof InboxApiError>[0]['kind'], extra = {}) =>
  new InboxApiError({ kind, endpoint: 'GET /threads', message: 'x', ...extra });

describe('describeInboxFailure', () => {
  it('says the token is wrong on 401', () => {
    expect(describeInboxFailure(err('unauthorized', { status: 401 }))).toMatch(/rejected the API token/);
  });
  it('says when to try again on 429', () => {
    expect(describeInboxFailure(err('rate_limited', { retryAfterSeconds: 42 }))).toBe(
      'Inbox is rate-limiting this team. Try again in 42 s.',
    );
  });
  it('says Inbox is not answering on 5xx and timeouts', () => {
    expect(describeInboxFailure(err('server', { status: 503 }))).toMatch(/not answering properly \(HTTP 503\)/);
    expect(describeInboxFailure(err('timeout'))).toMatch(/not answering \(timed out\)/);
  });
  it('does not render unknown errors', () => {
    expect(describeInboxFailure(new Error('secret detail'))).not.toContain('secret detail');
  });
});

describe('describeSlackFailure', () => {
  it('explains not_in_channel with the fix', () => {
    expect(describeSlackFailure({ code: 'slack_webapi_platform_error', data: { error: 'not_in_channel' } })).toMatch(
      /invite it with \/invite @Inbox/,
    );
  });
  it('recognises the rate-limited error', () => {
    expect(describeSlackFailure({ code: 'slack_webapi_rate_limited_error' })).toBe('Slack is rate-limiting the app');
  });
});
