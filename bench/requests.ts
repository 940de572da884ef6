/**
 * Inbox requests per user action, read from the emulator's request log, against the minimum: a list command
 * needs one GET /threads and a button needs one PATCH, with directory lookups (members, tags, statuses,
 * accounts) served from the cache. The first command after start shows what filling the cache costs.
 */
import {
  archiveClickBody,
  type Bench,
  commandBody,
  type SlackSink,
  sendSigned,
  someThreadId,
  startChildInbox,
  startRealApp,
  startSlackSink,
} from './support.js';

export interface RequestsBenchRow {
  action: string;
  /** Inbox API requests per action (mean over the repetitions). */
  perAction: number;
  minimum: number;
  repetitions: number;
  requests: string;
}

async function act(appUrl: string, sink: SlackSink, body: (responseUrl: string) => string): Promise<void> {
  const { id, url } = sink.responseUrl();
  const ack = await sendSigned(appUrl, body(url));
  if (ack.status !== 200) throw new Error(`ack HTTP ${ack.status}`);
  await sink.answered(id);
}

function summarize(log: string[]): string {
  const counts = new Map<string, number>();
  for (const line of log) {
    const key = line.replace(/\/threads\/[0-9a-z]+/, '/threads/{id}');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n}× ${k}`).join(', ');
}

export async function runRequestsBenchmark(repetitions = 20): Promise<RequestsBenchRow[]> {
  const inbox = await startChildInbox(0);
  const sink = await startSlackSink();
  const app = await startRealApp(inbox.url, sink.apiUrl);
  const rows: RequestsBenchRow[] = [];
  try {
    const threadId = await someThreadId(inbox.url);
    await inbox.clearRequests();

    await act(app.url, sink, (url) => commandBody('noreply', url));
    let log = await inbox.requests();
    rows.push({
      action: '/inbox noreply, first after start',
      perAction: log.length,
      minimum: 1,
      repetitions: 1,
      requests: summarize(log),
    });

    const cases: Array<[string, (url: string) => string, number]> = [
      ['/inbox noreply', (url) => commandBody('noreply', url), 1],
      ['/inbox noreply tag:"hot lead" unassigned', (url) => commandBody('noreply tag:"hot lead" unassigned', url), 1],
      ['Archive click', (url) => archiveClickBody(threadId, url), 1],
    ];
    for (const [action, body, minimum] of cases) {
      await inbox.clearRequests();
      for (let i = 0; i < repetitions; i++) await act(app.url, sink, body);
      log = await inbox.requests();
      rows.push({ action, perAction: log.length / repetitions, minimum, repetitions, requests: summarize(log) });
    }
  } finally {
    await app.stop();
    await sink.close();
    await inbox.close();
  }
  return rows;
}

export function requestsNotes(rows: RequestsBenchRow[]): string {
  const over = rows.filter((r) => r.repetitions > 1 && r.perAction > r.minimum);
  return [
    "Counted in the Inbox emulator's request log over repeated actions by one user, after the first command has",
    'filled the directory cache (the first row). The minimum is one list call per command and one PATCH per click.',
    '',
    over.length === 0
      ? '- Every repeated action makes exactly the minimum number of Inbox requests.'
      : over
          .map((r) => `- ${r.action}: ${r.perAction} requests for a minimum of ${r.minimum} (${r.requests}).`)
          .join('\n'),
  ].join('\n');
}

export const requestsBench: Bench = {
  id: 'requests',
  title: 'Inbox requests per command and per click',
  run: async () => (await runRequestsBenchmark()) as unknown as Record<string, unknown>[],
  notes: (rows) => requestsNotes(rows as unknown as RequestsBenchRow[]),
};
