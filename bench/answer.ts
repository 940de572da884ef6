/**
 * Time to the answer: from sending a signed `/inbox noreply` to its answer arriving at the response_url, with
 * 20 ms injected on every Inbox API response, against one bare API round trip (GET /threads on the no-reply
 * view) at the same latency. One request at a time; the first command after start (directory not yet cached) is
 * reported on its own.
 */
import { Agent, request } from 'node:http';
import {
  commandBody,
  median,
  percentile,
  round,
  sendSigned,
  startChildInbox,
  startRealApp,
  startSlackSink,
} from './support.js';

export interface AnswerBenchRow {
  measure: string;
  samples: number;
  medianMs: number;
  p90Ms: number;
  /** Median ÷ the median API round trip. */
  vsRoundTrip: number;
}

export interface AnswerBenchOptions {
  samples?: number;
  latencyMs?: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

function roundTrip(url: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { authorization: 'Bearer bench', accept: 'application/json' }, agent },
      (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - started));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export async function runAnswerBenchmark(options: AnswerBenchOptions = {}): Promise<AnswerBenchRow[]> {
  const samples = options.samples ?? 40;
  const latencyMs = options.latencyMs ?? 20;
  const inbox = await startChildInbox(latencyMs);
  const sink = await startSlackSink();
  const app = await startRealApp(inbox.url, sink.apiUrl);
  try {
    const answerOnce = async () => {
      const { id, url } = sink.responseUrl();
      const started = performance.now();
      const ack = await sendSigned(app.url, commandBody('noreply', url));
      if (ack.status !== 200) throw new Error(`ack HTTP ${ack.status}`);
      const { at } = await sink.answered(id);
      return at - started;
    };
    const cold = await answerOnce();
    for (let i = 0; i < 5; i++) await answerOnce(); // warm-up
    const warm: number[] = [];
    for (let i = 0; i < samples; i++) warm.push(await answerOnce());

    const listUrl = `${inbox.url}/threads?inbox=no-reply&limit=10`;
    for (let i = 0; i < 5; i++) await roundTrip(listUrl);
    const trips: number[] = [];
    for (let i = 0; i < samples; i++) trips.push(await roundTrip(listUrl));

    const base = median(trips);
    const rowOf = (measure: string, values: number[]): AnswerBenchRow => ({
      measure,
      samples: values.length,
      medianMs: round(median(values)),
      p90Ms: round(percentile(values, 90)),
      vsRoundTrip: round(median(values) / base, 2),
    });
    return [
      rowOf(`one Inbox round trip (GET /threads, ${latencyMs} ms latency)`, trips),
      rowOf('/inbox noreply → answer at response_url (directory cached)', warm),
      rowOf('/inbox noreply → answer, first command after start (cold cache)', [cold]),
    ];
  } finally {
    await app.stop();
    await sink.close();
    await inbox.close();
  }
}

export function answerNotes(rows: AnswerBenchRow[]): string {
  const [trip, warm, cold] = rows;
  return [
    'One request at a time over loopback; Inbox adds 20 ms to every API response. The answer time runs from the',
    'first byte of the signed command to the answer arriving at the response_url (ack, parse, one list call, cards,',
    'POST to Slack). The floor is one API round trip: the command needs exactly one Inbox call once the directory',
    '(members, tags, statuses, accounts) is cached.',
    '',
    `- Answer median ${warm?.medianMs} ms = ${warm?.vsRoundTrip}× one round trip (${trip?.medianMs} ms); first command after start ${cold?.medianMs} ms (directory loaded once).`,
  ].join('\n');
}
