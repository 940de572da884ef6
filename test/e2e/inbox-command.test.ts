/**
 * /inbox end to end: signed slash commands into the Bolt HTTP receiver, answers through the Slack emulator's
 * response_urls, Inbox calls into the contract-checked Inbox emulator.
 */
import { describe, expect, it } from 'vitest';
import { SEED_PROSPECTS, SEED_TAGS, SEED_THREADS } from '../../sandbox/inbox-emulator/seed.js';
import type { StoredMessage } from '../../sandbox/slack-emulator/types.js';
import { ActionIds, findThreadIds } from '../../src/blocks/ids.js';
import { messageText, useAppStack } from '../support/app-stack.js';

const ALICE = 'U0ALICE001';
const FRANK = 'U0FRANK006';

const app = useAppStack();

/** Runs the command and waits for its final (non-notice) answer. */
async function run(text: string, userId = ALICE): Promise<StoredMessage> {
  const before = app().slack.messages('C0GENERAL1', userId).length;
  const ack = await app().command(userId, text);
  expect(ack.status).toBe(200);
  expect(ack.error).toBeUndefined();
  return app().slack.waitFor(() => {
    const mine = app().slack.messages('C0GENERAL1', userId);
    const last = mine.at(-1);
    return mine.length > before && last && !messageText(last).includes('Working on it') ? last : undefined;
  });
}

const threadCalls = () =>
  app()
    .inbox.controls.requests()
    .filter((r) => r.method === 'GET' && r.path === '/threads');
/** The page requests (limit ≤ 10), without the count of the first page (limit 100). */
const listCalls = () => threadCalls().filter((r) => r.query.limit !== '100');
const countCalls = () => threadCalls().filter((r) => r.query.limit === '100');

describe('/inbox help', () => {
  it('answers a bare /inbox with usage and examples, only to the caller', async () => {
    const answer = await run('');
    expect(answer.ephemeralTo).toBe(ALICE);
    expect(messageText(answer)).toContain('/inbox noreply');
    expect(messageText(answer)).toContain('/inbox who');
    expect(app().inbox.controls.requests()).toEqual([]);
  });
});

