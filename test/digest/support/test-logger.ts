/** A Bolt-shaped logger that keeps its lines for assertions. */
import { LogLevel } from '@slack/bolt';

export interface TestLogger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  setLevel(level: LogLevel): void;
  getLevel(): LogLevel;
  setName(name: string): void;
  lines(level?: 'debug' | 'info' | 'warn' | 'error'): string[];
}

export function createTestLogger(): TestLogger {
  const entries: Array<{ level: string; text: string }> = [];
  const render = (args: unknown[]) =>
    args
      .map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : typeof a === 'string' ? a : JSON.stringify(a)))
      .join(' ');
  const push =
    (level: string) =>
    (...args: unknown[]) => {
      entries.push({ level, text: render(args) });
    };
  return {
    debug: push('debug'),
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
    setLevel: () => {},
    getLevel: () => LogLevel.DEBUG,
    setName: () => {},
    lines: (level) => entries.filter((e) => !level || e.level === level).map((e) => e.text),
  };
}
