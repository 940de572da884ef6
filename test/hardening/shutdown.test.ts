/**
 * Graceful shutdown of the real process: `src/main.ts` spawned in HTTP mode against emulators started here, with
 * Inbox answering slowly (1.5 s). SIGTERM while a command is being served, and while a digest run is in flight:
 * the answer still arrives, the scheduler stops, no digest is left half-posted (every claim has an outcome and
 * every posted digest is recorded), the process exits 0, and its output carries no secret.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_DIGEST_CHANNEL } from '../../sandbox/demo-team.js';
import { openStore } from '../../src/store/index.js';
import { startAppProcess, useProcessEmulators } from '../support/app-process.js';
import { CHANNEL, messageText } from '../support/app-stack.js';
import { findSecrets } from '../support/secret-guard.js';
import { ACK_LIMIT_MS, ALICE } from './support.js';

const emulators = useProcessEmulators();
const startApp = (env: Record<string, string>) => startAppProcess(emulators(), env);

/** The digest claims in the state store after the app exited: (status, posted ts) per slot. */
async function digestClaims(stateDir: string): Promise<Array<{ status: string; ts: string | null }>> {
  const store = await openStore({ stateDir });
  try {
    const rows = await store.db
      .selectFrom('claims')
      .select(['status', 'result'])
      .where('scope', '=', 'digest')
      .execute();
    return rows.map((r) => ({ status: r.status, ts: (JSON.parse(r.result ?? '{}') as { ts?: string }).ts ?? null }));
  } finally {
    await store.close();
  }
}

describe('SIGTERM', () => {
  it('lets a command in flight answer, then exits 0', async () => {
    const { inbox, slack } = emulators();
    const app = await startApp({});
    inbox.controls.setLatency(1_500);
    const started = performance.now();
    const ack = await slack.sendCommand({ userId: ALICE, channelId: CHANNEL, text: 'noreply' });
    expect(performance.now() - started).toBeLessThan(ACK_LIMIT_MS);
    expect(ack.status).toBe(200);
    // The listener is now waiting for Inbox (1.5 s per call).
    app.child.kill('SIGTERM');
    const code = await app.exited;
    expect(code).toBe(0);
    const answers = slack.messages(CHANNEL, ALICE).filter((m) => !messageText(m).includes('Working on it'));
    expect(answers.map((m) => messageText(m)).join('\n')).toMatch(/awaiting reply/i);
    expect(app.output()).toMatch(/SIGTERM received/);
    expect(findSecrets(app.output())).toEqual([]);
  });

  it('while a digest run is in flight: the scheduler stops, no digest is half-posted, exit 0', async () => {
    const { inbox, slack } = emulators();
    const stateDir = mkdtempSync(join(tmpdir(), 'inbox-slack-shutdown-'));
    const app = await startApp({
      DIGEST_CHANNEL: DEMO_DIGEST_CHANNEL,
      DIGEST_SCHEDULE: '* * * * * *', // every second: a run is always in flight
      DIGEST_TIMEZONE: 'UTC',
      STATE_DIR: stateDir,
    });
    inbox.controls.setLatency(300);
    // Let at least one digest be posted, then slow Inbox down so the next run is mid-way at SIGTERM.
    await slack.waitFor(() => slack.messages(DEMO_DIGEST_CHANNEL).at(0), 15_000);
    inbox.controls.setLatency(1_500);
    await slack.waitFor(
      () => inbox.controls.requests().findLast((r) => r.path === '/threads' && r.ms >= 1_400),
      10_000,
    );
    const ack = await slack.sendCommand({ userId: ALICE, channelId: CHANNEL, text: 'noreply' });
    expect(ack.status).toBe(200);
    app.child.kill('SIGTERM');
    const code = await app.exited;
    expect(code).toBe(0);

    const claims = await digestClaims(stateDir);
    // No claim is left held (a digest half-way): each is done or released.
    expect(claims.filter((c) => c.status === 'held')).toEqual([]);
    const postedTs = claims
      .filter((c) => c.status === 'done' && c.ts)
      .map((c) => c.ts)
      .sort();
    const inSlack = slack
      .messages(DEMO_DIGEST_CHANNEL)
      .filter((m) => m.source === 'chat.postMessage')
      .map((m) => m.ts)
      .sort();
    // Every digest in the channel is recorded as posted, and every recorded post is in the channel.
    expect(inSlack).toEqual(postedTs);
    // The command sent just before SIGTERM was still answered.
    const answers = slack.messages(CHANNEL, ALICE).filter((m) => !messageText(m).includes('Working on it'));
    expect(answers.map((m) => messageText(m)).join('\n')).toMatch(/awaiting reply/i);
    expect(findSecrets(app.output())).toEqual([]);
  });
});
