/**
 * Monday 9:00 (issue 13): N users click Archive on a card within 10 s while an on-demand digest runs over 2,000
 * no-reply threads on 4 accounts, against the team's 300 requests/minute Inbox quota (the emulator's sliding
 * window, 20 ms per response). The app is compiled and in its own process (a fresh start: its directory cache is
 * cold, as after a deploy), the emulator in another, this process is Slack.
 *
 * Reported: Inbox requests the app sent and how many were answered 429; users who heard back within 5 s (the
 * answer, or the "queued behind N requests" update) and how long they waited for their first word and their
 * answer; the digest's completion time from the start of the burst.
 */
import { buildApp, keepAliveAgent, post, type Sent, startProcessApp } from './processes.js';
import {
  archiveClickBody,
  type Bench,
  burstUser,
  commandBody,
  percentile,
  round,
  startChildInbox,
  startSlackSink,
} from './support.js';

export interface BurstBenchRow {
  users: number;
  clickWindowS: number;
  quotaPerMinute: number;
  digestThreads: number;
  inboxRequests: number;
  answered429: number;
  heardWithin5s: number;
  firstWordP50Ms: number;
  firstWordMaxMs: number;
  answerP50Ms: number;
  answerP99Ms: number;
  answerMaxMs: number;
  /** Answers that are an error (e.g. "Inbox is rate-limiting this team"). */
  failed: number;
  queuedUpdates: number;
  digestDoneMs: number | null;
}

export interface BurstOptions {
  users?: number[];
  windowMs?: number;
  threads?: number;
  accounts?: number;
  latencyMs?: number;
  quota?: number;
}

const DIGEST_CHANNEL = 'C0DIGEST01';

interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

async function runOnce(users: number, o: Required<Omit<BurstOptions, 'users'>>): Promise<BurstBenchRow> {
  const inbox = await startChildInbox(o.latencyMs);
  const sink = await startSlackSink();
  try {
    await inbox.control('POST', '/reset'); // the 300/minute limit, an empty window
    await inbox.control('POST', '/latency', { ms: o.latencyMs });
    await inbox.control('POST', '/large-team', { noReplyThreads: o.threads, accounts: o.accounts });
    // The threads the users click (read before the app starts; these requests count in the window too).
    const threadIds: string[] = [];
    let cursor = '';
    while (threadIds.length < users) {
      const res = await fetch(`${inbox.url}/threads?inbox=no-reply&limit=100${cursor}`, {
        headers: { authorization: 'Bearer bench' },
      });
      const page = (await res.json()) as {
        threads: Array<{ id: string }>;
        nextCursor: { id: string; timestamp: string } | null;
      };
      threadIds.push(...page.threads.map((t) => t.id));
      if (!page.nextCursor) break;
      cursor = `&cursorId=${page.nextCursor.id}&cursorTimestamp=${encodeURIComponent(page.nextCursor.timestamp)}`;
    }
    await inbox.control('POST', '/rate-limit', { perMinute: o.quota });
    await inbox.clearRequests();

    const app = await startProcessApp('inbox-slack', {
      slackApiUrl: sink.apiUrl,
      inboxUrl: inbox.url,
      extra: { DIGEST_CHANNEL },
    });
    try {
      const agent = keepAliveAgent(256);
      const t0 = performance.now();
      const digestCommand = sink.responseUrl();
      const digestSent = post(app.url, commandBody('digest post', digestCommand.url), agent);
      const clicks: Array<{ id: string; sent: Promise<Sent> }> = [];
      for (let i = 0; i < users; i++) {
        const due = t0 + (i * o.windowMs) / users;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const { id, url } = sink.responseUrl();
        const threadId = threadIds[i % threadIds.length] as string;
        clicks.push({ id, sent: post(app.url, archiveClickBody(threadId, url, burstUser(i)), agent) });
      }
      await digestSent;
      let answeredCount = 0;
      const answers = await Promise.race([
        Promise.all(
          clicks.map(async (c) => {
            const result = { sent: await c.sent, answer: await sink.answered(c.id), id: c.id };
            answeredCount++;
            return result;
          }),
        ),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 180_000).unref()),
      ]);
      if (!answers) {
        const heard = clicks.filter((c) => sink.firstPostAt(c.id) !== undefined).length;
        throw new Error(`burst: ${answeredCount}/${users} clicks answered within 180 s (${heard} heard back)`);
      }
      // The digest: its post in the channel (or its command's answer, if it failed).
      const digestAnswer = await Promise.race([
        sink.answered(digestCommand.id),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 180_000).unref()),
      ]);
      const digestPost = sink.channelPosts().find((p) => p.channel === DIGEST_CHANNEL);
      if (!digestPost && digestAnswer)
        process.stderr.write(`burst: the digest did not post: ${digestAnswer.body.slice(0, 300)}\n`);
      agent.destroy();

      const log = (await inbox.control('GET', '/requests')) as LoggedRequest[];
      const firstWord = answers.map((a) => (sink.firstPostAt(a.id) ?? Number.POSITIVE_INFINITY) - a.sent.startedAt);
      const answerMs = answers.map((a) => a.answer.at - a.sent.startedAt);
      return {
        users,
        clickWindowS: o.windowMs / 1000,
        quotaPerMinute: o.quota,
        digestThreads: o.threads,
        inboxRequests: log.length,
        answered429: log.filter((r) => r.status === 429).length,
        heardWithin5s: firstWord.filter((ms) => ms <= 5_000).length,
        firstWordP50Ms: round(percentile(firstWord, 50)),
        firstWordMaxMs: round(Math.max(...firstWord)),
        answerP50Ms: round(percentile(answerMs, 50)),
        answerP99Ms: round(percentile(answerMs, 99)),
        answerMaxMs: round(Math.max(...answerMs)),
        failed: answers.filter((a) => a.answer.body.includes('⚠️')).length,
        queuedUpdates: answers.filter((a) => sink.firstPostAt(a.id) !== a.answer.at).length,
        digestDoneMs: digestPost ? Math.round(digestPost.at - t0) : null,
      };
    } finally {
      await app.stop();
    }
  } finally {
    await sink.close();
    await inbox.close();
  }
}

