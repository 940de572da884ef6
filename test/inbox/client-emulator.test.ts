/**
 * The Inbox client over real HTTP against the Inbox emulator (every response checked against the
 * vendor OpenAPI by the test helper): every endpoint, filters on the wire, pagination, and the
 * resilience rules (timeouts, 429 + Retry-After, 5xx, dropped connections, bad bodies, 401s,
 * invalid IDs that never leave the process, POST never retried).
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  SEED_ACCOUNT_LINKS,
  SEED_MEMBERS,
  SEED_PROSPECTS,
  SEED_STATUSES,
  SEED_TAGS,
  SEED_THREADS,
} from '../../sandbox/inbox-emulator/seed.js';
import { createInboxClient, type InboxClientHandle, type InboxClientOptions } from '../../src/inbox/client.js';
import { InboxEventSchema } from '../../src/inbox/schemas.js';
import { useCheckedInboxEmulator } from '../support/inbox-emulator.js';
import { failure, requestPath, requestQuery } from './emulator.js';

const TOKEN = 'ibx_client_test_token_0123456789';
// Started before the suite, reset before each test, every response checked against the OpenAPI after each test.
const inbox = useCheckedInboxEmulator({ token: TOKEN, resetEachTest: true });
const emu = {
  get url() {
    return inbox().url;
  },
  get controls() {
    return inbox().controls;
  },
};
const clients: InboxClientHandle[] = [];
afterAll(() => {
  for (const c of clients) c.close();
});

function client(extra: Partial<InboxClientOptions> = {}): InboxClientHandle {
  const c = createInboxClient({ baseUrl: emu.url, token: TOKEN, retryBaseMs: 5, ...extra });
  clients.push(c);
  return c;
}

/** A client whose waits are recorded and skipped (the clock moves with them). */
function fastClient(extra: Partial<InboxClientOptions> = {}) {
  const sleeps: number[] = [];
  let offset = 0;
  const c = client({
    now: () => Date.now() + offset,
    sleep: async (ms) => {
      sleeps.push(ms);
      offset += ms;
    },
    ...extra,
  });
  return { client: c, sleeps };
}

const paths = () => emu.controls.requests().map((r) => `${r.method} ${requestPath(r)}`);

