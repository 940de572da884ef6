/**
 * Issue 10, item 4: one signed request must not take the process down. Every malformed shape below is signed with
 * the real secret (so only Slack, or someone holding the secret, could send it) and sent into the real receiver:
 * each is refused with 400 before Bolt sees it, nothing reaches Inbox, and the app keeps serving. The real
 * process (src/main.ts) survives `payload=null` and the JSON body `null`, which used to kill it.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ActionIds, threadBlockId } from '../../src/blocks/ids.js';
import { installProcessHandlers } from '../../src/process-handlers.js';
import { startAppProcess, useProcessEmulators } from '../support/app-process.js';
import { CHANNEL, useAppStack } from '../support/app-stack.js';
import { ALICE, commandBody, expectAlive, postIsolated, signedHeaders } from './support.js';

const app = useAppStack();

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const payload = (json: string) => `payload=${encodeURIComponent(json)}`;
const click = (overrides: Record<string, unknown>) =>
  payload(
    JSON.stringify({
      type: 'block_actions',
      user: { id: ALICE },
      team: { id: 'T0EMULATOR' },
      api_app_id: 'A0EMULATOR',
      trigger_id: '1.2.3',
      response_url: 'http://127.0.0.1:9/never-used',
      container: { type: 'message', channel_id: CHANNEL, message_ts: '1.000001' },
      actions: [{ type: 'button', action_id: ActionIds.archive, block_id: threadBlockId('t1', 'actions'), value: 'x' }],
      ...overrides,
    }),
  );

/** [description, content type, body]: each is signed and must be refused with 400. */
const MALFORMED: Array<[string, string, string]> = [
  ['payload=null', FORM, 'payload=null'],
  ['the JSON body null', JSON_TYPE, 'null'],
  ['the JSON body []', JSON_TYPE, '[]'],
  ['the JSON body 1', JSON_TYPE, '1'],
  ['the JSON body "text"', JSON_TYPE, '"text"'],
  ['the JSON body true', JSON_TYPE, 'true'],
  ['the JSON body {}', JSON_TYPE, '{}'],
  ['a JSON body that is not JSON', JSON_TYPE, '{"type":'],
  ['an empty JSON body', JSON_TYPE, ''],
  ['payload=[]', FORM, 'payload=[]'],
  ['payload=1', FORM, 'payload=1'],
  ['payload="text"', FORM, payload('"text"')],
  ['payload={}', FORM, 'payload={}'],
  ['payload= (empty)', FORM, 'payload='],
  ['payload that is not JSON', FORM, 'payload=%7B%22type'],
  ['payload given twice', FORM, `${payload('{}')}&${payload('{}')}`],
  ['an empty form', FORM, ''],
  ['a form with unknown fields only', FORM, 'a=1&b=2'],
  ['type null', FORM, payload('{"type":null}')],
  ['type an object', FORM, payload('{"type":{}}')],
  ['an unknown type', FORM, payload('{"type":"something_else"}')],
  ['url_verification without a challenge', JSON_TYPE, '{"type":"url_verification"}'],
  ['url_verification with an object challenge', JSON_TYPE, '{"type":"url_verification","challenge":{}}'],
  ['event_callback with event null', JSON_TYPE, '{"type":"event_callback","event":null}'],
  ['block_actions with no actions', FORM, click({ actions: undefined })],
  ['block_actions with actions null', FORM, click({ actions: null })],
  ['block_actions with actions {}', FORM, click({ actions: {} })],
  ['block_actions with an empty actions list', FORM, click({ actions: [] })],
  ['block_actions with a null action', FORM, click({ actions: [null] })],
  ['block_actions with a numeric action_id', FORM, click({ actions: [{ action_id: 1 }] })],
  ['block_actions with user null', FORM, click({ user: null })],
  ['block_actions with no user', FORM, click({ user: undefined })],
  ['block_actions with a numeric user id', FORM, click({ user: { id: 7 } })],
  ['block_actions with a numeric response_url', FORM, click({ response_url: 7 })],
  ['block_actions with a numeric trigger_id', FORM, click({ trigger_id: {} })],
  ['block_actions with container null', FORM, click({ container: null })],
  ['block_actions with team "x"', FORM, click({ team: 'x' })],
  ['block_actions with a __proto__ member', FORM, payload('{"__proto__":{"type":"block_actions"}}')],
  [
    'a command with text given twice',
    FORM,
    `${form({ command: '/inbox', user_id: ALICE, team_id: 'T0EMULATOR', channel_id: CHANNEL, response_url: 'http://127.0.0.1:9/x', text: 'noreply' })}&text=archived`,
  ],
  [
    'a command with no user_id',
    FORM,
    form({
      command: '/inbox',
      text: 'noreply',
      team_id: 'T0EMULATOR',
      channel_id: CHANNEL,
      response_url: 'http://127.0.0.1:9/x',
    }),
  ],
  [
    'a command with no response_url',
    FORM,
    form({ command: '/inbox', text: 'noreply', user_id: ALICE, team_id: 'T0EMULATOR', channel_id: CHANNEL }),
  ],
  [
    'a command that is not a slash command',
    FORM,
    form({
      command: 'inbox',
      text: 'noreply',
      user_id: ALICE,
      team_id: 'T0EMULATOR',
      channel_id: CHANNEL,
      response_url: 'http://127.0.0.1:9/x',
    }),
  ],
  ['a JSON command body', JSON_TYPE, JSON.stringify({ command: '/inbox', text: ['noreply'], user_id: ALICE })],
  ['JSON nested 100,000 deep', JSON_TYPE, `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
  [
    'payload nested 20,000 deep',
    FORM,
    payload(`{"type":"block_actions","actions":${'['.repeat(20_000)}${']'.repeat(20_000)}}`),
  ],
  ['bytes that are not UTF-8', JSON_TYPE, '\u00ff\u00fe{"type":"block_actions"}'],
];

describe('signed but malformed bodies are refused with 400 before Bolt sees them', () => {
  it.each(MALFORMED)('%s', async (_name, contentType, body) => {
    const stack = app();
    const res = await postIsolated(stack.appUrl, body, signedHeaders(body, { contentType }));
    expect(res.status).toBe(400);
    expect(stack.inbox.controls.requests()).toEqual([]);
  });

  it('after all of them the app still serves commands and health checks', async () => {
    const stack = app();
    for (const [, contentType, body] of MALFORMED) {
      await postIsolated(stack.appUrl, body, signedHeaders(body, { contentType }));
    }
    await expectAlive(stack);
  });

  it('well-formed requests still pass: a command, ssl_check and url_verification', async () => {
    const stack = app();
    const command = commandBody(stack, 'help');
    expect((await postIsolated(stack.appUrl, command, signedHeaders(command))).status).toBe(200);
    expect((await postIsolated(stack.appUrl, 'ssl_check=1', { 'content-type': FORM })).status).toBe(200);
    const verify = JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' });
    const res = await postIsolated(stack.appUrl, verify, signedHeaders(verify, { contentType: JSON_TYPE }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: 'abc123' });
  });
});

describe('the real process', () => {
  const emulators = useProcessEmulators();

  it('survives payload=null and the JSON body null, and keeps answering', async () => {
    const { slack } = emulators();
    const proc = await startAppProcess(emulators(), {});
    for (const [contentType, body] of [
      [FORM, 'payload=null'],
      [JSON_TYPE, 'null'],
    ] as const) {
      const res = await postIsolated(proc.appUrl, body, signedHeaders(body, { contentType }));
      expect(res.status).toBe(400);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(proc.child.exitCode).toBeNull();
    const ack = await slack.sendCommand({ userId: ALICE, channelId: CHANNEL, text: 'help' });
    expect(ack.status).toBe(200);
    expect((await fetch(proc.appUrl.replace('/slack/events', '/healthz'))).status).toBe(200);
  });
});

describe('process-level handlers (the decision: log and serve on a rejection, stop cleanly on an exception)', () => {
  function setup(shutdown: () => Promise<void> = async () => {}) {
    const target = new EventEmitter();
    const lines: string[] = [];
    const exits: number[] = [];
    const remove = installProcessHandlers({
      logger: { error: (...args: unknown[]) => lines.push(args.join(' ')) },
      shutdown,
      shutdownMs: 200,
      target,
      exit: (code) => exits.push(code),
    });
    return { target, lines, exits, remove };
  }

  it('an unhandled rejection is logged and the process keeps running', () => {
    const { target, lines, exits } = setup();
    target.emit('unhandledRejection', new TypeError("Cannot read properties of null (reading 'ssl_check')"));
    expect(lines.join('\n')).toMatch(/Unhandled promise rejection \(the app keeps serving\): TypeError: Cannot read/);
    expect(exits).toEqual([]);
  });

  it('an uncaught exception is logged, shuts down gracefully once, then exits 1 for the supervisor', async () => {
    let shutdowns = 0;
    const { target, lines, exits } = setup(async () => {
      shutdowns++;
    });
    target.emit('uncaughtException', new Error('boom'));
    target.emit('uncaughtException', new Error('boom again'));
    await new Promise((r) => setTimeout(r, 20));
    expect(shutdowns).toBe(1);
    expect(exits).toEqual([1]);
    expect(lines.join('\n')).toMatch(/Uncaught exception: Error: boom/);
    expect(lines.join('\n')).toMatch(/exit code 1/);
  });

  it('a shutdown that hangs is cut off: the process still exits 1', async () => {
    const { target, exits } = setup(() => new Promise(() => {}));
    target.emit('uncaughtException', new Error('boom'));
    await new Promise((r) => setTimeout(r, 400));
    expect(exits).toEqual([1]);
  });
});
