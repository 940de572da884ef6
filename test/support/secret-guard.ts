/**
 * Vitest setup file (vitest.config.ts `setupFiles`): the suite fails when a secret reaches any output a test run
 * produces. It watches process.stdout/stderr writes and every console method of the test process, and after each
 * test (and after the file, for hooks) expects that nothing matching a known test secret (the app stack's bot
 * token and signing secret, the sandbox Inbox token) or a Slack token shape (xox?-…, xapp-…) was written.
 * The failure names the kind of secret and where it went, never the value.
 *
 * Logs the app writes into `stack.logs` (its injected sink) are checked by the hardening tests themselves; a child
 * process's output is checked by the test that spawns it, with `findSecrets`.
 */
import { format } from 'node:util';
import { afterAll, afterEach, expect } from 'vitest';

/** Same values as TEST_SECRETS (test/support/app-stack.ts) and DEMO_INBOX_TOKEN; the guard's own test checks that. */
export const GUARDED_SECRETS: Readonly<Record<string, string>> = {
  'Slack bot token (TEST_SECRETS.botToken)': 'xoxb-test-000111222-bot-token-value',
  'Slack signing secret (TEST_SECRETS.signingSecret)': 'test-signing-secret-7f3a9c2e5b1d',
  'Inbox API token (DEMO_INBOX_TOKEN)': 'ibx_sandbox_demo_token',
};

const SHAPES: ReadonlyArray<[string, RegExp]> = [
  ['a Slack token (xox?-…)', /\bxox[abposre]-[A-Za-z0-9][A-Za-z0-9-]{5,}/],
  ['a Slack app-level token (xapp-…)', /\bxapp-[A-Za-z0-9][A-Za-z0-9-]{5,}/],
];

/** The kinds of secret found in `text` (empty when clean). */
export function findSecrets(text: string, extra: readonly string[] = []): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(GUARDED_SECRETS)) if (text.includes(value)) found.push(name);
  for (const value of extra) if (value.length >= 6 && text.includes(value)) found.push('a configured secret');
  for (const [name, pattern] of SHAPES) if (pattern.test(text)) found.push(name);
  return found;
}

interface GuardState {
  leaks: string[];
}

const STATE_KEY = Symbol.for('inbox-slack.secret-guard');

function install(): GuardState {
  const holder = globalThis as unknown as Record<symbol, GuardState | undefined>;
  const existing = holder[STATE_KEY];
  if (existing) return existing;
  const state: GuardState = { leaks: [] };
  holder[STATE_KEY] = state;

  const note = (where: string, text: string): void => {
    const found = findSecrets(text);
    if (found.length > 0) state.leaks.push(`${found.join(' and ')} written to ${where}`);
  };
  const asText = (chunk: unknown): string =>
    typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : '';

  for (const [name, stream] of [
    ['stdout', process.stdout],
    ['stderr', process.stderr],
  ] as const) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      note(`process.${name}`, asText(chunk));
      return original(chunk, ...rest);
    }) as typeof stream.write;
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    // biome-ignore lint/suspicious/noConsole: the guard wraps every console method to inspect what tests print
    const original = console[method].bind(console) as (...args: unknown[]) => void;
    console[method] = (...args: unknown[]) => {
      note(`console.${method}`, format(...args));
      original(...args);
    };
  }
  return state;
}

const state = install();

/** What the guard has caught since the last check (for the guard's own test). */
export function secretLeaks(): readonly string[] {
  return [...state.leaks];
}

export function clearSecretLeaks(): void {
  state.leaks.length = 0;
}

function expectNoLeaks(): void {
  const leaks = state.leaks.splice(0);
  expect(leaks, 'secrets were written to the test output (see test/support/secret-guard.ts)').toEqual([]);
}

afterEach(expectNoLeaks);
afterAll(expectNoLeaks);
