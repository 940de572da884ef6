/**
 * Secrets never reach a log line. Three layers, each shown able to fail:
 * - the secret guard (test/support/secret-guard.ts, a setup file of the whole suite) catches a token written to
 *   stdout, stderr or the console, and a vitest run whose test leaks one fails;
 * - the app's logger scrubs what it is given, even at DEBUG level while Slack and Inbox calls fail;
 * - the hardening tests assert `stack.logs` is clean after every test (see `leakedSecrets`).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_INBOX_TOKEN } from '../../sandbox/demo-team.js';
import { type AppStack, startAppStack, TEST_SECRETS } from '../support/app-stack.js';
import { clearSecretLeaks, findSecrets, GUARDED_SECRETS, secretLeaks } from '../support/secret-guard.js';
import { ALICE, leakedSecrets, runCommand } from './support.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the secret guard', () => {
  it('knows the values the test stacks use', () => {
    expect(Object.values(GUARDED_SECRETS).sort()).toEqual(
      [TEST_SECRETS.botToken, TEST_SECRETS.signingSecret, DEMO_INBOX_TOKEN].sort(),
    );
  });

  it.each([
    [`token=${TEST_SECRETS.botToken}`],
    [`secret ${TEST_SECRETS.signingSecret}`],
    [`Authorization: Bearer ${DEMO_INBOX_TOKEN}`],
    ['xoxb-1234567890-abcdefghij'],
    ['xoxp-1234567890-abcdefghij'],
    ['xapp-1-A0123-456-abcdef'],
  ])('finds a secret in %#', (text) => {
    expect(findSecrets(text).length).toBeGreaterThan(0);
  });

  it.each([['token=[REDACTED]'], ['must start with "xoxb-"'], ['Bearer [REDACTED]'], ['']])(
    'leaves clean text alone: %j',
    (text) => {
      expect(findSecrets(text)).toEqual([]);
    },
  );

  it('catches a token written to stdout, stderr or the console in this very process', () => {
    clearSecretLeaks();
    process.stdout.write(`${'xoxb'}-guard-selftest-0001\n`.replace('selftest', 'self-test'));
    console.error('leak: %s', ['xapp', '1-guard-self-test'].join('-'));
    expect(secretLeaks()).toHaveLength(2);
    expect(secretLeaks().join('\n')).not.toContain('guard-self-test');
    clearSecretLeaks(); // this test leaked on purpose: do not fail it
  });

  it('fails a vitest run whose test logs the bot token, and passes a clean one', async () => {
    const run = (mode: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')));
        const child = spawn(
          process.execPath,
          [
            'node_modules/vitest/vitest.mjs',
            'run',
            '--config',
            'test/hardening/fixtures/vitest.leak.config.ts',
            '--reporter=dot',
          ],
          { cwd: ROOT, env: { ...env, LEAK_FIXTURE_MODE: mode, NO_COLOR: '1', CI: '1' }, stdio: 'pipe' },
        );
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
        });
        child.stderr.on('data', (c: Buffer) => {
          out += c.toString();
        });
        child.on('close', (code) => resolve({ code, out }));
      });
    const [leaky, viaStdout, clean] = await Promise.all([run('console'), run('stdout'), run('clean')]);
    // Booleans only: a failing assertion must not print the leaked token itself.
    expect(leaky.code !== 0 && leaky.out.includes('secrets were written')).toBe(true);
    expect(viaStdout.code !== 0 && viaStdout.out.includes('secrets were written')).toBe(true);
    expect(clean.code).toBe(0);
  }, 60_000);
});

describe("the app's own log lines", () => {
  let stack: AppStack;
  beforeAll(async () => {
    stack = await startAppStack();
  });
  afterAll(async () => stack?.close());

  it('carry no secret at DEBUG level while Slack and Inbox reject the credentials', async () => {
    expect(stack.logs.length).toBeGreaterThan(0);
    // Inbox says 401 to every call; Slack says invalid_auth: the error paths that would print a header.
    await runCommand(stack, 'noreply');
    stack.inbox.controls.failNext(10, { kind: 'status', status: 401, code: 'UNAUTHORIZED' });
    const { answer } = await runCommand(stack, 'noreply');
    expect(JSON.stringify(answer)).toMatch(/INBOX_API_TOKEN/);
    stack.slack.failNext('chat.postMessage', 'invalid_auth', { count: 3 });
    await runCommand(stack, 'digest post', ALICE, 15_000);
    const all = stack.logs.join('\n');
    expect(all).toMatch(/DEBUG/);
    expect(leakedSecrets(stack.logs)).toEqual([]);
    expect(findSecrets(all, [stack.config.inbox.token])).toEqual([]);
  });
});
