/**
 * One pipeline for both sources (webhook deliveries and GET /events polling): per Inbox team, events are
 * handled in `seq` order, each event ID at most once across replicas (the ledger's first-seen record), and
 * the last seq handled is stored so a restart resumes where it stopped.
 *
 * - An event at or below the stored seq is a duplicate or a replay: dropped.
 * - An event past the next expected seq is held; if the missing ones do not arrive within the reorder
 *   window (deliveries may come out of order), the gap is backfilled from GET /events.
 * - With no stored seq (a fresh install), the first event starts the sequence: nothing from before the app
 *   was set up is replayed into Slack. Polling from nothing skips events older than the pipeline's start.
 */
import type { Logger } from '@slack/bolt';
import type { InboxEvent } from '../inbox/schemas.js';
import type { InboxClient } from '../inbox/types.js';
import { describeInboxFailure } from '../services/failures.js';
import type { EventLedger } from './ports.js';

export interface PipelineDeps {
  inbox: Pick<InboxClient, 'iterateEvents'>;
  ledger: EventLedger;
  /** Handles one event, once. Should return quickly (the Slack side queues its own work). */
  handle(event: InboxEvent): Promise<void>;
  logger: Logger;
  clock: () => Date;
  /** How long an out-of-order event waits for the missing seq before a backfill (default 2 s). */
  reorderWindowMs?: number;
  /** Page size for GET /events (default 100). */
  pageSize?: number;
}

export interface PipelineStats {
  received: number;
  handled: number;
  duplicates: number;
  backfills: number;
  backfilled: number;
}

export interface EventPipeline {
  /** A verified webhook delivery: queued at once, handled in the background. */
  receive(event: InboxEvent): void;
  /** Reads GET /events from the stored seq until hasMore is false (the poller; also the backfill). */
  catchUp(inboxTeamId: string): Promise<void>;
  /** Resolves when nothing is queued, held for a gap, or being handled. */
  idle(): Promise<void>;
  stats(): PipelineStats;
  stop(): Promise<void>;
}

interface TeamState {
  chain: Promise<void>;
  /** A fresh install's starting point, set once the first deliveries had a reorder window to arrive. */
  baseline: number | null;
  held: Map<number, InboxEvent>;
  gapTimer: NodeJS.Timeout | null;
}

