/**
 * What an Inbox event does in Slack, quietly:
 * - one card per Inbox thread per subscribed channel, posted on the first matching event and updated in
 *   place (chat.update) after that, with one short line per change in the card's Slack thread; a thread
 *   that comes back from the archive gets a new card and the old one points to it;
 * - a DM to the assignee when their prospect writes, and when someone else assigns them a thread (never
 *   about their own action: one taken through this app, or in Inbox when the payload names the actor);
 * - coalescing: per (channel, thread), the first change goes out at once, later ones within `coalesceMs`
 *   (and any that arrive while the post waits its turn) merge into one update;
 * - quiet hours hold a channel's posts and deliver one summary when they end;
 * - every post waits its turn in the channel's queue (about one per second), rate limits waited out.
 */
import type { Logger } from '@slack/bolt';
import {
  buildLiveCard,
  buildLiveDm,
  buildLiveLines,
  buildMovedCard,
  buildQuietSummary,
  type DmReason,
  type LiveLine,
  liveLineText,
} from '../blocks/live.js';
import type { LiveEventKind, QuietHours } from '../commands/grammar.js';
import type { InboxEvent, Thread } from '../inbox/schemas.js';
import type { InboxClient } from '../inbox/types.js';
import type { ActionJournal } from '../services/action-journal.js';
import type { Directory, DirectoryService } from '../services/directory.js';
import { describeSlackFailure, slackErrorCode } from '../services/failures.js';
import type { SlackUserLookup } from '../services/identity.js';
import { type Subscription, type SubscriptionStore, threadMatches } from '../services/subscriptions.js';
import { classifyEvent, type LiveChange } from './classify.js';
import type { CardIndex } from './ports.js';
import { inQuietHours, quietEndsAt } from './quiet.js';
import type { ChannelQueues, LiveSlack } from './slack-out.js';

export interface NotifierDeps {
  slack: LiveSlack;
  /** One job at a time per channel (and per DM), about one a second. */
  queues: ChannelQueues;
  cards: CardIndex;
  subscriptions: Pick<SubscriptionStore, 'list'>;
  directory: DirectoryService;
  identity: SlackUserLookup;
  journal: ActionJournal;
  /** Only for prospect.* events (their payload has no thread): the cards' threads are read again. */
  inbox: Pick<InboxClient, 'getThread'>;
  inboxAppUrl: string;
  clock: () => Date;
  logger: Logger;
  /** Default 10 s. */
  coalesceMs?: number;
  /** How long to wait for another replica that is posting the same card (default 10 s). */
  claimWaitMs?: number;
  /** Inbox members whose threads changed (the App Home redraws for them). */
  onThreadsChanged?: (memberIds: ReadonlyArray<string | null>) => void;
}

export interface NotifierStats {
  cardsPosted: number;
  cardsUpdated: number;
  cardsMoved: number;
  lines: number;
  dms: number;
  held: number;
  summaries: number;
  coalesced: number;
}

export interface Notifier {
  handle(event: InboxEvent): Promise<void>;
  /** Resolves when nothing is scheduled, waiting or being posted (quiet-hours summaries excepted). */
  idle(): Promise<void>;
  stats(): NotifierStats;
  stop(): Promise<void>;
}

interface ChannelJob {
  type: 'channel';
  key: string;
  /** Slack team of the channel. */
  teamId: string;
  channelId: string;
  thread: Thread;
  lines: LiveLine[];
  /** A subscription asked for this kind of change: post a card if the channel has none. */
  wantsNew: boolean;
}

interface DmJob {
  type: 'dm';
  key: string;
  userId: string;
  thread: Thread;
  reason: DmReason;
  count: number;
}

type Job = ChannelJob | DmJob;

interface QuietBucket {
  quiet: QuietHours;
  threads: Map<string, Thread>;
  changes: number;
  timer: NodeJS.Timeout;
}

