/**
 * Publishes a person's Home tab ("My queue"): reads their queue, builds the view, one views.publish. `refresh`
 * publishes now; `refreshSoon` is debounced per person (views.publish has its own rate limit, and one thread
 * change often comes with others), for whoever learns that a person's thread changed (live events).
 * `threadsChanged(memberIds)` refreshes, soon, everyone who has opened their Home and is one of those members.
 */
import type { Logger } from '@slack/bolt';
import type { HomeView } from '@slack/types';
import { buildHomeView, HOME_MAX_AWAITING_CARDS, type HomeState } from '../../blocks/home-view.js';
import { InboxApiError } from '../../inbox/errors.js';
import { describeInboxFailure, describeSlackFailure } from '../../services/failures.js';
import type { QueueService } from '../../services/queue.js';

export interface HomePublisher {
  /** Builds and publishes the person's Home now (errors are logged, never thrown). */
  refresh(teamId: string, slackUserId: string, options?: { notice?: string }): Promise<void>;
  /** Publishes within `debounceMs`, once however many calls arrive meanwhile. */
  refreshSoon(teamId: string, slackUserId: string): void;
  /** One of these Inbox members' threads changed: refresh (debounced) the Homes of those who have one open. */
  threadsChanged(memberIds: ReadonlyArray<string | null>): void;
  /** Cancels pending refreshes and waits for the ones in flight. */
  stop(): Promise<void>;
}

export interface HomePublisherDeps {
  queue: QueueService;
  publish(slackUserId: string, view: HomeView): Promise<unknown>;
  /** The person's reminder in words, or null. */
  describeReminder(teamId: string, slackUserId: string): Promise<string | null>;
  canManageSettings(teamId: string, slackUserId: string): Promise<boolean>;
  inboxAppUrl: string;
  clock: () => Date;
  logger: Logger;
  debounceMs?: number;
}

/** Homes remembered for threadsChanged (the most recent viewers). */
const MAX_REMEMBERED = 5_000;

export function createHomePublisher(deps: HomePublisherDeps): HomePublisher {
  const debounceMs = deps.debounceMs ?? 2_000;
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const running = new Set<Promise<void>>();
  /** Slack user → the team and Inbox member their Home was last drawn for. */
  const viewers = new Map<string, { teamId: string; memberId: string | null }>();
  let stopped = false;

  const remember = (slackUserId: string, teamId: string, memberId: string | null) => {
    viewers.delete(slackUserId);
    viewers.set(slackUserId, { teamId, memberId });
    if (viewers.size > MAX_REMEMBERED) viewers.delete(viewers.keys().next().value as string);
  };

  async function build(teamId: string, slackUserId: string, notice?: string): Promise<HomeView> {
    const now = deps.clock();
    let state: HomeState;
    try {
      const outcome = await deps.queue.forSlackUser(slackUserId, { keep: HOME_MAX_AWAITING_CARDS, now });
      state = outcome.linked ? { kind: 'queue', queue: outcome.queue } : { kind: 'unlinked' };
      remember(slackUserId, teamId, outcome.linked ? outcome.queue.member.id : null);
    } catch (error) {
      if (!(error instanceof InboxApiError)) throw error;
      deps.logger.warn(`home: could not read the queue (${error.kind}, ${error.endpoint})`);
      state = { kind: 'unavailable', message: describeInboxFailure(error) };
    }
    const [reminder, canManageSettings] = await Promise.all([
      deps.describeReminder(teamId, slackUserId).catch(() => null),
      deps.canManageSettings(teamId, slackUserId).catch(() => false),
    ]);
    return buildHomeView({
      state,
      now,
      inboxAppUrl: deps.inboxAppUrl,
      reminder,
      canManageSettings,
      ...(notice ? { notice } : {}),
    });
  }

  function track(work: Promise<void>): Promise<void> {
    running.add(work);
    return work.finally(() => running.delete(work));
  }

  const publisher: HomePublisher = {
    refresh(teamId, slackUserId, options = {}) {
      return track(
        (async () => {
          try {
            await deps.publish(slackUserId, await build(teamId, slackUserId, options.notice));
          } catch (error) {
            deps.logger.warn(`home: could not publish the Home tab of ${slackUserId}: ${describeSlackFailure(error)}`);
          }
        })(),
      );
    },
    refreshSoon(teamId, slackUserId) {
      if (stopped) return;
      const key = `${teamId}:${slackUserId}`;
      if (pending.has(key)) return;
      const timer = setTimeout(() => {
        pending.delete(key);
        void publisher.refresh(teamId, slackUserId);
      }, debounceMs);
      timer.unref?.();
      pending.set(key, timer);
    },
    threadsChanged(memberIds) {
      const wanted = new Set(memberIds.filter((id): id is string => id !== null));
      for (const [slackUserId, seen] of viewers) {
        if (seen.memberId !== null && wanted.has(seen.memberId)) publisher.refreshSoon(seen.teamId, slackUserId);
      }
    },
    async stop() {
      stopped = true;
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
      await Promise.allSettled([...running]);
    },
  };
  return publisher;
}