describe('/inbox noreply', () => {
  it('lists only threads where the prospect spoke last, as ephemeral cards with a header', async () => {
    const answer = await run('noreply');
    expect(answer.ephemeralTo).toBe(ALICE);
    const ids = findThreadIds(answer.blocks as never);
    expect(ids.length).toBeGreaterThan(3);
    for (const id of ids) {
      const thread = app().inbox.controls.store.thread(id);
      expect(thread?.done).toBe(false);
      expect(thread?.lastMessage?.authorId).not.toBe(thread?.accountLinkId);
    }
    expect(messageText(answer)).toMatch(/awaiting reply/i);
    expect(listCalls()).toHaveLength(1);
    expect(listCalls()[0]?.query.inbox).toBe('no-reply');
  });

  it('serves the directory from the cache: a second command costs the page and its count (1 per 100 threads)', async () => {
    await run('noreply');
    app().inbox.controls.clearRequests();
    await run('noreply');
    expect(
      app()
        .inbox.controls.requests()
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual(['GET /threads', 'GET /threads']);
    expect(listCalls()).toHaveLength(1);
    expect(countCalls()).toHaveLength(1);
  });

  it('combines filters with AND and sends them as Inbox filter IDs', async () => {
    const answer = await run('noreply tag:"hot lead" oldest limit:5');
    const call = listCalls().at(-1);
    expect(call?.query).toMatchObject({ inbox: 'no-reply', 'filters[sortOrder]': 'asc', limit: '5' });
    expect(Object.values(call?.query ?? {}).flat()).toContain(SEED_TAGS.hotLead.id);
    const ids = findThreadIds(answer.blocks as never);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThanOrEqual(5);
    for (const id of ids) {
      expect(app().inbox.controls.store.thread(id)?.prospect.context.tags).toContain(SEED_TAGS.hotLead.id);
    }
  });

  it('answers an unknown tag with the valid names, closest first, and never an empty list', async () => {
    const answer = await run('noreply tag:enterprize');
    const text = messageText(answer);
    expect(text).toContain('enterprize');
    expect(text.indexOf('enterprise')).toBeGreaterThan(-1);
    expect(text.indexOf('enterprise')).toBeLessThan(text.indexOf('investor'));
    expect(listCalls()).toEqual([]);
  });

  it('pages with Next and Previous: "Threads 11–20 of N", the cursor and filters carried, the count made once', async () => {
    const first = await run('noreply');
    const total = Number(/of (\d+)\*/.exec(messageText(first))?.[1]);
    expect(total).toBeGreaterThan(20);
    expect(messageText(first)).toContain(`*Threads 1–10 of ${total}* · Awaiting reply`);
    const firstIds = findThreadIds(first.blocks as never);
    app().inbox.controls.clearRequests();
    const next = async (message: StoredMessage, actionId: string) => {
      const result = await app().slack.clickAction({ userId: ALICE, messageTs: message.ts, actionId });
      expect(result.status).toBe(200);
      return app().waitForMessage(ALICE, (m) => m.ts === message.ts && m.revision > message.revision);
    };
    const second = await next(first, ActionIds.listNext);
    expect(messageText(second)).toContain(`*Threads 11–20 of ${total}* · Awaiting reply`);
    const secondIds = findThreadIds(second.blocks as never);
    expect(secondIds).toHaveLength(10);
    expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);
    expect(listCalls().at(-1)?.query.cursorId).toBe(firstIds.at(-1));
    const third = await next(second, ActionIds.listNext);
    expect(messageText(third)).toContain(`*Threads 21–30 of ${total}*`);
    const back = await next(third, ActionIds.listPrev);
    expect(messageText(back)).toContain(`*Threads 11–20 of ${total}*`);
    expect(findThreadIds(back.blocks as never)).toEqual(secondIds);
    const home = await next(back, ActionIds.listPrev);
    expect(findThreadIds(home.blocks as never)).toEqual(firstIds);
    expect(JSON.stringify(home.blocks)).not.toContain(ActionIds.listPrev);
    // Counting happened once, on the first page; each page since cost one request.
    expect(countCalls()).toEqual([]);
    expect(listCalls()).toHaveLength(4);
  });

  it('keeps the filters on every page, and "limit:" is the total across pages', async () => {
    const first = await run('noreply unassigned limit:15');
    expect(messageText(first)).toMatch(/\*Threads 1–10 of 15\* · Awaiting reply · unassigned/);
    const result = await app().slack.clickAction({ userId: ALICE, messageTs: first.ts, actionId: ActionIds.listNext });
    expect(result.status).toBe(200);
    const second = await app().waitForMessage(ALICE, (m) => m.ts === first.ts && m.revision > first.revision);
    expect(findThreadIds(second.blocks as never)).toHaveLength(5);
    expect(messageText(second)).toContain('*Threads 11–15 of 15*');
    expect(JSON.stringify(second.blocks)).not.toContain(ActionIds.listNext);
    expect(listCalls().at(-1)?.query).toMatchObject({
      inbox: 'no-reply',
      'filters[assignees][noAssignee]': 'true',
      limit: '5',
    });
  });

  it('says in the header what the names resolved to', async () => {
    const answer = await run('noreply assignee:bob tag:"HOT LEAD"');
    expect(messageText(answer)).toMatch(/Awaiting reply · tag hot lead · assigned to Bob Martinez/);
  });
});

