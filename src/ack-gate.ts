/**
 * "The receiver answers Slack first": counts the HTTP requests the server has received and not yet answered
 * (each is waiting for its ack), and lets answering work wait, briefly, until there are none. A burst of
 * commands is then acked before the answers to the first ones are rendered and sent. The wait is bounded
 * (`maxWaitMs`), so under a steady stream of requests answers still progress.
 */
import type { Server } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';

export interface AckGate {
  /** Starts counting the server's requests. */
  track(server: Server): void;
  /** Requests received and not yet answered. */
  pending(): number;
  /** Resolves on a later turn once no request waits for its ack, or after `maxWaitMs` at most. */
  idle(): Promise<void>;
}

export function createAckGate(maxWaitMs = 50): AckGate {
  let pending = 0;
  let waiters: Array<() => void> = [];
  const release = () => {
    const ready = waiters;
    waiters = [];
    for (const wake of ready) wake();
  };
  const answered = () => {
    pending -= 1;
    if (pending === 0 && waiters.length > 0) setImmediate(() => pending === 0 && release());
  };
  return {
    track(server) {
      server.prependListener('request', (_req, res) => {
        pending += 1;
        let done = false;
        const finish = () => {
          if (done) return;
          done = true;
          answered();
        };
        res.once('finish', finish);
        res.once('close', finish);
      });
    },
    pending: () => pending,
    idle() {
      if (pending === 0) return nextTurn().then(() => undefined);
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== wake);
          resolve();
        }, maxWaitMs);
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        waiters.push(wake);
      });
    },
  };
}
