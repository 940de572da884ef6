/**
 * The digest over real HTTP: the real Inbox client against the Inbox emulator (contract-checked), and a real
 * WebClient (no retries) against the Slack emulator; then `npm run digest` as a child process.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_DIGEST_CHANNEL } from '../../sandbox/demo-team.js';
import { type SlackEmulator, startSlackEmulator } from '../../sandbox/slack-emulator/index.js';
import type { DigestConfig } from '../../src/config.js';
import { createDigestClaims } from '../../src/digest/claims.js';
import { createDigest } from '../../src/digest/job.js';
import { createDigestWebClient, createSlackDigestPoster } from '../../src/digest/poster.js';
import { teamIdOf } from '../../src/digest/wire.js';
import { createInboxClient } from '../../src/inbox/client.js';
import { createDirectoryService } from '../../src/services/directory.js';
import { openStore } from '../../src/store/index.js';
import { type CheckedInboxEmulator, startCheckedInboxEmulator } from '../support/inbox-emulator.js';
import { createTestLogger } from './support/test-logger.js';

const run = promisify(execFile);
const BOT_TOKEN = 'xoxb-1111-2222-digesttest';
const INBOX_TOKEN = 'inbox-digest-test-token';

let inboxEmu: CheckedInboxEmulator;
let slackEmu: SlackEmulator;
let dir: string;

beforeAll(async () => {
  inboxEmu = await startCheckedInboxEmulator({ token: INBOX_TOKEN });
  slackEmu = await startSlackEmulator({ signingSecret: 'digest-signing-secret', botToken: BOT_TOKEN });
});
afterAll(async () => {
  await inboxEmu.close();
  await slackEmu.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'digest-e2e-'));
  inboxEmu.controls.reset();
  slackEmu.reset();
});
afterEach(async () => {
  expect(inboxEmu.violations()).toEqual([]);
  await rm(dir, { recursive: true, force: true });
});

async function build(channel = DEMO_DIGEST_CHANNEL, stateDir = dir) {
  const logger = createTestLogger();
  const inbox = createInboxClient({ baseUrl: inboxEmu.url, token: INBOX_TOKEN });
  const config: DigestConfig = {
    channel,
    schedule: '0 9 * * 1-5',
    timezone: 'Europe/Paris',
    skipEmpty: false,
    accounts: [],
    minAgeMs: null,
    graceMs: 3 * 3_600_000,
    claimTtlMs: 120_000,
  };
  const store = await openStore({ stateDir });
  const web = createDigestWebClient(BOT_TOKEN, slackEmu.apiUrl, logger as unknown as Logger);
  const digest = createDigest({
    inbox,
    directory: createDirectoryService(inbox, []),
    poster: createSlackDigestPoster(web),
    claims: createDigestClaims(store, { teamId: teamIdOf(web), ttlMs: config.claimTtlMs }),
    clock: () => new Date(),
    logger: logger as unknown as Logger,
    config,
    inboxAppUrl: 'https://app.inboxapp.com/threads/{threadId}',
    retry: { deadlineMs: 0 },
  });
  return {
    digest,
    logger,
    claims: createDigestClaims(store, { teamId: teamIdOf(web), ttlMs: config.claimTtlMs }),
    close: async () => {
      inbox.close();
      await store.close();
    },
  };
}

const threadRequests = () => inboxEmu.controls.requests().filter((r) => r.method === 'GET' && r.route === '/threads');

describe('the digest against the emulators', () => {
  it('pages 450 no-reply threads over 3 accounts in parallel walks (at most ⌈N/100⌉ + 1 per account requests) and posts one valid message with metadata, once across a restart', async () => {
    inboxEmu.controls.loadLargeTeam({ noReplyThreads: 450, accounts: 3 });
    inboxEmu.controls.clearRequests();
    const slot = new Date('2026-03-09T08:00:00Z');
    const first = await build();
    const outcome = await first.digest.runScheduledSlot(slot);
    await first.close();
    expect(outcome).toMatchObject({ status: 'posted', total: 450, slot: '2026-03-09T09:00' });
    // One walk per account (150 threads each: 2 pages), each with accountLinkIds: 6 ≤ 5 + 3.
    expect(threadRequests()).toHaveLength(6);
    expect(new Set(threadRequests().map((r) => String(r.query['accountLinkIds[0]'])))).toHaveProperty('size', 3);
    expect(threadRequests().every((r) => r.query.inbox === 'no-reply' && r.query.limit === '100')).toBe(true);

    const messages = slackEmu.messages(DEMO_DIGEST_CHANNEL);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.metadata).toMatchObject({
      event_type: 'inbox_digest_posted',
      event_payload: { channel: DEMO_DIGEST_CHANNEL, slot: '2026-03-09T09:00', total: 450 },
    });

    // Restart over the same STATE_DIR: the claim says it is done; Inbox is not even asked.
    inboxEmu.controls.clearRequests();
    const again = await build();
    expect(await again.digest.runScheduledSlot(slot)).toMatchObject({ status: 'already-posted', via: 'claim' });
    await again.close();
    expect(threadRequests()).toHaveLength(0);

    // Redeployed with an empty STATE_DIR and catching up late: Slack's metadata says it is done.
    const fresh = await mkdtemp(join(tmpdir(), 'digest-e2e-fresh-'));
    const redeployed = await build(DEMO_DIGEST_CHANNEL, fresh);
    expect(await redeployed.digest.runScheduledSlot(slot, { late: true })).toMatchObject({
      status: 'already-posted',
      via: 'slack-metadata',
    });
    await redeployed.close();
    await rm(fresh, { recursive: true, force: true });
    expect(slackEmu.messages(DEMO_DIGEST_CHANNEL)).toHaveLength(1);
  });

  it('says how to fix a channel the bot is not in, and releases the slot', async () => {
    const { digest, logger, claims, close } = await build('C0RANDOM01');
    const outcome = await digest.runScheduledSlot(new Date('2026-03-09T08:00:00Z'));
    expect(outcome).toMatchObject({ status: 'failed', error: { kind: 'channel' } });
    expect(logger.lines('error').join('\n')).toContain('cannot post to C0RANDOM01 (not_in_channel). Invite the bot');
    expect(await claims.get('C0RANDOM01', '2026-03-09T09:00')).toMatchObject({ outcome: 'released' });
    await close();
  });
});

describe('npm run digest', () => {
  const cli = (env: Record<string, string>) =>
    run(process.execPath, ['--import', 'tsx', 'src/digest/main.ts'], {
      cwd: process.cwd(),
      env: {
        PATH: process.env.PATH ?? '',
        // No SLACK_SIGNING_SECRET: a one-shot poster never uses it.
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: slackEmu.apiUrl,
        INBOX_API_TOKEN: INBOX_TOKEN,
        INBOX_API_URL: inboxEmu.url,
        STATE_DIR: dir,
        LOG_LEVEL: 'error',
        ...env,
      },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('posts once and exits 0', async () => {
    inboxEmu.controls.loadLargeTeam({ noReplyThreads: 120 });
    const result = await cli({ DIGEST_CHANNEL: DEMO_DIGEST_CHANNEL });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('Posted the digest to C0SALESINB: 120 threads waiting.\n');
    expect(result.code).toBe(0);
    expect(slackEmu.messages(DEMO_DIGEST_CHANNEL)).toHaveLength(1);
  });

  it('exits non-zero with a clear message when the bot is not in the channel', async () => {
    const result = await cli({ DIGEST_CHANNEL: 'C0RANDOM01' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The digest was not posted (channel): cannot post to C0RANDOM01 (not_in_channel)');
    expect(result.stderr).toContain('/invite @Inbox');
  });

  it('exits 2 and names what is missing without DIGEST_CHANNEL', async () => {
    const result = await cli({});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DIGEST_CHANNEL is missing (the channel ID it posts to');
  });

  it('lists every configuration problem in one message, and posts nothing', async () => {
    const result = await cli({ SLACK_BOT_TOKEN: '', DIGEST_TIMEZONE: 'Mars/Olympus', DIGEST_GRACE: 'later' });
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe('Invalid configuration:');
    expect(lines.slice(1).map((l) => l.trim().split(' ')[1])).toEqual(
      expect.arrayContaining(['SLACK_BOT_TOKEN', 'DIGEST_CHANNEL', 'DIGEST_TIMEZONE', 'DIGEST_GRACE']),
    );
    expect(lines).toHaveLength(5);
    expect(result.stderr).not.toContain('SLACK_SIGNING_SECRET');
    expect(result.stderr).not.toContain('Mars/Olympus');
    expect(slackEmu.messages(DEMO_DIGEST_CHANNEL)).toHaveLength(0);
  });
});
