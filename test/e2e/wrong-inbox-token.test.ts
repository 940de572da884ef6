/** A wrong Inbox token: every command says so in words, and nothing is retried. */
import { describe, expect, it } from 'vitest';
import { messageText, useAppStack } from '../support/app-stack.js';

const ALICE = 'U0ALICE001';
const app = useAppStack({ config: (c) => ({ ...c, inbox: { ...c.inbox, token: 'ibx_revoked_token_value' } }) });

describe('with a wrong Inbox API token', () => {
  it('tells the user the token was rejected, after a single request', async () => {
    const ack = await app().command(ALICE, 'noreply');
    expect(ack.status).toBe(200);
    const answer = await app().waitForMessage(ALICE, (m) => messageText(m).includes('401'));
    expect(messageText(answer)).toContain('Inbox rejected the API token (401)');
    const requests = app().inbox.controls.requests();
    expect(requests.every((r) => r.status === 401)).toBe(true);
    // The directory's four lists are fetched together; none is retried.
    expect(requests.length).toBeLessThanOrEqual(4);
    expect(app().logs.join('\n')).not.toContain('ibx_revoked_token_value');
  });
});
