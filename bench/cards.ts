/**
 * Cards against the team's size: for teams of 5, 100 and 500 Inbox members, the size of a 10-card
 * `/inbox noreply` answer (its blocks, as the app posts them), the click Slack sends back from that message (it
 * echoes the whole message, and the app refuses bodies over 256 KiB), the options the Assign menu loads on
 * demand, and the CPU the app spends per answer. The real app over HTTP, the Inbox emulator in a child process
 * loaded with a generated team of that size and 300 no-reply threads. Everything in one run, side by side.
 */
import { request } from 'node:http';
import { slackSignatureHeaders } from '../sandbox/slack-emulator/index.js';
import { ActionIds, findThreadIds } from '../src/blocks/ids.js';
import {
  archiveClickBody,
  BENCH_CHANNEL,
  BENCH_SECRETS,
  BENCH_USER,
  type Bench,
  commandBody,
  median,
  round,
  sendSigned,
  startChildInbox,
  startRealApp,
  startSlackSink,
} from './support.js';

export interface CardsBenchRow {
  members: number;
  cards: number;
  blocksKb: number;
  /** The block_actions body Slack sends for a click on that message (it carries the whole message). */
  clickBodyKb: number;
  /** Options the Assign menu loads when opened (capped at 100 by Slack). */
  menuOptions: number;
  menuAnswerKb: number;
  /** CPU of the bench process (the app; the emulator is a child process) per `/inbox noreply`, median of rounds. */
  cpuMsPerAnswer: number;
  /** cpuMsPerAnswer ÷ the same for the 5-member team. */
  cpuVs5: number;
}

const TEAMS = [5, 100, 500] as const;
const ROUNDS = 5;
const PER_ROUND = 10;

/** Opens the Assign menu of a card: a signed block_suggestion; resolves with the app's answer body. */
function loadMenu(url: string, threadId: string): Promise<string> {
  const payload = {
    type: 'block_suggestion',
    user: { id: BENCH_USER, team_id: 'T0ACMEGROW' },
    container: { type: 'message', message_ts: '1.000001', channel_id: BENCH_CHANNEL, is_ephemeral: true },
    api_app_id: 'A0INBOXAPP',
    token: 'bench',
    action_id: ActionIds.assignSelect,
    block_id: `thread:${threadId}:actions`,
    value: '',
    team: { id: 'T0ACMEGROW', domain: 'acme-growth' },
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(Buffer.byteLength(body)),
    ...slackSignatureHeaders(BENCH_SECRETS.signingSecret, body),
  };
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString()));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const kb = (s: string) => round(Buffer.byteLength(s) / 1024, 1);

export async function runCardsBenchmark(): Promise<CardsBenchRow[]> {
  const inbox = await startChildInbox(0);
  const sink = await startSlackSink();
  const rows: CardsBenchRow[] = [];
  try {
    for (const members of TEAMS) {
      await inbox.control('POST', '/large-team', { noReplyThreads: 300, members });
      // A fresh app per team: its directory cache must hold this team.
      const app = await startRealApp(inbox.url, sink.apiUrl);
      try {
        const answerOnce = async () => {
          const { id, url } = sink.responseUrl();
          const ack = await sendSigned(app.url, commandBody('noreply', url));
          if (ack.status !== 200) throw new Error(`ack HTTP ${ack.status}`);
          return JSON.parse((await sink.answered(id)).body) as { text: string; blocks: unknown[] };
        };
        for (let i = 0; i < 3; i++) await answerOnce(); // warm-up: directory, identity, JIT
        const cpu: number[] = [];
        let answer = await answerOnce();
        for (let r = 0; r < ROUNDS; r++) {
          const before = process.cpuUsage();
          for (let i = 0; i < PER_ROUND; i++) answer = await answerOnce();
          const used = process.cpuUsage(before);
          cpu.push((used.user + used.system) / 1000 / PER_ROUND);
        }
        const ids = findThreadIds(answer.blocks as never);
        const threadId = ids[0] ?? '';
        const menu = await loadMenu(app.url, threadId);
        const options = (JSON.parse(menu) as { options?: unknown[] }).options ?? [];
        rows.push({
          members,
          cards: ids.length,
          blocksKb: kb(JSON.stringify(answer.blocks)),
          clickBodyKb: kb(
            archiveClickBody(threadId, 'https://hooks.slack.com/actions/T0ACMEGROW/1/bench', BENCH_USER, answer),
          ),
          menuOptions: options.length,
          menuAnswerKb: kb(menu),
          cpuMsPerAnswer: round(median(cpu), 2),
          cpuVs5: 0,
        });
      } finally {
        await app.stop();
      }
    }
  } finally {
    await sink.close();
    await inbox.close();
  }
  const base = rows[0]?.cpuMsPerAnswer ?? Number.NaN;
  for (const row of rows) row.cpuVs5 = round(row.cpuMsPerAnswer / base, 2);
  return rows;
}

export function cardsNotes(rows: CardsBenchRow[]): string {
  const small = rows[0];
  const big = rows.at(-1);
  const same = small && big && small.blocksKb === big.blocksKb;
  return [
    'A 10-card `/inbox noreply` answer from the real app (HTTP, signed), with the Inbox emulator in a child process',
    "loaded with a generated team of N members and 300 no-reply threads. `blocksKb`: the answer's blocks as posted;",
    '`clickBodyKb`: the form-encoded block_actions body Slack sends back for a click on that message (Slack echoes the',
    'whole message; the app refuses bodies over 256 KiB); `menuOptions`/`menuAnswerKb`: the Assign menu opened on a',
    'card (a signed block_suggestion; Slack shows at most 100); `cpuMsPerAnswer`: CPU of the bench process per answer',
    `(median of ${ROUNDS} rounds of ${PER_ROUND}); \`cpuVs5\`: against the 5-member team in the same run.`,
    '',
    small && big
      ? `- ${big.members} members: ${big.blocksKb} KB of blocks (target < 50 KB)${same ? ', the same as for 5 members' : ` vs ${small.blocksKb} KB for 5`}; a click is ${big.clickBodyKb} KB; CPU per answer ${big.cpuVs5}× the 5-member team's.`
      : '',
  ].join('\n');
}

export const cardsBench: Bench = {
  id: 'cards',
  title: 'Cards against the team size (5, 100, 500 members)',
  run: async () => (await runCardsBenchmark()) as unknown as Record<string, unknown>[],
  notes: (rows) => cardsNotes(rows as unknown as CardsBenchRow[]),
};