export async function runBurstBenchmark(options: BurstOptions = {}): Promise<BurstBenchRow[]> {
  const o = {
    windowMs: options.windowMs ?? 10_000,
    threads: options.threads ?? 2_000,
    accounts: options.accounts ?? 4,
    latencyMs: options.latencyMs ?? 20,
    quota: options.quota ?? 300,
  };
  buildApp();
  const rows: BurstBenchRow[] = [];
  for (const users of options.users ?? [200, 400]) rows.push(await runOnce(users, o));
  return rows;
}

const verdict = (met: boolean) => (met ? '**met**' : '**not met**');

export function burstNotes(rows: BurstBenchRow[]): string {
  const lines = rows.map((r) => {
    const met429 = r.answered429 === 0;
    const metHeard = r.heardWithin5s === r.users;
    const metDigest = r.digestDoneMs !== null && r.digestDoneMs <= r.clickWindowS * 1000 + 60_000;
    return [
      `- ${r.users} users in ${r.clickWindowS} s + the digest of ${r.digestThreads.toLocaleString('en-US')} threads, quota ${r.quotaPerMinute}/min: ${r.inboxRequests} Inbox requests, ${r.answered429} answered 429 (goal 0: ${verdict(met429)});`,
      `  ${r.heardWithin5s}/${r.users} users heard back within 5 s (goal all: ${verdict(metHeard)}; first word p50 ${r.firstWordP50Ms} ms, max ${r.firstWordMaxMs} ms; ${r.queuedUpdates} got a "queued" update first),`,
      `  answers p50 ${r.answerP50Ms} ms, p99 ${r.answerP99Ms} ms, max ${r.answerMaxMs} ms, ${r.failed} of them an error;`,
      `  digest posted ${r.digestDoneMs === null ? 'never' : `${r.digestDoneMs} ms`} after the burst began (goal: within one quota minute of the burst: ${verdict(metDigest)}).`,
    ].join('\n');
  });
  return [
    'The app compiled and freshly started in its own process (cold directory cache), the Inbox emulator in another',
    '(2,000 no-reply threads over 4 accounts, 20 ms per response, its sliding 300 requests/minute team window),',
    'this process as Slack. At t = 0 a member runs `/inbox digest post` (on demand: background priority in the',
    'Inbox scheduler); then N users (each a different Slack user, linked to an Inbox member by email) click',
    'Archive on a different card, evenly over 10 s. "First word" is the first response_url post a user gets',
    '(the answer, or "Queued behind N requests to Inbox"); the answer is the redrawn card or an error. The 400-user',
    'row asks for more than one quota minute holds, on purpose.',
    '',
    ...lines,
  ].join('\n');
}

export const burstBench: Bench = {
  id: 'burst',
  title: 'A burst of clicks and a digest against the 300/minute Inbox quota',
  run: async () => (await runBurstBenchmark()) as unknown as Record<string, unknown>[],
  notes: (rows) => burstNotes(rows as unknown as BurstBenchRow[]),
};
