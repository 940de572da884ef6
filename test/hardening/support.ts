/**
 * Helpers for the hardening suite: raw (possibly forged) requests into the app's receiver, a command run that
 * measures its ack, and a liveness probe.
 */
export { leakedSecrets } from '../support/app-stack.js';

import { request } from 'node:http';
import { expect } from 'vitest';
import { checkMessage, slackSignatureHeaders } from '../../sandbox/slack-emulator/index.js';
import type { StoredMessage } from '../../sandbox/slack-emulator/types.js';
import { type AppStack, CHANNEL, messageText, TEST_SECRETS } from '../support/app-stack.js';

export const ALICE = 'U0ALICE001';

/** Slack's hard limit for an acknowledgement. */
export const ACK_LIMIT_MS = 3_000;

export interface RawResponse {
  status: number;
  body: string;
}

/** POSTs bytes to the app exactly as given (no signing unless the headers carry it). */
export async function postRaw(url: string, body: string | Uint8Array, headers: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text() } satisfies RawResponse;
}

/**
 * POSTs on a connection of its own (no keep-alive pool), for bodies the server may refuse before reading them:
 * status 0 when the server closes the socket first.
 */
export function postIsolated(url: string, body: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body: '' }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end(body);
  });
}

/** Headers Slack would send for this body (optionally with another secret or timestamp). */
export function signedHeaders(
  body: string,
  opts: { secret?: string; nowMs?: number; contentType?: string } = {},
): Record<string, string> {
  return {
    'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
    ...slackSignatureHeaders(opts.secret ?? TEST_SECRETS.signingSecret, body, opts.nowMs ?? Date.now()),
  };
}

/** A well-formed slash command body, with a response_url that does not exist (nothing should use it). */
export function commandBody(stack: AppStack, text: string): string {
  return new URLSearchParams({
    token: 'x',
    team_id: 'T0EMULATOR',
    channel_id: CHANNEL,
    user_id: ALICE,
    user_name: 'alice',
    command: '/inbox',
    text,
    api_app_id: 'A0EMULATOR',
    response_url: `${stack.slack.url}/response/not-minted`,
    trigger_id: '1.2.3',
  }).toString();
}

export interface CommandRun {
  ackMs: number;
  answer: StoredMessage;
}

/** Runs `/inbox <text>` as the user, asserts an ack under 3 s, and waits for the final (non-notice) answer. */
export async function runCommand(
  stack: AppStack,
  text: string,
  userId = ALICE,
  timeoutMs = 8_000,
): Promise<CommandRun> {
  const before = stack.slack.messages(CHANNEL, userId).length;
  const started = performance.now();
  const ack = await stack.command(userId, text);
  const ackMs = performance.now() - started;
  expect(ack.error, 'the app acked').toBeUndefined();
  expect(ack.status).toBe(200);
  expect(ackMs).toBeLessThan(ACK_LIMIT_MS);
  const answer = await stack.slack.waitFor(() => {
    const mine = stack.slack.messages(CHANNEL, userId);
    const last = mine.at(-1);
    return mine.length > before && last && !messageText(last).includes('Working on it') ? last : undefined;
  }, timeoutMs);
  return { ackMs, answer };
}

/** The message as Slack would accept it: the emulator's validator finds nothing wrong. */
export function expectValidMessage(message: { text?: string; blocks?: unknown[] }): void {
  const check = checkMessage({ text: message.text, blocks: message.blocks });
  expect(check.messages).toEqual([]);
  expect(check.error).toBeUndefined();
}

/** A good request still works: the process is alive and serving. */
export async function expectAlive(stack: AppStack): Promise<void> {
  const health = await fetch(stack.appUrl.replace('/slack/events', '/healthz'));
  expect(health.status).toBe(200);
  const { answer } = await runCommand(stack, 'noreply limit:1');
  expect(messageText(answer)).toMatch(/awaiting reply/i);
}

/** Waits for a log line (written after `from`) that matches; the app logs an outcome after answering the user. */
export function waitForLog(stack: AppStack, pattern: RegExp, from = 0, timeoutMs = 5_000): Promise<string> {
  return stack.slack.waitFor(() => stack.logs.slice(from).find((line) => pattern.test(line)), timeoutMs);
}