export function createNotifier(deps: NotifierDeps): Notifier {
  const coalesceMs = deps.coalesceMs ?? 10_000;
  const claimWaitMs = deps.claimWaitMs ?? 10_000;
  const { logger } = deps;
  const pending = new Map<string, { job: Job; timer: NodeJS.Timeout | null }>();
  const lastRun = new Map<string, number>();
  const running = new Set<Promise<void>>();
  const quiet = new Map<string, QuietBucket>();
  const stats: NotifierStats = {
    cardsPosted: 0,
    cardsUpdated: 0,
    cardsMoved: 0,
    lines: 0,
    dms: 0,
    held: 0,
    summaries: 0,
    coalesced: 0,
  };
  let stopped = false;

  const now = () => deps.clock().getTime();
  const ctx = async () => ({ directory: await deps.directory.get(), now: deps.clock(), inboxAppUrl: deps.inboxAppUrl });

  function track(work: Promise<void>): void {
    const run = work.catch((error: unknown) => logger.error(`Live events: ${describeSlackFailure(error)}`));
    running.add(run);
    void run.finally(() => running.delete(run));
  }

  /** Queues `job`, or merges it into the one already waiting for the same (target, thread). */
  function schedule(job: Job): void {
    if (stopped) return;
    const waiting = pending.get(job.key);
    if (waiting) {
      merge(waiting.job, job);
      stats.coalesced++;
      return;
    }
    const entry: { job: Job; timer: NodeJS.Timeout | null } = { job, timer: null };
    pending.set(job.key, entry);
    const delay = Math.max(0, (lastRun.get(job.key) ?? Number.NEGATIVE_INFINITY) + coalesceMs - now());
    const start = () => {
      entry.timer = null;
      // Jobs run in the target's queue in the order they were scheduled (events are handled in seq order).
      const target = job.type === 'channel' ? `${job.teamId}:${job.channelId}` : `dm:${job.userId}`;
      track(deps.queues.run(target, () => (job.type === 'channel' ? runChannelJob(job) : runDmJob(job))));
    };
    if (delay === 0) start();
    else entry.timer = setTimeout(start, delay);
  }

  /** The job stops taking merges when its first Slack call starts (what it shows is read then). */
  function freeze(job: Job): void {
    pending.delete(job.key);
    lastRun.set(job.key, now());
    if (lastRun.size > 20_000) lastRun.delete(lastRun.keys().next().value as string);
  }

  function merge(into: Job, next: Job): void {
    into.thread = next.thread;
    if (into.type === 'channel' && next.type === 'channel') {
      into.wantsNew ||= next.wantsNew;
      for (const line of next.lines) addLine(into.lines, line);
    } else if (into.type === 'dm' && next.type === 'dm') {
      into.count += next.count;
      if (next.reason.kind === 'wrote' || into.reason.kind !== 'wrote') into.reason = next.reason;
    }
  }

  /** Runs in the channel's queue; what it shows is read now (later events merge into the next job). */
  async function runChannelJob(job: ChannelJob): Promise<void> {
    freeze(job);
    const team = job.teamId;
    let card = await deps.cards.get(team, job.channelId, job.thread.id);
    if (!card || card.ts === null) {
      if (!card && !job.wantsNew) return;
      if (
        !card &&
        (await deps.cards.claim(team, job.channelId, job.thread.id, job.thread.prospect.externalId ?? null))
      ) {
        await postCard(team, job);
        return;
      }
      // Another replica is posting this card: wait for its ts, then update it.
      card = await waitForCard(team, job.channelId, job.thread.id);
      if (!card?.ts) {
        logger.warn(`Live events: no card for thread ${job.thread.id} in ${job.channelId} after waiting; skipped`);
        return;
      }
    }
    const ts = card.ts as string;
    const c = await ctx();
    if (card.archived && !job.thread.done) {
      await moveCard(team, job, ts, c);
      return;
    }
    try {
      await call(job, () =>
        deps.slack.update(job.channelId, ts, buildLiveCard(job.thread, c, noteOf(job.lines, job.thread, c.directory))),
      );
    } catch (error) {
      if (slackErrorCode(error) !== 'message_not_found') throw error;
      // Someone deleted the card: post a fresh one rather than lose the update.
      await postCard(team, job);
      return;
    }
    stats.cardsUpdated++;
    await deps.cards.save(team, { ...card, ts, archived: job.thread.done });
    if (job.lines.length > 0) await postLines(job, ts, c.directory);
  }

  const call = <T>(job: ChannelJob, run: () => Promise<T>) => deps.queues.call(job.channelId, run);

  async function postCard(team: string, job: ChannelJob): Promise<void> {
    const c = await ctx();
    try {
      const posted = await call(job, () =>
        deps.slack.post(job.channelId, buildLiveCard(job.thread, c, noteOf(job.lines, job.thread, c.directory))),
      );
      stats.cardsPosted++;
      await deps.cards.save(team, {
        channelId: job.channelId,
        threadId: job.thread.id,
        ts: posted.ts,
        archived: job.thread.done,
        prospectId: job.thread.prospect.externalId ?? null,
      });
    } catch (error) {
      await deps.cards.release(team, job.channelId, job.thread.id);
      throw error;
    }
  }

  /** The thread came back from the archive: a new card in view, the old one points to it. */
  async function moveCard(team: string, job: ChannelJob, oldTs: string, c: Awaited<ReturnType<typeof ctx>>) {
    const posted = await call(job, () =>
      deps.slack.post(job.channelId, buildLiveCard(job.thread, c, noteOf(job.lines, job.thread, c.directory))),
    );
    await deps.cards.save(team, {
      channelId: job.channelId,
      threadId: job.thread.id,
      ts: posted.ts,
      archived: false,
      prospectId: job.thread.prospect.externalId ?? null,
    });
    stats.cardsMoved++;
    const link = await deps.slack.permalink(job.channelId, posted.ts);
    await call(job, () => deps.slack.update(job.channelId, oldTs, buildMovedCard(job.thread, link)));
    if (job.lines.length > 0) await postLines(job, posted.ts, c.directory);
  }

  async function postLines(job: ChannelJob, ts: string, directory: Directory) {
    await call(job, () => deps.slack.post(job.channelId, buildLiveLines(job.lines, job.thread, directory), ts));
    stats.lines++;
  }

  async function waitForCard(team: string, channelId: string, threadId: string) {
    const until = now() + claimWaitMs;
    for (;;) {
      const card = await deps.cards.get(team, channelId, threadId);
      if (!card || card.ts !== null || now() >= until || stopped) return card;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function runDmJob(job: DmJob): Promise<void> {
    freeze(job);
    const c = await ctx();
    await deps.queues.call(`dm:${job.userId}`, () =>
      deps.slack.post(job.userId, buildLiveDm(job.thread, c, job.reason)),
    );
    stats.dms++;
  }

  /** Quiet hours: true when every subscription of the channel that wants this change is quiet now. */
  function holdIfQuiet(channelId: string, subs: Subscription[], thread: Thread): boolean {
    const at = deps.clock();
    const quietSubs = subs.filter((s) => s.quiet && inQuietHours(s.quiet, s.timezone, at));
    if (quietSubs.length === 0 || quietSubs.length < subs.length) return false;
    const first = quietSubs[0] as Subscription & { quiet: QuietHours };
    let bucket = quiet.get(channelId);
    if (!bucket) {
      const ends = Math.max(...quietSubs.map((s) => quietEndsAt(s.quiet as QuietHours, s.timezone, at).getTime()));
      const timer = setTimeout(() => track(flushQuiet(channelId)), Math.max(0, ends - at.getTime()));
      bucket = { quiet: first.quiet, threads: new Map(), changes: 0, timer };
      quiet.set(channelId, bucket);
    }
    bucket.threads.set(thread.id, thread);
    bucket.changes++;
    stats.held++;
    return true;
  }

  async function flushQuiet(channelId: string): Promise<void> {
    const bucket = quiet.get(channelId);
    quiet.delete(channelId);
    if (!bucket || bucket.threads.size === 0) return;
    const c = await ctx();
    const threads = [...bucket.threads.values()].reverse();
    await deps.queues.run(channelId, () =>
      deps.queues.call(channelId, () =>
        deps.slack.post(channelId, buildQuietSummary(threads, bucket.changes, bucket.quiet, c)),
      ),
    );
    stats.summaries++;
  }

  async function actorOf(change: LiveChange): Promise<string | null> {
    if (change.kind === 'assigned') {
      const viaApp = await deps.journal.actor(change.thread.id, 'assign');
      if (viaApp) return viaApp;
      if (change.actorUserId) {
        const member = (await deps.directory.get()).members.find((m) => m.userId === change.actorUserId);
        return member ? deps.identity.slackUserFor(member.id) : null;
      }
      return null;
    }
    if (change.kind === 'archived') return deps.journal.actor(change.thread.id, 'archive');
    if (change.kind === 'unarchived') return deps.journal.actor(change.thread.id, 'reopen');
    return null;
  }

  async function threadsOf(change: LiveChange, teams: string[]): Promise<Thread[]> {
    if ('thread' in change) return [change.thread];
    if (change.kind !== 'prospect') return [];
    const cards = (await Promise.all(teams.map((t) => deps.cards.byProspect(t, change.prospectId)))).flat();
    const ids = [...new Set(cards.map((c) => c.threadId))];
    return Promise.all(ids.map((id) => deps.inbox.getThread(id, { priority: 'notification' })));
  }

  async function handle(event: InboxEvent): Promise<void> {
    const change = classifyEvent(event);
    if (change.kind === 'ignored' || change.kind === 'deleted') {
      logger.debug(`Live events: ${change.kind === 'ignored' ? change.reason : 'thread deleted'} (seq ${event.seq})`);
      return;
    }
    // One installation: every subscription is the workspace's; each carries its Slack team for the card keys.
    const subs = await deps.subscriptions.list();
    const byChannel = new Map<string, Subscription[]>();
    for (const s of subs)
      byChannel.set(`${s.teamId}:${s.channelId}`, [...(byChannel.get(`${s.teamId}:${s.channelId}`) ?? []), s]);
    const actor = await actorOf(change);
    const kind = kindOf(change);
    const line = lineOf(change, actor);
    const threads = await threadsOf(change, [...new Set(subs.map((s) => s.teamId))]);

    for (const thread of threads) {
      deps.onThreadsChanged?.([thread.assigneeId]);
      for (const channelSubs of byChannel.values()) {
        const { teamId, channelId } = channelSubs[0] as Subscription;
        const wanting = kind ? channelSubs.filter((s) => s.events.includes(kind) && threadMatches(thread, s)) : [];
        const card = await deps.cards.get(teamId, channelId, thread.id);
        if (wanting.length === 0 && !card) continue;
        if (holdIfQuiet(channelId, wanting.length > 0 ? wanting : channelSubs, thread)) continue;
        schedule({
          type: 'channel',
          key: `${teamId}:${channelId}:${thread.id}`,
          teamId,
          channelId,
          thread,
          lines: line ? [line] : [],
          wantsNew: wanting.length > 0,
        });
      }
      await scheduleDm(change, thread, actor);
    }
  }

  async function scheduleDm(change: LiveChange, thread: Thread, actor: string | null): Promise<void> {
    let reason: DmReason | null = null;
    if (change.kind === 'inbound' && thread.assigneeId) reason = { kind: 'wrote', content: change.message.content };
    if (change.kind === 'assigned' && change.assigneeId) reason = { kind: 'assigned', bySlackUserId: actor };
    if (!reason || !thread.assigneeId) return;
    const userId = await deps.identity.slackUserFor(thread.assigneeId);
    // Nobody is notified about their own action.
    if (!userId || userId === actor) return;
    schedule({ type: 'dm', key: `dm:${userId}:${thread.id}`, userId, thread, reason, count: 1 });
  }

  return {
    handle,
    async idle() {
      for (;;) {
        await Promise.all([...running]);
        await deps.queues.idle();
        if (running.size === 0 && pending.size === 0) return;
        if (running.size === 0) await new Promise((r) => setTimeout(r, 20));
      }
    },
    stats: () => ({ ...stats }),
    async stop() {
      stopped = true;
      for (const { timer } of pending.values()) if (timer) clearTimeout(timer);
      pending.clear();
      for (const bucket of quiet.values()) clearTimeout(bucket.timer);
      quiet.clear();
      // Posts still waiting for their channel's turn are dropped (a shutdown must not take minutes); the one
      // in flight per channel gets a few seconds to finish.
      deps.queues.clear();
      await Promise.race([Promise.all([...running]), new Promise((r) => setTimeout(r, 5_000).unref())]);
    },
  };
}

/** Which subscription event a change is (null: it only updates a card that already exists). */
function kindOf(change: LiveChange): LiveEventKind | null {
  switch (change.kind) {
    case 'inbound':
      return change.request ? 'requests' : 'replies';
    case 'created':
      return change.thread.isRequest ? 'requests' : null;
    case 'assigned':
      return 'assigned';
    case 'archived':
    case 'unarchived':
      return 'archived';
    default:
      return null;
  }
}

function lineOf(change: LiveChange, actor: string | null): LiveLine | null {
  switch (change.kind) {
    case 'inbound':
      return { kind: 'inbound', count: 1, content: change.message.content, request: change.request };
    case 'outbound':
      return {
        kind: 'outbound',
        count: 1,
        content: change.message.content,
        authorUserId: change.message.userId ?? null,
      };
    case 'assigned':
      return { kind: 'assigned', assigneeId: change.assigneeId, bySlackUserId: actor };
    case 'archived':
      return { kind: 'archived', bySlackUserId: actor };
    case 'unarchived':
      return { kind: 'unarchived', bySlackUserId: actor };
    case 'prospect':
      return { kind: 'prospect', change: change.change };
    default:
      return null;
  }
}

/** Merges a line into a job's lines: messages in a row count up, a newer assignment replaces the older. */
function addLine(lines: LiveLine[], line: LiveLine): void {
  const last = lines.at(-1);
  if (last && (last.kind === 'inbound' || last.kind === 'outbound') && last.kind === line.kind) {
    last.count += (line as { count: number }).count;
    last.content = (line as { content: string }).content;
    return;
  }
  if (line.kind === 'assigned') {
    const at = lines.findIndex((l) => l.kind === 'assigned');
    if (at >= 0) lines.splice(at, 1);
  }
  lines.push(line);
}

/** The card's note: what happened last (the line), or nothing. */
function noteOf(lines: readonly LiveLine[], thread: Thread, directory: Directory): string | undefined {
  const last = lines.at(-1);
  if (!last || last.kind === 'inbound' || last.kind === 'outbound') return undefined;
  return liveLineText(last, thread, directory);
}
