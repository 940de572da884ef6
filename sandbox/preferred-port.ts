/**
 * Starting a local server on a preferred port: when that port is taken (EADDRINUSE), start it on any free port
 * instead, unless the port was asked for explicitly. The sandbox (`npm start` without credentials) and
 * `npm run emulator` share it.
 */
export interface Started<T> {
  server: T;
  /** True when the preferred port was taken and the server runs on another one. */
  moved: boolean;
}

export async function startOnPreferredPort<T>(
  port: number,
  explicit: boolean,
  start: (port: number) => Promise<T>,
): Promise<Started<T>> {
  try {
    return { server: await start(port), moved: false };
  } catch (err) {
    if (explicit || port === 0 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    return { server: await start(0), moved: true };
  }
}

/** A port number from the environment, or null when it is not one (0 means any free port). */
export function parsePort(text: string | undefined, fallback: number): number | null {
  if (text === undefined || text.trim() === '') return fallback;
  const port = Number(text);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : null;
}

/** One line for a server that could not start, in words (never a stack trace). */
export function describeListenError(err: unknown, port: number): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `port ${port} is already in use`;
  if (code === 'EACCES') return `port ${port} needs privileges this user does not have (use a port above 1023)`;
  return err instanceof Error ? err.message : String(err);
}
