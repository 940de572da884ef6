/**
 * Acks, answers and CPU with every party in its own process (issue 13): the app compiled and started as `npm start`
 * does, a bare Bolt app and the "floor" (bare Bolt + one Inbox call + one answer) started the same way, the Inbox
 * emulator (20 ms per response) in another process, and this process as Slack: the load generator plus the
 * response_url sink. One app runs at a time; every ratio compares figures of the same run.
 *
 * Per app: 200 `/inbox noreply` commands at once, each on a new connection; 500 with 50 in flight over warm
 * keep-alive sockets (ack, time to the answer at the response_url, CPU per command from /proc/<pid>/stat);
 * 1,000 with 200 in flight; the process's RSS at the end.
 */

import {
  type AppKind,
  buildApp,
  burstOnNewConnections,
  keepAliveAgent,
  type ProcessApp,
  type Sent,
  startProcessApp,
  warmConcurrent,
} from './processes.js';
import type { Bench } from './support.js';
import { commandBody, percentile, round, type SlackSink, startChildInbox, startSlackSink } from './support.js';

export interface AckBenchRow {
  app: AppKind;
  scenario: string;
  requests: number;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  non200: number;
  answerP50Ms: number | null;
  answerP99Ms: number | null;
  cpuPerCommandMs: number | null;
  rssMb: number | null;
}

export interface AckBenchOptions {
  latencyMs?: number;
  newConnections?: number;
  warm50?: number;
  warm200?: number;
}

const NEW = 'new connections, all at once';
const WARM50 = '50 in flight, warm';
const WARM200 = '200 in flight, warm';

async function settle(sink: SlackSink, ids: string[], timeoutMs = 60_000): Promise<number[]> {
  const answers = await Promise.race([
    Promise.all(ids.map((id) => sink.answered(id))),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs).unref()),
  ]);
  if (!answers) throw new Error(`not every command was answered within ${timeoutMs} ms`);
  return answers.map((a) => a.at);
}

function bodies(sink: SlackSink, n: number): { ids: string[]; bodies: string[] } {
  const ids: string[] = [];
  const list: string[] = [];
  for (let i = 0; i < n; i++) {
    const { id, url } = sink.responseUrl();
    ids.push(id);
    list.push(commandBody('noreply', url));
  }
  return { ids, bodies: list };
}

async function measureApp(kind: AppKind, sink: SlackSink, inboxUrl: string, o: Required<AckBenchOptions>) {
  const answers = kind !== 'bare Bolt';
  const app: ProcessApp = await startProcessApp(kind, { slackApiUrl: sink.apiUrl, inboxUrl });
  const rows: AckBenchRow[] = [];
  const row = (scenario: string, sent: Sent[], answerMs: number[] | null, cpu: number | null, rss: number | null) => {
    const acks = sent.map((s) => s.ackMs);
    rows.push({
      app: kind,
      scenario,
      requests: sent.length,
      ackP50Ms: round(percentile(acks, 50)),
      ackP99Ms: round(percentile(acks, 99)),
      ackMaxMs: round(Math.max(...acks)),
      non200: sent.filter((s) => s.status !== 200).length,
      answerP50Ms: answerMs ? round(percentile(answerMs, 50)) : null,
      answerP99Ms: answerMs ? round(percentile(answerMs, 99)) : null,
      cpuPerCommandMs: cpu,
      rssMb: rss,
    });
  };
  try {
    // Warm-up: JIT, Bolt's auth.test, the directory cache, keep-alive sockets to Inbox and Slack.
    const warmAgent = keepAliveAgent(200);
    const warm = bodies(sink, 200);
    await warmConcurrent(app.url, warm.bodies, 50, warmAgent);
    if (answers) await settle(sink, warm.ids);

    const burst = bodies(sink, o.newConnections);
    const burstSent = await burstOnNewConnections(app.url, burst.bodies);
    if (answers) await settle(sink, burst.ids);
    row(NEW, burstSent, null, null, null);

    const fifty = bodies(sink, o.warm50);
    const agent50 = keepAliveAgent(50);
    await warmConcurrent(app.url, bodies(sink, 50).bodies, 50, agent50); // open the 50 sockets
    if (answers) await new Promise((r) => setTimeout(r, 500)); // let those 50 answer
    const cpuBefore = app.cpuMs();
    const fiftySent = await warmConcurrent(app.url, fifty.bodies, 50, agent50);
    const fiftyAnswered = answers ? await settle(sink, fifty.ids) : null;
    const cpu = round((app.cpuMs() - cpuBefore) / o.warm50, 2);
    row(
      WARM50,
      fiftySent,
      fiftyAnswered ? fiftyAnswered.map((at, i) => at - (fiftySent[i] as Sent).startedAt) : null,
      cpu,
      null,
    );

    const twoHundred = bodies(sink, o.warm200);
    const twoHundredSent = await warmConcurrent(app.url, twoHundred.bodies, 200, warmAgent);
    if (answers) await settle(sink, twoHundred.ids);
    row(WARM200, twoHundredSent, null, null, app.rssMb());
    warmAgent.destroy();
    agent50.destroy();
  } finally {
    await app.stop();
  }
  return rows;
}

