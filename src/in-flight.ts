/**
 * Listener work still running after its ack (Bolt acks first and keeps going in the same process). Shutdown waits
 * for it, bounded, so an answer in progress reaches the user before the process exits.
 */
import type { App } from '@slack/bolt';

export interface InFlight {
  /** Number of requests whose listeners have not finished. */
  size(): number;
  /** Resolves when no listener is running, or after `timeoutMs`; true when everything finished. */
  drain(timeoutMs: number): Promise<boolean>;
}

/** Registers a global middleware on `app` that tracks every request's listener work. */
export function trackInFlight(app: App): InFlight {
  const running = new Set<Promise<unknown>>();
  app.use(async ({ next }) => {
    const work = next();
    running.add(work);
    try {
      await work;
    } finally {
      running.delete(work);
    }
  });
  return {
    size: () => running.size,
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (running.size > 0) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          Promise.allSettled([...running]),
          new Promise((resolve) => {
            timer = setTimeout(resolve, left);
          }),
        ]);
        clearTimeout(timer);
      }
      return true;
    },
  };
}
