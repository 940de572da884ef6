/** Helpers for reading the emulator's request log in client tests. */
import type { LoggedRequest } from '../../src/sandbox/inbox-emulator/index.js';

/** The logged request's query as ordered `[key, value]` pairs (arrays expanded). */
export function requestQuery(request: LoggedRequest | undefined): Array<[string, string]> {
  if (!request) return [];
  return Object.entries(request.query).flatMap(([key, value]) =>
    Array.isArray(value) ? value.map((v): [string, string] => [key, v]) : [[key, value] as [string, string]],
  );
}

export function requestPath(request: LoggedRequest): string {
  return request.path;
}