export async function runAckBenchmark(options: AckBenchOptions = {}): Promise<AckBenchRow[]> {
  const o: Required<AckBenchOptions> = {
    latencyMs: options.latencyMs ?? 20,
    newConnections: options.newConnections ?? 200,
    warm50: options.warm50 ?? 500,
    warm200: options.warm200 ?? 1_000,
  };
  buildApp();
  const inbox = await startChildInbox(o.latencyMs);
  const sink = await startSlackSink();
  const rows: AckBenchRow[] = [];
  try {
    for (const kind of ['bare Bolt', 'floor', 'inbox-slack'] as const) {
      rows.push(...(await measureApp(kind, sink, inbox.url, o)));
    }
  } finally {
    await sink.close();
    await inbox.close();
  }
  return rows;
}

// ---------------------------------------------------------------- goals

const find = (rows: AckBenchRow[], app: AppKind, scenario: string) =>
  rows.find((r) => r.app === app && r.scenario === scenario);

const verdict = (met: boolean) => (met ? '**met**' : '**not met**');

export function ackGoals(rows: AckBenchRow[]): string[] {
  const bareNew = find(rows, 'bare Bolt', NEW);
  const appNew = find(rows, 'inbox-slack', NEW);
  const floor50 = find(rows, 'floor', WARM50);
  const app50 = find(rows, 'inbox-slack', WARM50);
  if (!bareNew || !appNew || !floor50 || !app50) return ['- incomplete run'];
  const ackRatio = appNew.ackP99Ms / bareNew.ackP99Ms;
  const cpuRatio = (app50.cpuPerCommandMs ?? 0) / (floor50.cpuPerCommandMs ?? 1);
  const answerRatio = (app50.answerP50Ms ?? 0) / (floor50.answerP50Ms ?? 1);
  return [
    `- Ack p99 on a burst of ${appNew.requests} new connections: ${appNew.ackP99Ms} ms = ${round(ackRatio, 2)}× bare Bolt's ${bareNew.ackP99Ms} ms (goal ≤ 1.5× and under 1,000 ms): ${verdict(ackRatio <= 1.5 && appNew.ackMaxMs < 1_000)}.`,
    `- CPU per command: ${app50.cpuPerCommandMs} ms = ${round(cpuRatio, 2)}× the floor's ${floor50.cpuPerCommandMs} ms (goal ≤ 1.3×): ${verdict(cpuRatio <= 1.3)}.`,
    `- Time to the answer p50 at 50 in flight: ${app50.answerP50Ms} ms = ${round(answerRatio, 2)}× the floor's ${floor50.answerP50Ms} ms (goal ≤ 1.3×): ${verdict(answerRatio <= 1.3)}.`,
  ];
}

export function ackNotes(rows: AckBenchRow[]): string {
  return [
    'Every party in its own process over loopback: the app compiled and started as `npm start` starts it',
    '(`node dist/src/main.js`, `NODE_ENV=production`, default log level), the bare Bolt app (listeners that only ack) and',
    'the floor (bare Bolt + one `GET /threads` + one response_url answer) as plain JavaScript run by node, the Inbox',
    'emulator (20 ms per response) in another process, and the benchmark process as Slack (load generator and',
    'response_url sink). One app at a time, after 200 warm-up commands. Acks are timed from the first byte sent',
    "to the end of the HTTP response (Slack's 3-second clock); answers from the first byte to the answer's arrival",
    "at the response_url. CPU per command is the app process's own utime + stime (/proc/<pid>/stat, 10 ms ticks)",
    'over the 500 commands at 50 in flight, answering included; RSS is read from /proc/<pid>/status at the end.',
    'The machine has 2 cores shared with other work: compare ratios within this run, not absolute figures.',
    '',
    ...ackGoals(rows),
  ].join('\n');
}

export const ackBench: Bench = {
  id: 'ack',
  title: 'Acks, answers, CPU and RSS (app, bare Bolt and floor in their own processes)',
  run: async () => (await runAckBenchmark()) as unknown as Record<string, unknown>[],
  notes: (rows) => ackNotes(rows as unknown as AckBenchRow[]),
};
