/**
 * Polling, for apps without a public URL (Socket Mode, a laptop): every `intervalMs`, read GET /events from
 * the stored seq while hasMore (through the one pipeline). A failed round is logged and the next one tries
 * again; stop() waits for a round in flight.
 */
import type { Logger } from '@slack/bolt';
import { describeInboxFailure } from '../services/failures.js';
import type { EventPipeline } from './pipeline.js';

export interface Poller {
  /** Runs one round now (tests, and the first round at start). */
  pollNow(): Promise<void>;
  stop(): Promise<void>;
}

export function startPoller(options: {
  pipeline: Pick<EventPipeline, 'catchUp'>;
  /** The Inbox team the token belongs to (GET /team, once). */
  inboxTeamId: () => Promise<string>;
  intervalMs: number;
  logger: Logger;
}): Poller {
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> | null = null;
  let stopped = false;

  const round = async () => {
    try {
      await options.pipeline.catchUp(await options.inboxTeamId());
    } catch (error) {
      options.logger.warn(
        `Polling Inbox events failed (next try in ${options.intervalMs / 1000} s): ${describeInboxFailure(error)}`,
      );
    }
  };
  const pollNow = () => {
    current ??= round().finally(() => {
      current = null;
    });
    return current;
  };
  const loop = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void pollNow().then(loop);
    }, options.intervalMs);
    timer.unref?.();
  };
  void pollNow().then(loop);

  return {
    pollNow,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