describe('/inbox who', () => {
  it.each(['jordanrivera', '@JordanRivera', 'https://x.com/jordanrivera', '1876543210987654321'])(
    'finds every thread with the prospect from %s',
    async (arg) => {
      const answer = await run(`who ${arg}`);
      const ids = findThreadIds(answer.blocks as never);
      expect(ids.sort()).toEqual([SEED_THREADS.jordanNoReply, SEED_THREADS.jordanActive].sort());
      expect(messageText(answer)).toContain(SEED_PROSPECTS.jordan.displayName);
      expect(messageText(answer)).toContain('https://x.com/jordanrivera');
    },
  );

  it('refuses an invalid username without calling Inbox', async () => {
    const answer = await run('who not/a/handle!');
    expect(messageText(answer)).toMatch(/isn't a valid X username/);
    expect(app().inbox.controls.requests()).toEqual([]);
  });

  it('says clearly when nobody has that handle', async () => {
    const answer = await run('who nobody_here_123');
    expect(findThreadIds(answer.blocks as never)).toEqual([]);
    expect(messageText(answer)).toContain('nobody_here_123');
  });
});

describe('/inbox thread', () => {
  it('shows one thread as a full card with the Assign menu, its buttons and the overflow menu', async () => {
    const answer = await run(`thread ${SEED_THREADS.jordanNoReply}`);
    const json = JSON.stringify(answer.blocks);
    for (const id of [ActionIds.assignSelect, ActionIds.archive, ActionIds.overflow]) expect(json).toContain(id);
    for (const verb of ['"view"', '"open_inbox"', '"open_x"']) expect(json).toContain(verb);
  });

  it('says the thread does not exist for an unknown ID', async () => {
    const answer = await run('thread zzzzzzzzzzzzzzzzzzzzzzzz');
    expect(messageText(answer)).toMatch(/could not find/i);
  });
});

describe('/inbox digest', () => {
  it('previews the digest only to the caller', async () => {
    const answer = await run('digest');
    expect(answer.ephemeralTo).toBe(ALICE);
    expect(messageText(answer)).toMatch(/waiting/i);
    expect(app().slack.messages('C0SALESINB')).toEqual([]);
  });

  it('posts the digest to the channel with metadata, and confirms to the caller', async () => {
    const answer = await run('digest post');
    expect(messageText(answer)).toContain('Posted the digest to <#C0SALESINB>');
    const posted = app().slack.messages('C0SALESINB');
    expect(posted).toHaveLength(1);
    expect(posted[0]?.ephemeralTo).toBeUndefined();
    expect(posted[0]?.metadata?.event_type).toBe('inbox_digest_posted');
    expect(findThreadIds(posted[0]?.blocks as never).length).toBeGreaterThan(0);
  });
});

describe('prospect text', () => {
  it('is escaped, so a <!channel> inside a DM never pings anyone', async () => {
    const answer = await run('who maxmarkup');
    const raw = JSON.stringify(answer.blocks);
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<@U0ALICE001>');
    expect(raw).not.toContain('<https://evil.example|click>');
    expect(raw).toContain('&lt;!channel&gt;');
  });
});

describe('failures', () => {
  it('tells the user Inbox is not answering when it returns 5xx, and the next command works', async () => {
    app().inbox.controls.failNext(10, { kind: 'status', status: 503 });
    const answer = await run('noreply');
    expect(messageText(answer)).toMatch(/Inbox is not answering/);
    app().inbox.controls.clearFaults();
    const next = await run('noreply');
    expect(findThreadIds(next.blocks as never).length).toBeGreaterThan(0);
  });

  it('says when to try again on 429', async () => {
    await run('help');
    app().inbox.controls.failNext(1, { kind: 'status', status: 429, retryAfterSeconds: 120 }, { path: '/threads' });
    const answer = await run('noreply');
    expect(messageText(answer)).toContain('Try again in 120 s');
  });

  it('acks at once and says "working on it" while a slow Inbox answers', async () => {
    app().inbox.controls.setLatency(2_500);
    const started = Date.now();
    const ack = await app().command(ALICE, 'noreply');
    expect(ack.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3_000); // Slack's limit; the ack does not wait for Inbox
    const notice = await app().waitForMessage(ALICE, (m) => messageText(m).includes('Working on it'));
    expect(notice.ephemeralTo).toBe(ALICE);
    const final = await app().waitForMessage(
      ALICE,
      (m) => findThreadIds(m.blocks as never).length > 0,
      'C0GENERAL1',
      15_000,
    );
    const order = app()
      .slack.messages('C0GENERAL1', ALICE)
      .map((m) => m.ts);
    expect(order.indexOf(final.ts)).toBeGreaterThan(order.indexOf(notice.ts));
    app().inbox.controls.setLatency(0);
  });

  it('refuses a user without an Inbox seat under READ_POLICY=members (the default), in words', async () => {
    const answer = await run('noreply', FRANK);
    expect(findThreadIds(answer.blocks as never)).toEqual([]);
    expect(messageText(answer)).toMatch(/Only Inbox members can read/);
  });
});