describe('every endpoint', () => {
  it('reads the team, members, account links, tags and statuses', async () => {
    const c = client();
    const team = await c.getTeam();
    expect(team.id).toMatch(/^[0-9a-z]+$/);
    const members = await c.listMembers();
    expect(members.map((m) => m.id).sort()).toEqual(SEED_MEMBERS.map((m) => m.id).sort());
    const first = SEED_MEMBERS[0];
    expect((await c.getMember(first?.id ?? '')).email).toBe(first?.email);
    const links = await c.listAccountLinks();
    expect(links.map((l) => l.username).sort()).toEqual(['acme_sales', 'acmehq', 'alicebuilds']);
    expect((await c.listTags()).map((t) => t.id).sort()).toEqual(
      Object.values(SEED_TAGS)
        .map((t) => t.id)
        .sort(),
    );
    expect((await c.listStatuses()).map((s) => s.name)).toEqual(Object.values(SEED_STATUSES).map((s) => s.name));
    expect(paths()).toEqual([
      'GET /team',
      'GET /members',
      `GET /members/${first?.id}`,
      'GET /account-links',
      'GET /tags',
      'GET /statuses',
    ]);
  });

  it('gets a thread and looks threads up by platform ID, external ID and username', async () => {
    const c = client();
    const thread = await c.getThread(SEED_THREADS.jordanNoReply);
    expect(thread.prospect.username).toBe('jordanrivera');
    expect(thread.accountLinkId).toBe(SEED_ACCOUNT_LINKS.acmehq.id);

    const byPlatform = await c.lookupThread({
      accountLinkId: SEED_ACCOUNT_LINKS.acmehq.id,
      externalPlatformId: SEED_PROSPECTS.jordan.platformId,
    });
    expect(byPlatform?.id).toBe(SEED_THREADS.jordanNoReply);
    const byExternal = await c.lookupThread({
      accountLinkId: SEED_ACCOUNT_LINKS.aliceBuilds.id,
      externalId: SEED_PROSPECTS.jordan.externalId,
    });
    expect(byExternal?.id).toBe(SEED_THREADS.jordanActive);
    expect(
      await c.lookupThread({ accountLinkId: SEED_ACCOUNT_LINKS.acmehq.id, externalPlatformId: '1000000000000000001' }),
    ).toBeNull();

    const all = await c.lookupThreadsByUsername('@jordanrivera');
    expect(all.map((t) => t.id).sort()).toEqual([SEED_THREADS.jordanNoReply, SEED_THREADS.jordanActive].sort());
    const scoped = await c.lookupThreadsByUsername('jordanrivera', [SEED_ACCOUNT_LINKS.aliceBuilds.id]);
    expect(scoped.map((t) => t.id)).toEqual([SEED_THREADS.jordanActive]);

    const byUsername = emu.controls.requests().filter((r) => requestPath(r).endsWith('/lookup-by-username'));
    expect(requestQuery(byUsername[0])).toEqual([['username', 'jordanrivera']]);
    expect(requestQuery(byUsername[1])).toEqual([
      ['username', 'jordanrivera'],
      ['accountLinkIds[0]', SEED_ACCOUNT_LINKS.aliceBuilds.id],
    ]);
  });

  it('creates, updates (done, assignee, unassign) and deletes a thread', async () => {
    const c = client();
    const params = {
      accountLinkId: SEED_ACCOUNT_LINKS.acmeSales.id,
      externalPlatformId: SEED_PROSPECTS.jordan.platformId,
    };
    expect(await c.lookupThread(params)).toBeNull();
    const created = await c.createThread(params);
    expect(created.accountLinkId).toBe(SEED_ACCOUNT_LINKS.acmeSales.id);
    expect(created.prospect.platformId).toBe(SEED_PROSPECTS.jordan.platformId);
    expect((await c.lookupThread(params))?.id).toBe(created.id);

    const memberId = SEED_MEMBERS[0]?.id ?? '';
    const assigned = await c.updateThread(created.id, { assigneeId: memberId, done: true });
    expect([assigned.assigneeId, assigned.done]).toEqual([memberId, true]);
    const unassigned = await c.updateThread(created.id, { assigneeId: null, done: false });
    expect([unassigned.assigneeId, unassigned.done]).toEqual([null, false]);
    const patches = emu.controls.requests().filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.requestBody)).toEqual([
      { assigneeId: memberId, done: true },
      { assigneeId: null, done: false },
    ]);

    await expect(c.deleteThread(created.id)).resolves.toBeUndefined();
    const gone = await failure(c.getThread(created.id));
    expect([gone.kind, gone.status, gone.code]).toEqual(['not_found', 404, 'THREAD_NOT_FOUND']);
    expect(gone.endpoint).toBe('GET /threads/{threadId}');
  });

  it('lists messages page by page and sends one', async () => {
    const c = client();
    const total = emu.controls.store.messages(SEED_THREADS.jordanNoReply).length;
    expect(total).toBeGreaterThan(2);
    const first = await c.listMessages(SEED_THREADS.jordanNoReply, { limit: 2 });
    expect(first.threadId).toBe(SEED_THREADS.jordanNoReply);
    expect(first.messages).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const pages = [];
    for await (const page of c.iterateMessagePages(SEED_THREADS.jordanNoReply, { limit: 2 })) pages.push(page);
    expect(pages.flatMap((p) => p.messages).length).toBe(total);
    expect(pages).toHaveLength(Math.ceil(total / 2));

    const sent = await c.sendMessage(SEED_THREADS.jordanNoReply, { content: 'Thanks Jordan, Tuesday works!' });
    expect(sent.content).toBe('Thanks Jordan, Tuesday works!');
    expect(sent.threadId).toBe(SEED_THREADS.jordanNoReply);
    expect(sent.authorId).toBe(SEED_ACCOUNT_LINKS.acmehq.id);
    expect(emu.controls.store.messages(SEED_THREADS.jordanNoReply)).toHaveLength(total + 1);
  });
});

