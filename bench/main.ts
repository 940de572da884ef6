/**
 * `npm run bench`: runs every benchmark module in BENCHES and writes its section of docs/performance.md
 * (between `<!-- bench:<id>:start -->` and `<!-- bench:<id>:end -->`; other sections are left alone).
 * To add a benchmark: export a function returning rows (plain objects) and add one entry below.
 *   npm run bench            # all
 *   npm run bench -- digest  # only the listed ids
 */
import { readFile, writeFile } from 'node:fs/promises';
import { type AckBenchRow, ackNotes, runAckBenchmark } from './ack.js';
import { type AnswerBenchRow, answerNotes, runAnswerBenchmark } from './answer.js';
import { type CardsBenchRow, cardsNotes, runCardsBenchmark } from './cards.js';
import { type DigestBenchRow, runDigestBenchmark } from './digest.js';
import { type MemoryBenchRow, memoryNotes, runMemoryBenchmark } from './memory.js';
import { type RequestsBenchRow, requestsNotes, runRequestsBenchmark } from './requests.js';

interface Bench {
  id: string;
  title: string;
  /** Markdown shown above the table: what is measured, how, and how to read it. */
  notes: (rows: Record<string, unknown>[]) => string;
  run: () => Promise<Record<string, unknown>[]>;
}

const BENCHES: Bench[] = [
  {
    id: 'digest',
    title: 'Scheduled digest',
    run: async () => (await runDigestBenchmark()) as unknown as Record<string, unknown>[],
    notes: (rows) => digestNotes(rows as unknown as DigestBenchRow[]),
  },
  {
    id: 'ack',
    title: 'Acknowledgement latency (50 concurrent)',
    run: async () => (await runAckBenchmark()) as unknown as Record<string, unknown>[],
    notes: (rows) => ackNotes(rows as unknown as AckBenchRow[]),
  },
  {
    id: 'answer',
    title: 'Time to the answer',
    run: async () => (await runAnswerBenchmark()) as unknown as Record<string, unknown>[],
    notes: (rows) => answerNotes(rows as unknown as AnswerBenchRow[]),
  },
  {
    id: 'requests',
    title: 'Inbox requests per command and per click',
    run: async () => (await runRequestsBenchmark()) as unknown as Record<string, unknown>[],
    notes: (rows) => requestsNotes(rows as unknown as RequestsBenchRow[]),
  },
  {
    id: 'cards',
    title: 'Cards against the team size (5, 100, 500 members)',
    run: async () => (await runCardsBenchmark()) as unknown as Record<string, unknown>[],
    notes: (rows) => cardsNotes(rows as unknown as CardsBenchRow[]),
  },
  {
    id: 'memory',
    title: 'Memory over 10,000 commands',
    run: async () => (await runMemoryBenchmark()) as unknown as Record<string, unknown>[],
    notes: (rows) => memoryNotes(rows as unknown as MemoryBenchRow[]),
  },
];

const DOC = new URL('../docs/performance.md', import.meta.url);

function table(rows: Record<string, unknown>[]): string {
  const first = rows[0];
  if (!first) return '_no rows_';
  const keys = Object.keys(first);
  return [
    `| ${keys.join(' | ')} |`,
    `| ${keys.map(() => '---').join(' | ')} |`,
    ...rows.map(
      (r) => `| ${keys.map((k) => (r[k] === null || r[k] === undefined ? '—' : String(r[k]))).join(' | ')} |`,
    ),
  ].join('\n');
}

function digestNotes(rows: DigestBenchRow[]): string {
  const lines = rows.map((r) => {
    const vsSeq = (r.wallMs / r.sequentialBoundMs).toFixed(2);
    return `- ${r.threads.toLocaleString('en-US')} threads, ${r.paging}: ${r.wallMs} ms (${vsSeq}× the sequential bound of ${r.sequentialBoundMs} ms), ${r.listRequests} list requests for ⌈N/100⌉ = ${r.minRequests}, peak heap +${r.peakHeapDeltaMb} MB, retained after GC ${r.retainedHeapMb ?? '?'} MB.`;
  });
  return [
    'The full run (directory, every page of the `no-reply` view at limit 100, summary, Block Kit) through the real',
    'Inbox client against the emulator with 20 ms injected latency per request; the post goes to an in-memory poster.',
    "`sequentialBoundMs` = ⌈N/100⌉ × latency; `parallelBoundMs` = the largest account's pages × latency (the floor",
    "for `per-account`, which walks each connected account's threads in parallel with `accountLinkIds`, at most one",
    'walk per account: 4 concurrent requests, well inside 300 requests/minute). Per-account paging costs up to one',
    'extra request per account (each walk ends on its own partial page). Memory is measured in the bench process',
    'only (the emulator runs in a child process): the peak above the pre-run baseline, sampled every 2 ms (garbage',
    'included), and what is still held after a full GC. Run with `node --expose-gc --import tsx bench/main.ts` for',
    'the retained figure. The emulator sorts every matching thread on each page (~30 ms CPU per full-view page at',
    '10,000 threads), which is most of the gap between the sequential wall time and its bound.',
    '',
    ...lines,
  ].join('\n');
}

function section(bench: Bench, rows: Record<string, unknown>[], when: string): string {
  return [
    `<!-- bench:${bench.id}:start -->`,
    `## ${bench.title}`,
    '',
    `_Measured ${when} on Node ${process.version}, ${process.platform}/${process.arch}._`,
    '',
    bench.notes(rows),
    '',
    table(rows),
    `<!-- bench:${bench.id}:end -->`,
  ].join('\n');
}

async function main(argv: string[]): Promise<void> {
  const selected = argv.length > 0 ? BENCHES.filter((b) => argv.includes(b.id)) : BENCHES;
  let doc = await readFile(DOC, 'utf8').catch(() => '# Performance\n\nWritten by `npm run bench`.\n');
  for (const bench of selected) {
    process.stdout.write(`bench: ${bench.id}…\n`);
    const rows = await bench.run();
    process.stdout.write(`${table(rows)}\n\n`);
    const text = section(bench, rows, new Date().toISOString().slice(0, 10));
    const pattern = new RegExp(`<!-- bench:${bench.id}:start -->[\\s\\S]*?<!-- bench:${bench.id}:end -->`);
    doc = pattern.test(doc) ? doc.replace(pattern, text) : `${doc.trimEnd()}\n\n${text}\n`;
  }
  await writeFile(DOC, doc.endsWith('\n') ? doc : `${doc}\n`);
  process.stdout.write(`bench: wrote ${DOC.pathname}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error('bench failed:', error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