export function createEventPipeline(deps: PipelineDeps): EventPipeline {
  const { ledger, logger } = deps;
  const startedAt = deps.clock().getTime();
  const reorderWindowMs = deps.reorderWindowMs ?? 2_000;
  const teams = new Map<string, TeamState>();
  const stats: PipelineStats = { received: 0, handled: 0, duplicates: 0, backfills: 0, backfilled: 0 };
  let stopped = false;

  const team = (id: string): TeamState => {
    let state = teams.get(id);
    if (!state) {
      state = { chain: Promise.resolve(), baseline: null, held: new Map(), gapTimer: null };
      teams.set(id, state);
    }
    return state;
  };

  /** Runs `work` after everything queued for the team (one team's events never interleave in a process). */
  const enqueue = (teamId: string, work: () => Promise<void>): Promise<void> => {
    const state = team(teamId);
    const run = state.chain.then(work).catch((error: unknown) => {
      logger.error(`Inbox events: ${describeInboxFailure(error)}`);
    });
    state.chain = run;
    return run;
  };

  async function handleOnce(event: InboxEvent): Promise<void> {
    if (await ledger.firstSeen(event.teamId, event.id, event.seq, event.type)) {
      stats.handled++;
      try {
        await deps.handle(event);
      } catch (error) {
        logger.error(`Inbox event ${event.type} (seq ${event.seq}) failed: ${describeInboxFailure(error)}`);
      }
    } else stats.duplicates++;
    await ledger.advance(event.teamId, event.seq);
  }

  /** Handles the held events that continue the stored sequence; schedules a backfill if a gap remains. */
  async function drain(teamId: string): Promise<void> {
    const state = team(teamId);
    let cursor = (await ledger.lastSeq(teamId)) ?? state.baseline;
    if (cursor === null) {
      // A fresh install: after one reorder window, the lowest event received starts the sequence.
      if (state.held.size > 0 && !state.gapTimer && !stopped) {
        state.gapTimer = setTimeout(() => {
          state.gapTimer = null;
          void enqueue(teamId, async () => {
            if (state.held.size > 0) state.baseline = Math.min(...state.held.keys()) - 1;
            await drain(teamId);
          });
        }, reorderWindowMs);
      }
      return;
    }
    for (const seq of [...state.held.keys()]) {
      if (cursor !== null && seq <= cursor) {
        state.held.delete(seq);
        stats.duplicates++;
      }
    }
    while (cursor !== null) {
      const next = state.held.get(cursor + 1);
      if (!next) break;
      state.held.delete(cursor + 1);
      await handleOnce(next);
      cursor += 1;
    }
    if (state.held.size > 0 && !state.gapTimer && !stopped) {
      state.gapTimer = setTimeout(() => {
        state.gapTimer = null;
        void enqueue(teamId, async () => {
          // Another replica may have moved the stored seq meanwhile: drain first, then backfill what is left.
          await drain(teamId);
          if (state.held.size > 0) await backfill(teamId);
        });
      }, reorderWindowMs);
    }
  }

  async function backfill(teamId: string): Promise<void> {
    stats.backfills++;
    await readFromLedger(teamId, true);
    const state = team(teamId);
    // Whatever was held is now at or below the stored seq (it came back through /events) unless /events no
    // longer has it (older than 7 days): then the held events simply continue the sequence.
    const cursor = (await ledger.lastSeq(teamId)) ?? 0;
    const rest = [...state.held.values()].filter((e) => e.seq > cursor).sort((a, b) => a.seq - b.seq);
    state.held.clear();
    for (const event of rest) await handleOnce(event);
  }

  /** Reads every page after the stored seq and handles each event in order. */
  async function readFromLedger(teamId: string, isBackfill: boolean): Promise<void> {
    const from = await ledger.lastSeq(teamId);
    // Notification priority: a user's command or click goes first when the team's quota runs short.
    const pages = deps.inbox.iterateEvents(
      { afterSeq: from, limit: deps.pageSize ?? 100 },
      { priority: 'notification' },
    );
    for await (const page of pages) {
      for (const event of page.events) {
        if (stopped) return;
        if (from === null && Date.parse(event.timestamp) < startedAt) {
          // Polling from nothing: history from before the app started only sets the starting point.
          await ledger.advance(event.teamId, event.seq);
          continue;
        }
        if (isBackfill) stats.backfilled++;
        const current = await ledger.lastSeq(event.teamId);
        if (current !== null && event.seq <= current) continue;
        await handleOnce(event);
      }
    }
  }

  return {
    receive(event) {
      if (stopped) return;
      stats.received++;
      void enqueue(event.teamId, async () => {
        team(event.teamId).held.set(event.seq, event);
        await drain(event.teamId);
      });
    },
    catchUp: (teamId) =>
      enqueue(teamId, async () => {
        await readFromLedger(teamId, false);
        await drain(teamId);
      }),
    async idle() {
      for (;;) {
        const states = [...teams.values()];
        const chains = states.map((s) => s.chain);
        await Promise.all(chains);
        const waiting = states.some((s) => s.gapTimer !== null);
        if (!waiting && states.every((s, i) => s.chain === chains[i])) return;
        if (waiting) await new Promise((r) => setTimeout(r, 20));
      }
    },
    stats: () => ({ ...stats }),
    async stop() {
      stopped = true;
      for (const state of teams.values()) {
        if (state.gapTimer) clearTimeout(state.gapTimer);
        state.gapTimer = null;
      }
      await Promise.all([...teams.values()].map((s) => s.chain));
    },
  };
}
