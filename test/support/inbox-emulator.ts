/**
 * The emulator as every test suite should start it: on an ephemeral port, with every API response
 * checked against the vendor OpenAPI document (2xx JSON) or the documented error body (errors).
 *
 *   const inbox = useCheckedInboxEmulator();            // beforeAll start, afterEach check, afterAll close
 *   const res = await fetch(`${inbox().url}/team`, { headers: { authorization: 'Bearer t' } });
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import {
  type InboxEmulator,
  type InboxEmulatorOptions,
  type LoggedRequest,
  startInboxEmulator,
} from '../../sandbox/inbox-emulator/index.js';
import { validateResponse } from './openapi.js';

export interface CheckedInboxEmulator extends InboxEmulator {
  /** Contract violations since the last `clearViolations()`, one line each. */
  violations(): string[];
  clearViolations(): void;
}

export async function startCheckedInboxEmulator(options: InboxEmulatorOptions = {}): Promise<CheckedInboxEmulator> {
  let found: string[] = [];
  const emulator = await startInboxEmulator({
    ...options,
    port: options.port ?? 0,
    onResponse: (record) => {
      found.push(...contractViolations(record));
      options.onResponse?.(record);
    },
  });
  return {
    ...emulator,
    violations: () => [...found],
    clearViolations: () => {
      found = [];
    },
  };
}

/** Why `record` breaks the contract ([] when it does not). Injected faults are exempt: they break it on purpose. */
export function contractViolations(record: LoggedRequest): string[] {
  if (record.fault) return [];
  const where = `${record.method} ${record.path} → ${record.status}`;
  if (record.status >= 200 && record.status < 300) {
    if (record.body === '' && record.method === 'DELETE') return [];
    if (!record.contentType?.startsWith('application/json')) return [`${where}: not JSON (${record.contentType})`];
    if (!record.route) return [`${where}: no OpenAPI route matched`];
    return validateResponse(record.method, record.route, record.body).map((problem) => `${where}: ${problem}`);
  }
  const error = (record.body as { error?: { code?: unknown; message?: unknown; status?: unknown } } | null)?.error;
  const fits = typeof error?.code === 'string' && typeof error.message === 'string' && error.status === record.status;
  return fits ? [] : [`${where}: error body is not {error:{code,message,status}}: ${JSON.stringify(record.body)}`];
}

/**
 * Vitest wiring: starts a checked emulator before the suite, asserts no contract violations after
 * each test, closes it after the suite. `resetEachTest` restores the seed before every test.
 */
export function useCheckedInboxEmulator(
  options: InboxEmulatorOptions & { resetEachTest?: boolean } = {},
): () => CheckedInboxEmulator {
  let emulator: CheckedInboxEmulator | undefined;
  beforeAll(async () => {
    emulator = await startCheckedInboxEmulator(options);
  });
  if (options.resetEachTest) beforeEach(() => emulator?.controls.reset());
  afterEach(() => {
    const violations = emulator?.violations() ?? [];
    emulator?.clearViolations();
    expect(violations, 'Inbox API contract violations').toEqual([]);
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return () => {
    if (!emulator) throw new Error('the Inbox emulator is not started yet (use it inside a test or hook)');
    return emulator;
  };
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small fetch for tests: JSON in and out, bearer token by default. */
export async function callInbox<T = unknown>(
  emulator: Pick<InboxEmulator, 'url'>,
  path: string,
  init: { method?: string; body?: unknown; token?: string | null; query?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? 'test-token'}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${emulator.url}${path}${init.query ? `?${init.query}` : ''}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? '' : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: body as T };
}
