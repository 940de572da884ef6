/**
 * Memory under a long run: 10,000 signed `/inbox noreply` commands (50 in flight) through the real app, with RSS
 * and heap read after a full GC at checkpoints. The growth between the 2,000th and the 10,000th command must stay
 * under a fixed bound (nothing per request is kept: no per-user caches without limits, no listeners left behind).
 * Runs itself in a child `node --expose-gc` (a process of its own) and reads the rows back.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  type Bench,
  commandBody,
  mb,
  runConcurrent,
  sendSigned,
  startChildInbox,
  startRealApp,
  startSlackSink,
} from './support.js';

export interface MemoryBenchRow {
  commands: number;
  rssMb: number;
  heapUsedMb: number;
  /** RSS above the 2,000-command checkpoint. */
  rssGrowthMb: number;
  heapGrowthMb: number;
  boundMb: number;
  withinBound: boolean;
}

export interface MemoryBenchOptions {
  total?: number;
  concurrency?: number;
  checkpoints?: number[];
  /** Allowed RSS growth after the first checkpoint. */
  boundMb?: number;
}

const CHILD_FLAG = '--memory-bench-child';

export async function runMemoryBenchmark(options: MemoryBenchOptions = {}): Promise<MemoryBenchRow[]> {
  // Always in a fresh process of its own (with --expose-gc), so other benchmarks' heaps do not blur the figures.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc || process.argv[2] !== CHILD_FLAG) return runInChild(options);
  const total = options.total ?? 10_000;
  const concurrency = options.concurrency ?? 50;
  const checkpoints = options.checkpoints ?? [2_000, 4_000, 6_000, 8_000, 10_000];
  const boundMb = options.boundMb ?? 32;
  const inbox = await startChildInbox(0);
  const sink = await startSlackSink();
  const app = await startRealApp(inbox.url, sink.apiUrl);
  const rows: MemoryBenchRow[] = [];
  try {
    let done = 0;
    let base: { rss: number; heap: number } | null = null;
    for (const checkpoint of checkpoints.filter((c) => c <= total)) {
      await runConcurrent(checkpoint - done, concurrency, async () => {
        const { id, url } = sink.responseUrl();
        const ack = await sendSigned(app.url, commandBody('noreply', url));
        if (ack.status !== 200) throw new Error(`ack HTTP ${ack.status}`);
        await sink.answered(id);
      });
      done = checkpoint;
      await inbox.clearRequests(); // the emulator's request log is the child's memory, but keep it small
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((resolve) => setImmediate(resolve));
      }
      const usage = process.memoryUsage();
      base ??= { rss: usage.rss, heap: usage.heapUsed };
      rows.push({
        commands: checkpoint,
        rssMb: mb(usage.rss),
        heapUsedMb: mb(usage.heapUsed),
        rssGrowthMb: mb(usage.rss - base.rss),
        heapGrowthMb: mb(usage.heapUsed - base.heap),
        boundMb,
        withinBound: usage.rss - base.rss <= boundMb * 1024 * 1024,
      });
    }
  } finally {
    await app.stop();
    await sink.close();
    await inbox.close();
  }
  return rows;
}

function runInChild(options: MemoryBenchOptions): Promise<MemoryBenchRow[]> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', script, CHILD_FLAG, JSON.stringify(options)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`memory benchmark child exited ${code}`));
      try {
        resolve(JSON.parse(line) as MemoryBenchRow[]);
      } catch {
        reject(new Error(`memory benchmark child printed no rows: ${line.slice(0, 200)}`));
      }
    });
  });
}

export function memoryNotes(rows: MemoryBenchRow[]): string {
  const first = rows[0];
  const last = rows.at(-1);
  return [
    '10,000 signed `/inbox noreply` commands, 50 in flight, each answered at the response_url (Inbox emulator in a',
    'child process, no injected latency). Memory of a fresh process running only the app, the load generator and',
    'the Slack stand-in, after three full GCs at each checkpoint; growth is measured from the 2,000-command',
    'checkpoint, once caches, JIT and sockets are warm.',
    '',
    first && last
      ? `- RSS ${first.rssMb} MB after ${first.commands.toLocaleString('en-US')} commands, ${last.rssMb} MB after ${last.commands.toLocaleString('en-US')} (growth ${last.rssGrowthMb} MB, bound ${last.boundMb} MB: ${last.withinBound ? 'within' : 'EXCEEDED'}); heap ${first.heapUsedMb} → ${last.heapUsedMb} MB.`
      : '- no rows',
  ].join('\n');
}

if (process.argv[2] === CHILD_FLAG) {
  const options = JSON.parse(process.argv[3] ?? '{}') as MemoryBenchOptions;
  runMemoryBenchmark(options).then(
    (rows) => {
      process.stdout.write(`${JSON.stringify(rows)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

export const memoryBench: Bench = {
  id: 'memory',
  title: 'Memory over 10,000 commands',
  run: async () => (await runMemoryBenchmark()) as unknown as Record<string, unknown>[],
  notes: (rows) => memoryNotes(rows as unknown as MemoryBenchRow[]),
};