describe('events', () => {
  it('reads events page by page with afterSeq while hasMore, one request per page', async () => {
    const c = client();
    for (let i = 0; i < 5; i++) emu.controls.prospectWrites(SEED_THREADS.rtl, `ping ${i}`);
    const start = (emu.controls.events()[0]?.seq ?? 1) - 1;
    emu.controls.clearRequests();
    const pages = [];
    for await (const page of c.iterateEvents({ afterSeq: start, limit: 2 })) pages.push(page);
    expect(pages.map((p) => p.events.map((e) => e.seq))).toEqual([
      [start + 1, start + 2],
      [start + 3, start + 4],
      [start + 5],
    ]);
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect(emu.controls.requests().map((r) => r.query.afterSeq)).toEqual([start, start + 2, start + 4].map(String));
    expect(pages[0]?.events[0]).toMatchObject({ type: 'message.created', version: '1.0' });
  });

  it('keeps unknown event types and checks afterSeq and limit before sending', async () => {
    const unknown = {
      id: 'e1',
      seq: 7,
      teamId: 't1',
      type: 'thread.snoozed',
      timestamp: 'x',
      version: '1.0',
      data: {},
    };
    expect(InboxEventSchema.parse(unknown).type).toBe('thread.snoozed');
    const c = client();
    await expect(c.listEvents({ limit: 1001 })).rejects.toMatchObject({ kind: 'invalid_request' });
    await expect(c.listEvents({ afterSeq: -1 })).rejects.toMatchObject({ kind: 'invalid_request' });
    expect(emu.controls.requests()).toEqual([]);
  });
});

