/**
 * Ack latency: signed `/inbox noreply` commands and Archive clicks over HTTP, 50 in flight at a time, against the
 * real app and against a bare Bolt app that only acks (same receiver, same process, same run). Then again with
 * the Inbox emulator answering after 5 s: the app acks before it calls Inbox, so the ack must not move.
 * The time is from the first byte sent to the end of the HTTP response (what Slack's 3-second timer sees).
 */
import {
  type AppUnderTest,
  archiveClickBody,
  commandBody,
  median,
  percentile,
  round,
  runConcurrent,
  type SlackSink,
  sendSigned,
  someThreadId,
  startBareBolt,
  startChildInbox,
  startRealApp,
  startSlackSink,
} from './support.js';

export interface AckBenchRow {
  app: 'bare Bolt' | 'inbox-slack';
  request: '/inbox noreply' | 'Archive click';
  inboxLatencyMs: number;
  requests: number;
  concurrency: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** p50 of this row ÷ p50 of the bare Bolt app for the same request. */
  p50VsBare: number | null;
  non200: number;
}

export interface AckBenchOptions {
  requests?: number;
  concurrency?: number;
  slowInboxMs?: number;
}

type Kind = AckBenchRow['request'];

async function measure(
  app: AppUnderTest,
  sink: SlackSink,
  kind: Kind,
  threadId: string,
  total: number,
  concurrency: number,
): Promise<{ ms: number[]; non200: number; ids: string[] }> {
  const ids: string[] = [];
  const results = await runConcurrent(total, concurrency, async () => {
    const { id, url } = sink.responseUrl();
    ids.push(id);
    const body = kind === '/inbox noreply' ? commandBody('noreply', url) : archiveClickBody(threadId, url);
    return sendSigned(app.url, body);
  });
  return { ms: results.map((r) => r.ms), non200: results.filter((r) => r.status !== 200).length, ids };
}

/** Waits until the app has answered every request (so background work does not spill into the next case). */
async function settle(sink: SlackSink, ids: string[], timeoutMs = 60_000): Promise<void> {
  await Promise.race([
    Promise.all(ids.map((id) => sink.answered(id))),
    new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
  ]);
}

export async function runAckBenchmark(options: AckBenchOptions = {}): Promise<AckBenchRow[]> {
  const total = options.requests ?? 500;
  const concurrency = options.concurrency ?? 50;
  const slowMs = options.slowInboxMs ?? 5_000;
  const inbox = await startChildInbox(0);
  const sink = await startSlackSink();
  const bare = await startBareBolt(sink.apiUrl);
  const real = await startRealApp(inbox.url, sink.apiUrl);
  const rows: AckBenchRow[] = [];
  try {
    const threadId = await someThreadId(inbox.url);
    const bareP50 = new Map<Kind, number>();
    for (const kind of ['/inbox noreply', 'Archive click'] as const) {
      // Warm both apps (JIT, keep-alive sockets, the directory cache, Bolt's auth.test).
      await measure(bare, sink, kind, threadId, 100, concurrency);
      await settle(sink, (await measure(real, sink, kind, threadId, 100, concurrency)).ids);

      const floor = await measure(bare, sink, kind, threadId, total, concurrency);
      bareP50.set(kind, median(floor.ms));
      rows.push(row('bare Bolt', kind, 0, floor, concurrency, bareP50.get(kind) ?? null));

      const fast = await measure(real, sink, kind, threadId, total, concurrency);
      await settle(sink, fast.ids);
      rows.push(row('inbox-slack', kind, 0, fast, concurrency, bareP50.get(kind) ?? null));

      // Inbox answers after 5 s: fewer requests (each holds an Inbox socket for 5 s), same concurrency.
      await inbox.control('POST', '/latency', { ms: slowMs });
      const slow = await measure(real, sink, kind, threadId, Math.min(total, 200), concurrency);
      await inbox.control('POST', '/latency', { ms: 0 });
      await settle(sink, slow.ids);
      rows.push(row('inbox-slack', kind, slowMs, slow, concurrency, bareP50.get(kind) ?? null));
    }
  } finally {
    await real.stop();
    await bare.stop();
    await sink.close();
    await inbox.close();
  }
  return rows;
}

function row(
  app: AckBenchRow['app'],
  request: Kind,
  inboxLatencyMs: number,
  run: { ms: number[]; non200: number },
  concurrency: number,
  bareP50: number | null,
): AckBenchRow {
  const p50 = median(run.ms);
  return {
    app,
    request,
    inboxLatencyMs,
    requests: run.ms.length,
    concurrency,
    p50Ms: round(p50, 2),
    p99Ms: round(percentile(run.ms, 99), 2),
    maxMs: round(Math.max(...run.ms), 2),
    p50VsBare: bareP50 ? round(p50 / bareP50, 2) : null,
    non200: run.non200,
  };
}

export function ackNotes(rows: AckBenchRow[]): string {
  const find = (app: string, request: string, latency: number) =>
    rows.find((r) => r.app === app && r.request === request && r.inboxLatencyMs === latency);
  const lines = (['/inbox noreply', 'Archive click'] as const).map((request) => {
    const bare = find('bare Bolt', request, 0);
    const fast = find('inbox-slack', request, 0);
    const slow = rows.find((r) => r.app === 'inbox-slack' && r.request === request && r.inboxLatencyMs > 0);
    if (!bare || !fast || !slow) return `- ${request}: incomplete`;
    return `- ${request}: p50 ${fast.p50Ms} ms (${fast.p50VsBare}× bare Bolt's ${bare.p50Ms} ms), p99 ${fast.p99Ms} ms; with Inbox at ${slow.inboxLatencyMs / 1000} s: p50 ${slow.p50Ms} ms, p99 ${slow.p99Ms} ms (limit 3,000 ms).`;
  });
  return [
    'Signed requests over loopback HTTP with keep-alive, 50 in flight at a time, timed from the first byte sent to',
    "the end of the response (Slack's 3-second clock). The bare Bolt app has the same HTTPReceiver settings and",
    'listeners that only ack. Both apps and the load generator share one Node process; the Inbox emulator runs in',
    'a child process. The app acks before any Inbox call, so the 5-second Inbox rows must stay in the same range',
    'as the fast ones (the work after the ack competes for the same event loop, which is what the p99 shows).',
    '',
    ...lines,
  ].join('\n');
}
