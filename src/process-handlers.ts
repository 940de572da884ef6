/**
 * Last-resort handlers for errors nothing else caught, installed by the entry points (main.ts, digest/main.ts).
 *
 * - An **unhandled promise rejection** is logged and the process keeps serving: a rejected promise leaves no
 *   half-run code behind, and dying would take every answer in flight and the digest scheduler with it.
 * - An **uncaught exception** leaves the process in an unknown state (Node's documentation: do not resume). It is
 *   logged, the app shuts down as on SIGTERM (bounded), and the process exits with code 1 so that a supervisor
 *   (systemd, Kubernetes, Docker's restart policy) starts a fresh one.
 *
 * Messages go through the app's logger, which scrubs secrets.
 */
import type { EventEmitter } from 'node:events';
import type { Logger } from '@slack/bolt';

export interface ProcessHandlerOptions {
  logger: Pick<Logger, 'error'>;
  /** Graceful shutdown (the same as on SIGTERM); the process exits 1 once it settles or `shutdownMs` passes. */
  shutdown: () => Promise<void>;
  shutdownMs?: number;
  /** Tests pass an EventEmitter and a fake exit. */
  target?: EventEmitter;
  exit?: (code: number) => void;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}${error.stack ? `\n${error.stack}` : ''}`;
  return String(error);
}

/** Installs both handlers; returns a function that removes them. */
export function installProcessHandlers(options: ProcessHandlerOptions): () => void {
  const target = options.target ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const shutdownMs = options.shutdownMs ?? 25_000;
  let exiting = false;

  const onRejection = (reason: unknown) => {
    options.logger.error(`Unhandled promise rejection (the app keeps serving): ${describe(reason)}`);
  };
  const onException = (error: unknown) => {
    options.logger.error(`Uncaught exception: ${describe(error)}`);
    if (exiting) return;
    exiting = true;
    options.logger.error('Shutting down after an uncaught exception; exit code 1 lets a supervisor restart the app');
    const timer = setTimeout(() => exit(1), shutdownMs);
    timer.unref?.();
    options
      .shutdown()
      .catch((err: unknown) => options.logger.error(`Shutdown after the uncaught exception failed: ${describe(err)}`))
      .finally(() => {
        clearTimeout(timer);
        exit(1);
      });
  };
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}
