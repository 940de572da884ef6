/**
 * Store failures in one line a person can act on. A database that cannot be used at all (unreachable, corrupt,
 * read-only, schema newer than this build) is a StoreUnavailableError: it stops the app at start and turns
 * /healthz to 503 at run time. Nothing here ever includes a password (DATABASE_URL is shown without it).
 */

export class StoreUnavailableError extends Error {
  constructor(
    /** One line, no secrets. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'StoreUnavailableError';
  }
}

/** `postgres://user:secret@host:5432/db?x` → `postgres://user@host:5432/db` (never the password). */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `${u.protocol}//${user}${u.host}${u.pathname}`;
  } catch {
    return 'DATABASE_URL (unparseable)';
  }
}

const SQLITE_HINTS: Record<string, string> = {
  SQLITE_NOTADB: 'is not a SQLite database (corrupt or another kind of file)',
  SQLITE_CORRUPT: 'is corrupt',
  SQLITE_READONLY: 'is read-only (check the permissions of the file and its directory)',
  SQLITE_CANTOPEN: 'cannot be opened (check that its directory exists and is writable)',
  SQLITE_FULL: 'cannot be written: the disk is full',
  SQLITE_IOERR: 'cannot be read or written (I/O error)',
  SQLITE_PERM: 'cannot be opened: permission denied',
  SQLITE_BUSY: 'is locked by another process',
};

const NODE_HINTS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
  EHOSTUNREACH: 'host unreachable',
  EACCES: 'permission denied',
  EROFS: 'read-only file system',
  ENOTDIR: 'a path component is a file, not a directory',
  EEXIST: 'exists and is not a directory',
};

/** PostgreSQL SQLSTATE classes and codes worth a word of their own. */
const PG_HINTS: Record<string, string> = {
  '3D000': 'the database does not exist',
  '28P01': 'password authentication failed',
  '28000': 'authorization failed',
  '57P01': 'the server was shut down',
  '57P03': 'the server is starting up or shutting down',
  '53300': 'too many connections',
  '25006': 'the server is read-only',
};

/** Whether an error means "the database cannot be used right now" rather than a bug in one query. */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  const code = String((error as { code?: unknown })?.code ?? '');
  if (code.startsWith('SQLITE_')) {
    return Object.keys(SQLITE_HINTS).some((k) => code === k || code.startsWith(`${k}_`));
  }
  if (code in NODE_HINTS) return true;
  if (/^(08|57|53|3D|28)/.test(code)) return true; // connection, operator intervention, resources, db, auth
  const message = (error as Error)?.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|connect ETIMEDOUT|database is closed|The database connection is not open/i.test(
    message,
  );
}

/** One line about what went wrong with `what` (a file path or a described URL). */
export function describeStoreError(error: unknown, what: string): string {
  if (error instanceof StoreUnavailableError) return error.reason;
  const code = String((error as { code?: unknown })?.code ?? '');
  const base = code.startsWith('SQLITE_') ? (code.match(/^SQLITE_[A-Z]+/)?.[0] ?? code) : code;
  const message = ((error as Error)?.message ?? String(error)).split('\n')[0] ?? '';
  const hint = SQLITE_HINTS[base] ?? NODE_HINTS[code] ?? PG_HINTS[code];
  return hint
    ? `${what} ${hint.startsWith('is') || hint.startsWith('cannot') ? hint : `: ${hint}`} (${message})`
    : `${what}: ${message}`;
}
