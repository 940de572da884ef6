/**
 * A small logger that implements Bolt's Logger interface and scrubs secrets from every line: Slack
 * tokens (xox?-, xapp-), bearer credentials, and the exact secret values the app was configured with.
 * Bolt and the WebClient log pre-formatted strings, so scrubbing works on the final text.
 */
import { inspect } from 'node:util';
import { type Logger, LogLevel } from '@slack/bolt';

export type LogSink = (level: LogLevel, line: string) => void;

const ORDER: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 0,
  [LogLevel.INFO]: 1,
  [LogLevel.WARN]: 2,
  [LogLevel.ERROR]: 3,
};

const TOKEN_PATTERNS = [/\bxox[abposre]-[A-Za-z0-9-]+/g, /\bxapp-[A-Za-z0-9-]+/g, /(Bearer\s+)[^\s"',}]+/gi];

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

function render(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (arg instanceof Error) return arg.stack ?? `${arg.name}: ${arg.message}`;
  return inspect(arg, { depth: 4, breakLength: Number.POSITIVE_INFINITY });
}

const defaultSink: LogSink = (level, line) => {
  (level === LogLevel.ERROR || level === LogLevel.WARN ? process.stderr : process.stdout).write(`${line}\n`);
};

export interface LoggerOptions {
  level?: LogLevel;
  name?: string;
  /** Exact secret values to scrub (tokens, signing secret). */
  secrets?: readonly string[];
  sink?: LogSink;
  clock?: () => Date;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  let level = options.level ?? LogLevel.INFO;
  let name = options.name ?? 'inbox-slack';
  const secrets = (options.secrets ?? []).filter(Boolean);
  const sink = options.sink ?? defaultSink;
  const clock = options.clock ?? (() => new Date());

  const write = (at: LogLevel, args: unknown[]) => {
    if (ORDER[at] < ORDER[level]) return;
    const text = scrubSecrets(args.map(render).join(' '), secrets);
    sink(at, `${clock().toISOString()} ${at.toUpperCase()} [${name}] ${text}`);
  };

  return {
    debug: (...args: unknown[]) => write(LogLevel.DEBUG, args),
    info: (...args: unknown[]) => write(LogLevel.INFO, args),
    warn: (...args: unknown[]) => write(LogLevel.WARN, args),
    error: (...args: unknown[]) => write(LogLevel.ERROR, args),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next: string) => {
      name = next;
    },
  };
}
