/**
 * The app's logger: pino behind Bolt's Logger interface (debug/info/warn/error/setLevel/getLevel/setName), so Bolt,
 * its receivers, every WebClient and the Socket Mode client log through it.
 *
 * - `json` (production): one JSON object a line — `{"level":"info","time":"…","name":"inbox-slack","msg":"…"}`, an
 *   Error as `err` ({type, message, stack}), a leading plain object as fields (`logger.info({team}, 'text')`).
 * - `pretty` (a terminal, the sandbox): pino-pretty's human-readable lines, loaded only when asked for.
 *
 * Secrets never reach a line: Bolt and the SDKs log pre-formatted strings, so every message and every string in
 * the fields is scrubbed of Slack tokens (xox?-, xapp-), bearer credentials and the exact secret values the app
 * was configured with; pino's `redact` blanks secret keys (token, authorization, signing secret…) in objects.
 * warn and error go to stderr, debug and info to stdout (or to `sink`, for tests).
 */
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { type Logger, LogLevel } from '@slack/bolt';
import { type DestinationStream, pino } from 'pino';

export type LogSink = (level: LogLevel, line: string) => void;
/** json: one JSON object a line (production); pretty: human-readable lines (a terminal, the sandbox). */
export type LogFormat = 'json' | 'pretty';

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

const TOKEN_PATTERNS = [/\bxox[abposre]-[A-Za-z0-9-]+/g, /\bxapp-[A-Za-z0-9-]+/g, /(Bearer\s+)[^\s"',}]+/gi];

/** Keys whose values are blanked wherever they sit in a logged object (pino `redact`). */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'client_secret',
  '*.client_secret',
  'authorization',
  '*.authorization',
  'Authorization',
  '*.Authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers.Authorization',
  '*.headers.Authorization',
];

/** Replaces known token shapes and the given secret values with [REDACTED]. */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 6) out = out.split(secret).join('[REDACTED]');
  }
  for (const pattern of TOKEN_PATTERNS) {
    out = out.replace(pattern, (_match, prefix?: string) =>
      typeof prefix === 'string' ? `${prefix}[REDACTED]` : '[REDACTED]',
    );
  }
  return out;
}

const MAX_DEPTH = 5;

/**
 * A copy of `value` safe to log: every string scrubbed; plain objects and arrays followed a few levels deep;
 * an Error as {type, message, stack, …its own fields}; any other object (a socket, a request) as its class name.
 */
function scrubDeep(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[Object]';
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, secrets, depth + 1));
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  if (value instanceof Error) {
    out.type = value.name;
    out.message = scrubSecrets(value.message, secrets);
    if (value.stack) out.stack = scrubSecrets(value.stack, secrets);
  } else if (!isPlainObject(value)) {
    return `[${value.constructor?.name ?? 'Object'}]`;
  }
  for (const [key, v] of Object.entries(value)) out[key] = scrubDeep(v, secrets, depth + 1);
  return out;
}

function render(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (arg instanceof Error) return `${arg.name}: ${arg.message}`;
  return inspect(arg, { depth: 4, breakLength: Number.POSITIVE_INFINITY });
}

const toStream = (level: LogLevel) =>
  level === LogLevel.ERROR || level === LogLevel.WARN ? process.stderr : process.stdout;

export interface LoggerOptions {
  level?: LogLevel;
  name?: string;
  /** Exact secret values to scrub (tokens, signing secret). */
  secrets?: readonly string[];
  /** json (default): one JSON object a line; pretty: human-readable lines. */
  format?: LogFormat;
  /** Where lines go instead of stdout/stderr (tests); gets each finished line without its newline. */
  sink?: LogSink;
  clock?: () => Date;
}

/** The format when LOG_FORMAT is not set: JSON lines unless a person is watching (production is not a terminal). */
export function logFormatFor(output: { isTTY?: boolean }): LogFormat {
  return output.isTTY ? 'pretty' : 'json';
}

type Prettifier = (line: string) => string;

/** pino-pretty's formatter, loaded only for the pretty format (production JSON never loads it). */
function prettifier(colorize: boolean): Prettifier {
  const { prettyFactory } = createRequire(import.meta.url)('pino-pretty') as {
    prettyFactory: (options: Record<string, unknown>) => Prettifier;
  };
  return prettyFactory({ colorize, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: false });
}

export function createLogger(options: LoggerOptions = {}): Logger {
  let level = options.level ?? LogLevel.INFO;
  let name = options.name ?? 'inbox-slack';
  const secrets = (options.secrets ?? []).filter(Boolean);
  const clock = options.clock ?? (() => new Date());
  const format = options.format ?? 'json';
  const sink = options.sink;
  const pretty =
    format === 'pretty' ? prettifier(!sink && Boolean(process.stdout.isTTY) && Boolean(process.stderr.isTTY)) : null;

  // pino writes synchronously into this destination within the log call, so `writing` is that call's level.
  let writing: LogLevel = LogLevel.INFO;
  const destination: DestinationStream = {
    write(json: string) {
      const line = (pretty ? pretty(json) : json).replace(/\n$/, '');
      if (sink) sink(writing, line);
      else toStream(writing).write(`${line}\n`);
    },
  };
  const base = pino(
    {
      level,
      base: null,
      timestamp: () => `,"time":"${clock().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      // `err` is already a plain, scrubbed object (see scrubDeep): keep it as it is.
      serializers: { err: (value: unknown) => value },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    },
    destination,
  );

  const write = (at: LogLevel, args: unknown[]) => {
    if (!base.isLevelEnabled(at)) return;
    let rest = args;
    let fields: Record<string, unknown> = {};
    if (args.length > 1 && isPlainObject(args[0])) {
      fields = { ...args[0] };
      rest = args.slice(1);
    }
    const error = rest.find((a): a is Error => a instanceof Error);
    if (error) fields.err = error;
    const merged = scrubDeep({ name, ...fields }, secrets) as Record<string, unknown>;
    writing = at;
    base[at](merged, scrubSecrets(rest.map(render).join(' '), secrets));
  };

  return {
    debug: (...args: unknown[]) => write(LogLevel.DEBUG, args),
    info: (...args: unknown[]) => write(LogLevel.INFO, args),
    warn: (...args: unknown[]) => write(LogLevel.WARN, args),
    error: (...args: unknown[]) => write(LogLevel.ERROR, args),
    setLevel: (next: LogLevel) => {
      level = next;
      base.level = next;
    },
    getLevel: () => level,
    setName: (next: string) => {
      name = next;
    },
  };
}
