/**
 * `npm run bench`: runs every benchmark in BENCHES and writes its section of docs/performance.md (between
 * `<!-- bench:<id>:start -->` and `<!-- bench:<id>:end -->`; other sections are left alone).
 *   npm run bench            # all
 *   npm run bench -- burst   # only the listed ids
 *
 * To add a benchmark: export a `Bench` (support.ts: id, title, run → rows, notes → Markdown) from your file in
 * bench/ and add it to BENCHES below. Start what you measure in its own process where it matters (processes.ts
 * starts the compiled app, the bare Bolt and floor apps; support.ts the Inbox emulator and the Slack stand-in).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { ackBench } from './ack.js';
import { burstBench } from './burst.js';
import { cardsBench } from './cards.js';
import { digestBench } from './digest.js';
import { liveBench } from './live.js';
import { memoryBench } from './memory.js';
import { requestsBench } from './requests.js';
import { startupBench } from './startup.js';
import { storeBench, storeRssBench } from './store.js';
import type { Bench } from './support.js';

const BENCHES: Bench[] = [
  startupBench,
  digestBench,
  ackBench,
  burstBench,
  requestsBench,
  cardsBench,
  liveBench,
  memoryBench,
  storeBench,
  storeRssBench,
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
