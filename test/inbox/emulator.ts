/** Helpers for the client tests: reading the emulator's request log, and catching the client's typed error. */
import { expect } from 'vitest';
import type { LoggedRequest } from '../../sandbox/inbox-emulator/index.js';
import { InboxApiError } from '../../src/inbox/errors.js';

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

/** The InboxApiError `promise` rejects with (fails the test when it resolves or rejects with anything else). */
export async function failure(promise: Promise<unknown>): Promise<InboxApiError> {
  const err = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InboxApiError);
  return err as InboxApiError;
}
