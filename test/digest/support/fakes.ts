/**
 * In-memory stand-ins for the digest's dependencies: an Inbox that serves N no-reply threads in pages and
 * counts requests (with scripted failures), a Slack poster that keeps what it posted (its "history" answers
 * findDigest like conversations.history with include_all_metadata), and a fixed directory.
 */

import type { DigestPostArgs, DigestPoster, FoundDigest } from '../../../src/digest/poster.js';
import { InboxApiError } from '../../../src/inbox/errors.js';
import type { Thread, ThreadPage } from '../../../src/inbox/schemas.js';
import type { InboxClient, ListThreadsParams } from '../../../src/inbox/types.js';
import type { Directory, DirectoryService } from '../../../src/services/directory.js';
import { ACCOUNT_ACME, ACCOUNT_FOUNDER, ALICE, BOB, makeDirectory, makeThread } from '../../support/block-fixtures.js';

/** N no-reply threads; thread i waited i minutes less than thread 0 (which waited `oldestMinutes` before `now`). */
export function noReplyThreads(count: number, now: Date, oldestMinutes = 100_000): Thread[] {
  const assignees = [null, ALICE.id, BOB.id];
  const accounts = [ACCOUNT_ACME.id, ACCOUNT_FOUNDER.id];
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(now.getTime() - (oldestMinutes - i) * 60_000).toISOString();
    // Served newest first, like the API's default sort; ids are unique.
    return makeThread({
      id: `tdig${String(i).padStart(20, '0')}`,
      assigneeId: assignees[i % 3] ?? null,
      accountLinkId: accounts[i % 2] ?? ACCOUNT_ACME.id,
      lastMessageTimestamp: at,
      computedSortTimestamp: at,
      prospect: { username: `p${i}`, displayName: `Prospect ${i}` },
    });
  }).reverse();
}

export interface FakeInbox extends Pick<InboxClient, 'iterateThreadPages' | 'listThreads'> {
  threads: Thread[];
  /** listThreads requests made (failed ones included). */
  requests: ListThreadsParams[];
  /** The next `count` requests (after `afterRequests` more succeed) throw `error`. */
  failNext(count: number, error: () => Error, afterRequests?: number): void;
}

export const inboxError = (kind: 'server' | 'rate_limited' | 'unauthorized', retryAfterSeconds?: number) => () =>
  new InboxApiError({
    kind,
    endpoint: 'GET /threads',
    message: kind === 'rate_limited' ? 'rate limited (429)' : kind === 'server' ? 'HTTP 503' : 'bad token (401)',
    status: kind === 'rate_limited' ? 429 : kind === 'server' ? 503 : 401,
    ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
  });

export function createFakeInbox(threads: Thread[]): FakeInbox {
  const requests: ListThreadsParams[] = [];
  let failures: Array<{ skip: number; count: number; error: () => Error }> = [];
  const listThreads = async (params: ListThreadsParams = {}): Promise<ThreadPage> => {
    requests.push(params);
    const plan = failures[0];
    if (plan) {
      if (plan.skip > 0) plan.skip--;
      else {
        plan.count--;
        if (plan.count === 0) failures = failures.slice(1);
        throw plan.error();
      }
    }
    const matching = threads.filter((t) => !params.accountLinkIds || params.accountLinkIds.includes(t.accountLinkId));
    const limit = params.limit ?? 20;
    const start = params.cursor ? matching.findIndex((t) => t.id === params.cursor?.id) + 1 : 0;
    const page = matching.slice(start, start + limit);
    const last = page.at(-1);
    const more = start + limit < matching.length;
    return {
      threads: page,
      nextCursor: more && last ? { id: last.id, timestamp: last.computedSortTimestamp ?? last.createdAt } : null,
    };
  };
  return {
    threads,
    requests,
    listThreads,
    async *iterateThreadPages(params = {}) {
      let cursor = params.cursor ?? null;
      for (;;) {
        const page = await listThreads({ ...params, cursor });
        yield page;
        if (!page.nextCursor) return;
        cursor = page.nextCursor;
      }
    },
    failNext(count, error, afterRequests = 0) {
      failures.push({ skip: afterRequests, count, error });
    },
  };
}

export interface FakeSlack {
  /** Messages in Slack, in order (shared by every poster created from this fake). */
  posted: DigestPostArgs[];
  poster(options?: { history?: boolean }): DigestPoster;
  /** The next post fails. `landed`: Slack got it anyway (lost response). */
  failNextPost(error: Error, options?: { landed?: boolean }): void;
  /** A post that hangs until released (to hold a run in flight). */
  holdNextPost(): { release(): void };
}

export function slackPlatformError(code: string): Error {
  return Object.assign(new Error(`An API error occurred: ${code}`), {
    code: 'slack_webapi_platform_error',
    data: { ok: false, error: code },
  });
}

export function slackRequestError(): Error {
  return Object.assign(new Error('A request error occurred: socket hang up'), { code: 'slack_webapi_request_error' });
}

export function createFakeSlack(): FakeSlack {
  const posted: DigestPostArgs[] = [];
  const failures: Array<{ error: Error; landed: boolean }> = [];
  const holds: Array<Promise<void>> = [];
  const findDigest = async (channel: string, slot: string): Promise<FoundDigest | null> => {
    const index = posted.findIndex(
      (m) =>
        m.channel === channel &&
        m.metadata.event_type === 'inbox_digest_posted' &&
        m.metadata.event_payload.slot === slot,
    );
    const found = posted[index];
    return found
      ? {
          ts: `1700000000.${String(index + 1).padStart(6, '0')}`,
          total: found.metadata.event_payload.total,
          requestedBy: null,
        }
      : null;
  };
  return {
    posted,
    poster(options = {}) {
      const poster: DigestPoster = {
        async postMessage(args) {
          const hold = holds.shift();
          if (hold) await hold;
          const failure = failures.shift();
          if (failure) {
            if (failure.landed) posted.push(args);
            throw failure.error;
          }
          posted.push(args);
          return { ts: `1700000000.${String(posted.length).padStart(6, '0')}` };
        },
      };
      if (options.history !== false) poster.findDigest = findDigest;
      return poster;
    },
    failNextPost(error, options = {}) {
      failures.push({ error, landed: options.landed ?? false });
    },
    holdNextPost() {
      let release: () => void = () => {};
      holds.push(
        new Promise<void>((resolve) => {
          release = resolve;
        }),
      );
      return { release: () => release() };
    },
  };
}

export function fixedDirectory(directory: Directory = makeDirectory()): DirectoryService & { refreshes: number } {
  const service = {
    refreshes: 0,
    get: async () => directory,
    refresh: async () => {
      service.refreshes++;
      return directory;
    },
  };
  return service;
}