describe('thread lists', () => {
  it('puts the view, account links, every filter group, sort order and limit on the wire', async () => {
    const c = client();
    const page = await c.listThreads({
      inbox: 'no-reply',
      accountLinkIds: [SEED_ACCOUNT_LINKS.acmehq.id],
      filters: {
        tagIds: [SEED_TAGS.hotLead.id, SEED_TAGS.investor.id],
        statusIds: [SEED_STATUSES.qualified.id],
        assigneeIds: [SEED_MEMBERS[1]?.id ?? ''],
        noCampaign: true,
        sortOrder: 'asc',
      },
      limit: 50,
    });
    expect(requestQuery(emu.controls.requests()[0])).toEqual([
      ['inbox', 'no-reply'],
      ['accountLinkIds[0]', SEED_ACCOUNT_LINKS.acmehq.id],
      ['filters[tags][selectedIds][0]', SEED_TAGS.hotLead.id],
      ['filters[tags][selectedIds][1]', SEED_TAGS.investor.id],
      ['filters[statuses][selectedIds][0]', SEED_STATUSES.qualified.id],
      ['filters[assignees][selectedIds][0]', SEED_MEMBERS[1]?.id],
      ['filters[campaigns][noCampaign]', 'true'],
      ['filters[sortOrder]', 'asc'],
      ['limit', '50'],
    ]);
    for (const t of page.threads) {
      expect(t.accountLinkId).toBe(SEED_ACCOUNT_LINKS.acmehq.id);
      expect(t.prospect.context.statusId).toBe(SEED_STATUSES.qualified.id);
    }
  });

  it('filters by tags and by the no* flags as the emulator store does', async () => {
    const c = client();
    const tagged = await c.listThreads({ inbox: 'default', filters: { tagIds: [SEED_TAGS.hotLead.id] }, limit: 100 });
    const expected = emu.controls.store.threads({ inbox: 'default', tags: { selectedIds: [SEED_TAGS.hotLead.id] } });
    expect(tagged.threads.map((t) => t.id)).toEqual(expected.slice(0, 100).map((t) => t.id));
    expect(tagged.threads.length).toBeGreaterThan(0);
    const untagged = await c.listThreads({ inbox: 'default', filters: { noTags: true }, limit: 100 });
    for (const t of untagged.threads) expect(t.prospect.context.tags).toEqual([]);
    expect(requestQuery(emu.controls.requests()[1])).toContainEqual(['filters[tags][noTags]', 'true']);
  });

  it('walks every page of a long list with the same filters, one request per page', async () => {
    const c = client();
    const expected = emu.controls.store.threads({ inbox: 'default' });
    expect(expected.length).toBeGreaterThan(60);
    const ids: string[] = [];
    let pages = 0;
    for await (const page of c.iterateThreadPages({ inbox: 'default', limit: 25 })) {
      pages += 1;
      ids.push(...page.threads.map((t) => t.id));
    }
    expect(ids).toEqual(expected.map((t) => t.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toBe(Math.ceil(expected.length / 25) + (expected.length % 25 === 0 ? 1 : 0));
    const requests = emu.controls.requests();
    expect(requests).toHaveLength(pages);
    for (const r of requests)
      expect(requestQuery(r).slice(0, 2)).toEqual([
        ['inbox', 'default'],
        ['limit', '25'],
      ]);
    expect(requestQuery(requests[1]).map(([k]) => k)).toEqual(['inbox', 'limit', 'cursorId', 'cursorTimestamp']);
  });
});

describe('resilience', () => {
  it('cuts off a hanging server: timeout error within the deadline', async () => {
    emu.controls.failNext(100, { kind: 'hang' });
    const started = Date.now();
    const err = await failure(client({ timeoutMs: 200, deadlineMs: 700 }).getTeam());
    const elapsed = Date.now() - started;
    expect(err.kind).toBe('timeout');
    expect(err.status).toBeNull();
    expect(err.message).toMatch(/^GET \/team: /);
    expect(elapsed).toBeGreaterThanOrEqual(500);
    expect(elapsed).toBeLessThan(4_000);
    expect(emu.controls.requests().length).toBeGreaterThanOrEqual(2);
  });

  it('retries a 429 with a short Retry-After after exactly that wait, and succeeds', async () => {
    emu.controls.failNext(1, { kind: 'status', status: 429, retryAfterSeconds: 2 });
    const { client: c, sleeps } = fastClient();
    expect((await c.getTeam()).slug).toBeTruthy();
    expect(sleeps).toEqual([2_000]);
    expect(emu.controls.requests()).toHaveLength(2);
  });

  it('fails at once with a clear message when Retry-After outlasts the deadline', async () => {
    emu.controls.failNext(1, { kind: 'status', status: 429, retryAfterSeconds: 60 });
    const { client: c, sleeps } = fastClient({ deadlineMs: 25_000 });
    const err = await failure(c.listThreads());
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterSeconds).toBe(60);
    expect(err.status).toBe(429);
    expect(err.message).toMatch(/^GET \/threads: rate limited, retry after 60 s/);
    expect(sleeps).toEqual([]);
    expect(emu.controls.requests()).toHaveLength(1);
  });

  it('retries a 5xx and returns the next success', async () => {
    emu.controls.failNext(1, { kind: 'status', status: 503 });
    const { client: c, sleeps } = fastClient({ random: () => 0.5 });
    const thread = await c.getThread(SEED_THREADS.jordanActive);
    expect(thread.id).toBe(SEED_THREADS.jordanActive);
    expect(sleeps).toEqual([2]); // full jitter: 0.5 × 5 ms base
    expect(emu.controls.requests()).toHaveLength(2);
  });

  it('gives up after maxRetries with a server error', async () => {
    emu.controls.failNext(10, { kind: 'status', status: 500 });
    const { client: c, sleeps } = fastClient({ maxRetries: 2 });
    const err = await failure(c.listTags());
    expect([err.kind, err.status, err.attempts]).toEqual(['server', 500, 3]);
    expect(sleeps).toHaveLength(2);
    expect(emu.controls.requests()).toHaveLength(3);
  });

  it('retries a dropped connection for a GET', async () => {
    emu.controls.failNext(1, { kind: 'drop' });
    const { client: c } = fastClient();
    expect((await c.listStatuses()).length).toBe(Object.keys(SEED_STATUSES).length);
    expect(emu.controls.requests()).toHaveLength(2);
  });

  it('never retries a dropped POST send', async () => {
    const before = emu.controls.store.messages(SEED_THREADS.jordanActive).length;
    emu.controls.failNext(1, { kind: 'drop' });
    const { client: c, sleeps } = fastClient();
    const err = await failure(c.sendMessage(SEED_THREADS.jordanActive, { content: 'hello' }));
    expect([err.kind, err.status, err.attempts]).toEqual(['network', null, 1]);
    expect(err.endpoint).toBe('POST /threads/{threadId}/messages');
    expect(sleeps).toEqual([]);
    expect(emu.controls.requests()).toHaveLength(1);
    expect(emu.controls.store.messages(SEED_THREADS.jordanActive).length).toBeLessThanOrEqual(before + 1);
  });

  it('never retries a POST send that got a 500', async () => {
    emu.controls.failNext(1, { kind: 'status', status: 500 });
    const { client: c, sleeps } = fastClient();
    const err = await failure(c.sendMessage(SEED_THREADS.jordanActive, { content: 'hello' }));
    expect([err.kind, err.status, err.attempts]).toEqual(['server', 500, 1]);
    expect(sleeps).toEqual([]);
    expect(paths()).toEqual([`POST /threads/${SEED_THREADS.jordanActive}/messages`]);
  });

  it('never retries a POST create on 503 either', async () => {
    emu.controls.failNext(1, { kind: 'status', status: 503 });
    const err = await failure(
      fastClient().client.createThread({
        accountLinkId: SEED_ACCOUNT_LINKS.acmeSales.id,
        externalPlatformId: SEED_PROSPECTS.rtl.platformId,
      }),
    );
    expect([err.kind, err.endpoint]).toEqual(['server', 'POST /threads']);
    expect(emu.controls.requests()).toHaveLength(1);
  });

  it('reports a non-JSON body as bad_response without retrying', async () => {
    emu.controls.failNext(1, { kind: 'not-json' });
    const err = await failure(fastClient().client.getTeam());
    expect(err.kind).toBe('bad_response');
    expect(err.message).toMatch(/^GET \/team: response is not JSON/);
    expect(emu.controls.requests()).toHaveLength(1);
  });

  it('reports a body that does not fit the schema with the endpoint and field path', async () => {
    emu.controls.failNext(1, { kind: 'bad-schema' });
    const err = await failure(fastClient().client.listThreads({ limit: 5 }));
    expect(err.kind).toBe('bad_response');
    expect(err.status).toBe(200);
    expect(err.message).toMatch(/^GET \/threads: [a-zA-Z]+(\[\d+\])?(\.[a-zA-Z]+(\[\d+\])?)*: /);
  });

  it('reads a 401 in the documented nested format (wrong token)', async () => {
    const c = createInboxClient({ baseUrl: emu.url, token: 'ibx_wrong_token_value' });
    clients.push(c);
    const err = await failure(c.getTeam());
    expect([err.kind, err.status, err.code]).toEqual(['unauthorized', 401, 'UNAUTHORIZED']);
    expect(err.attempts).toBe(1);
    expect(JSON.stringify(err)).not.toContain('ibx_wrong_token_value');
  });

  it('reads a 401 in the flat quick-start format', async () => {
    emu.controls.failNext(1, { kind: 'status', status: 401, flat: true });
    const err = await failure(client().getTeam());
    expect([err.kind, err.status, err.code]).toEqual(['unauthorized', 401, 'UNAUTHORIZED']);
    expect(err.apiMessage).toBeTruthy();
  });

  it('rejects invalid IDs before any request leaves', async () => {
    const c = client();
    for (const call of [
      () => c.getThread('../team'),
      () => c.getThread('ABC123'),
      () => c.getMember(''),
      () => c.updateThread('a b', { done: true }),
      () => c.deleteThread('x?y=1'),
      () => c.listMessages('thread/1'),
      () => c.sendMessage('%2e%2e', { content: 'hi' }),
    ]) {
      const err = await failure(call());
      expect(err.kind).toBe('invalid_request');
      expect(err.status).toBeNull();
      expect(err.message).toMatch(/invalid (threadId|memberId)/);
    }
    expect(emu.controls.requests()).toEqual([]);
  });
});
