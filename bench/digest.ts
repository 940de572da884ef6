/**
 * Digest benchmark: the whole scheduled run (directory, paging the no-reply view, summary, Block Kit) over N
 * no-reply threads in the Inbox emulator with injected latency, through the real Inbox client over HTTP.
 * The Slack post goes to an in-memory poster (Slack is not what is measured).
 *
 * Reported per case: wall time against the lower bound (sequential pages × latency), Inbox list requests
 * against ⌈N/100⌉, and peak RSS / heapUsed above the pre-run baseline (sampled every 2 ms; run node with
 * --expose-gc for a cleaner baseline). The emulator runs in a child process, so the memory figures are the
 * digest's own (client, pages in flight, counters, top K, blocks).
 */
import type { Logger } from '@slack/bolt';
import { DIGEST_DEFAULTS } from '../src/config.js';
import { createDigestClaims } from '../src/digest/claims.js';
import { createDigest } from '../src/digest/job.js';
import type { DigestPoster } from '../src/digest/poster.js';
import { createInboxClient } from '../src/inbox/client.js';
import { createDirectoryService } from '../src/services/directory.js';
import { openStore } from '../src/store/index.js';
import { procCpuMs } from './processes.js';
import { type Bench, startChildInbox } from './support.js';

export interface DigestBenchRow {
  threads: number;
  accounts: number;
  paging: 'sequential' | 'production default (per account)';
  /** Inbox GET /threads requests made. */
  listRequests: number;
  /** ⌈N/100⌉: what a sequential walk needs. */
  minRequests: number;
  wallMs: number;
  /** Sequential bound: ⌈N/100⌉ × latency. */
  sequentialBoundMs: number;
  /** Per-account bound: the largest account's pages × latency (per-account rows only). */
  parallelBoundMs: number | null;
  /** The emulator process's CPU time over the run ÷ list requests, ms. */
  emulatorCpuPerPageMs: number | null;
  peakRssDeltaMb: number;
  /** Peak heapUsed above the baseline, garbage included. */
  peakHeapDeltaMb: number;
  /** heapUsed above the baseline after the run and a full GC (null without --expose-gc): what the run keeps. */
  retainedHeapMb: number | null;
  total: number;
  blocks: number;
}

export interface DigestBenchOptions {
  sizes?: number[];
  accounts?: number;
  latencyMs?: number;
  concurrency?: number;
}

const silent: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => 'error' as ReturnType<Logger['getLevel']>,
  setName() {},
};

interface ControlRequest {
  method: string;
  route: string | null;
  query: Record<string, string | string[]>;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export async function runDigestBenchmark(options: DigestBenchOptions = {}): Promise<DigestBenchRow[]> {
  const sizes = options.sizes ?? [1_000, 10_000];
  const accounts = options.accounts ?? 4;
  const latencyMs = options.latencyMs ?? 20;
  const rows: DigestBenchRow[] = [];
  // Each run resets the emulator, which restores its 300 requests/minute team limit: the parallel paging stays within it.
  const emulator = await startChildInbox(latencyMs);
  const gc = (globalThis as { gc?: () => void }).gc;
  try {
    for (const n of sizes) {
      for (const paging of ['sequential', 'production default (per account)'] as const) {
        await emulator.control('POST', '/reset');
        await emulator.control('POST', '/latency', { ms: latencyMs });
        await emulator.control('POST', '/large-team', { noReplyThreads: n, accounts });
        await emulator.control('DELETE', '/requests');

        const inbox = createInboxClient({ baseUrl: emulator.url, token: 'bench-token' });
        let blocks = 0;
        const poster: DigestPoster = {
          async postMessage(args) {
            blocks = args.blocks.length;
            return { ts: '1.000001' };
          },
        };
        const store = await openStore({ sqliteFile: ':memory:' });
        const digest = createDigest({
          inbox,
          directory: createDirectoryService(inbox, []),
          poster,
          claims: createDigestClaims(store, { teamId: async () => 'T0BENCH001', ttlMs: 120_000 }),
          clock: () => new Date(),
          logger: silent,
          config: { ...DIGEST_DEFAULTS, channel: 'C0BENCH001' },
          inboxAppUrl: 'https://app.inboxapp.com/threads/{threadId}',
          ...(paging === 'sequential' ? { paging } : {}),
          ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        });

        gc?.();
        const base = process.memoryUsage();
        let peakRss = base.rss;
        let peakHeap = base.heapUsed;
        const sampler = setInterval(() => {
          const m = process.memoryUsage();
          if (m.rss > peakRss) peakRss = m.rss;
          if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
        }, 2);
        const emulatorCpuBefore = procCpuMs(emulator.pid);
        const started = performance.now();
        const outcome = await digest.postNow({ kind: 'cli' });
        const emulatorCpuMs = procCpuMs(emulator.pid) - emulatorCpuBefore;
        const wallMs = performance.now() - started;
        clearInterval(sampler);
        const end = process.memoryUsage();
        peakRss = Math.max(peakRss, end.rss);
        peakHeap = Math.max(peakHeap, end.heapUsed);
        gc?.();
        const retained = gc ? mb(process.memoryUsage().heapUsed - base.heapUsed) : null;
        inbox.close();
        await store.close();
        if (outcome.status !== 'posted') throw new Error(`digest benchmark run failed: ${JSON.stringify(outcome)}`);

        const lists = ((await emulator.control('GET', '/requests')) as ControlRequest[]).filter(
          (r) => r.method === 'GET' && r.route === '/threads',
        );
        const listRequests = lists.length;
        // Pages per account, from what the per-account walks asked for (each names one accountLinkIds).
        const pagesByAccount = new Map<string, number>();
        for (const r of lists) {
          const key = String(r.query['accountLinkIds[0]'] ?? r.query.accountLinkIds ?? 'all');
          pagesByAccount.set(key, (pagesByAccount.get(key) ?? 0) + 1);
        }
        const largestAccountPages = Math.max(...pagesByAccount.values());
        rows.push({
          threads: n,
          accounts,
          paging,
          listRequests,
          minRequests: Math.ceil(n / 100),
          wallMs: Math.round(wallMs),
          sequentialBoundMs: Math.ceil(n / 100) * latencyMs,
          parallelBoundMs: paging === 'sequential' ? null : largestAccountPages * latencyMs,
          emulatorCpuPerPageMs: Math.round((emulatorCpuMs / listRequests) * 100) / 100,
          peakRssDeltaMb: mb(peakRss - base.rss),
          peakHeapDeltaMb: mb(peakHeap - base.heapUsed),
          retainedHeapMb: retained,
          total: outcome.total,
          blocks,
        });
      }
    }
  } finally {
    await emulator.close();
  }
  return rows;
}

function digestNotes(rows: DigestBenchRow[]): string {
  const lines = rows.map((r) => {
    const vsSeq = (r.wallMs / r.sequentialBoundMs).toFixed(2);
    return `- ${r.threads.toLocaleString('en-US')} threads, ${r.paging}: ${r.wallMs} ms (${vsSeq}× the sequential bound of ${r.sequentialBoundMs} ms), ${r.listRequests} list requests for ⌈N/100⌉ = ${r.minRequests}, emulator CPU ${r.emulatorCpuPerPageMs ?? '?'} ms per page, peak heap +${r.peakHeapDeltaMb} MB, retained after GC ${r.retainedHeapMb ?? '?'} MB.`;
  });
  const goal = rows.find((r) => r.threads === 10_000 && r.paging === 'production default (per account)');
  const goalLine = goal
    ? `- Goal (10,000 threads over ${goal.accounts} accounts at 20 ms: ≤ 0.6× the sequential bound with at most ⌈N/100⌉ + one per account list requests): ${(goal.wallMs / goal.sequentialBoundMs).toFixed(2)}×, ${goal.listRequests} requests for at most ${goal.minRequests + goal.accounts}: ${goal.wallMs / goal.sequentialBoundMs <= 0.6 && goal.listRequests <= goal.minRequests + goal.accounts ? '**met**' : '**not met**'}.`
    : '- Goal: no 10,000-thread row in this run.';
  return [
    'The full run (directory, every page of the `no-reply` view at limit 100, summary, Block Kit) through the real',
    'Inbox client (and its scheduler, at background priority) against the emulator in a child process with 20 ms',
    'injected latency per request; the post goes to an in-memory poster. `sequentialBoundMs` = ⌈N/100⌉ × latency;',
    "`parallelBoundMs` = the largest account's pages × latency. The production default walks each connected account",
    'in parallel (`accountLinkIds`) whenever the digest covers more than one; `sequential` is forced for comparison.',
    "The emulator's CPU per page is its process's utime + stime over the run (/proc) divided by the list requests:",
    'pages seek to their cursor in a sorted index, so this stays flat as N grows. Memory is the bench process only.',
    '',
    ...lines,
    goalLine,
  ].join('\n');
}

export const digestBench: Bench = {
  id: 'digest',
  title: 'Scheduled digest',
  run: async () => (await runDigestBenchmark()) as unknown as Record<string, unknown>[],
  notes: (rows) => digestNotes(rows as unknown as DigestBenchRow[]),
};
