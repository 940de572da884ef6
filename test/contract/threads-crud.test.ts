import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../sandbox/demo-team.js';
import type { ApiMessage, ApiThread } from '../../sandbox/inbox-emulator/index.js';
import {
  SEED_ACCOUNT_LINKS,
  SEED_API_USER_ID,
  SEED_PROSPECTS,
  SEED_THREADS,
} from '../../sandbox/inbox-emulator/seed.js';
import { callInbox, useCheckedInboxEmulator } from '../support/inbox-emulator.js';
import { ids, listAllThreads, listThreads } from './helpers.js';

const inbox = useCheckedInboxEmulator({ resetEachTest: true });
const jordan = SEED_PROSPECTS.jordan;
const carol = DEMO_PEOPLE[2]?.memberId ?? '';

interface MessagePage {
  teamId: string;
  threadId: string;
  messages: ApiMessage[];
  nextCursor: { id: string; timestamp: string } | null;
  isSyncing: boolean;
}

describe('GET /threads/{id}', () => {
  it('returns the thread itself, not wrapped, with the embedded prospect and its CRM context', async () => {
    const res = await callInbox<ApiThread>(inbox(), `/threads/${SEED_THREADS.jordanNoReply}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: SEED_THREADS.jordanNoReply,
      accountLinkId: SEED_ACCOUNT_LINKS.acmehq.id,
      platformId: `${SEED_ACCOUNT_LINKS.acmehq.platformId}:${jordan.platformId}`,
      done: false,
      prospect: { displayName: 'Jordan Rivera', username: 'jordanrivera', handle: '@jordanrivera' },
    });
    expect(res.body.lastMessage?.authorId).toBe(jordan.externalId);
  });

  it('answers 404 THREAD_NOT_FOUND for an unknown ID and 400 VALIDATION_ERROR for a malformed one', async () => {
    const missing = await callInbox(inbox(), '/threads/zzzzzzzzzzzzzzzzzzzzzzzz');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      error: { code: 'THREAD_NOT_FOUND', message: "Thread with ID 'zzzzzzzzzzzzzzzzzzzzzzzz' not found", status: 404 },
    });
    for (const bad of ['ABC', 'thread_abc123', '%3Cscript%3E']) {
      const res = await callInbox(inbox(), `/threads/${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'VALIDATION_ERROR' } });
    }
  });
});

describe('GET /threads/lookup and /threads/lookup-by-username', () => {
  it('finds a thread by account link and the prospect X ID or Inbox ID, and returns JSON null when none exists', async () => {
    const byPlatformId = await callInbox<ApiThread>(inbox(), '/threads/lookup', {
      query: `accountLinkId=${SEED_ACCOUNT_LINKS.aliceBuilds.id}&externalPlatformId=${jordan.platformId}`,
    });
    expect(byPlatformId.body.id).toBe(SEED_THREADS.jordanActive);
    const byExternalId = await callInbox<ApiThread>(inbox(), '/threads/lookup', {
      query: `accountLinkId=${SEED_ACCOUNT_LINKS.acmehq.id}&externalId=${jordan.externalId}`,
    });
    expect(byExternalId.body.id).toBe(SEED_THREADS.jordanNoReply);
    const none = await callInbox(inbox(), '/threads/lookup', {
      query: `accountLinkId=${SEED_ACCOUNT_LINKS.acmeSales.id}&externalPlatformId=${jordan.platformId}`,
    });
    expect(none.status).toBe(200);
    expect(none.body).toBeNull();
  });

  it('requires accountLinkId and exactly one prospect identifier', async () => {
    const link = SEED_ACCOUNT_LINKS.acmehq.id;
    for (const query of [
      `externalPlatformId=${jordan.platformId}`,
      `accountLinkId=${link}`,
      `accountLinkId=${link}&externalPlatformId=${jordan.platformId}&externalId=${jordan.externalId}`,
    ]) {
      expect((await callInbox(inbox(), '/threads/lookup', { query })).status, query).toBe(400);
    }
  });

  it('lookup-by-username matches exactly and case-insensitively across account links, optionally scoped', async () => {
    const both = await callInbox<ApiThread[]>(inbox(), '/threads/lookup-by-username', {
      query: 'username=JordanRivera',
    });
    expect(ids(both.body).sort()).toEqual([SEED_THREADS.jordanActive, SEED_THREADS.jordanNoReply].sort());
    const scoped = await callInbox<ApiThread[]>(inbox(), '/threads/lookup-by-username', {
      query: `username=jordanrivera&accountLinkIds[0]=${SEED_ACCOUNT_LINKS.aliceBuilds.id}`,
    });
    expect(ids(scoped.body)).toEqual([SEED_THREADS.jordanActive]);
    for (const username of ['%40jordanrivera', 'jordan', 'jordanriveraa']) {
      const res = await callInbox(inbox(), '/threads/lookup-by-username', { query: `username=${username}` });
      expect(res.body, username).toEqual([]);
    }
    expect((await callInbox(inbox(), '/threads/lookup-by-username')).status).toBe(400);
  });
});

describe('POST /threads', () => {
  it('creates an active thread without messages, and answers 409 CONFLICT when one exists for that pair', async () => {
    const body = { accountLinkId: SEED_ACCOUNT_LINKS.acmeSales.id, externalPlatformId: jordan.platformId };
    const created = await callInbox<ApiThread>(inbox(), '/threads', { method: 'POST', body });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ done: false, isRequest: false, lastMessage: null, status: 'active' });
    expect(created.body.computedSortTimestamp).toBe(created.body.createdAt);
    expect(created.body.id).toMatch(/^[a-z][0-9a-z]{23}$/);
    const again = await callInbox(inbox(), '/threads', { method: 'POST', body });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'CONFLICT', status: 409 } });
    const lookup = await callInbox<ApiThread[]>(inbox(), '/threads/lookup-by-username', {
      query: 'username=jordanrivera',
    });
    expect(lookup.body).toHaveLength(3);
  });

  it('answers 404 for an unknown account link or prospect and 400 for a bad body', async () => {
    const unknownLink = await callInbox(inbox(), '/threads', {
      method: 'POST',
      body: { accountLinkId: 'lnothere000000000000000', externalId: jordan.externalId },
    });
    expect(unknownLink.status).toBe(404);
    const unknownProspect = await callInbox(inbox(), '/threads', {
      method: 'POST',
      body: { accountLinkId: SEED_ACCOUNT_LINKS.acmehq.id, externalPlatformId: '42' },
    });
    expect(unknownProspect.body).toMatchObject({ error: { code: 'PROSPECT_NOT_FOUND', status: 404 } });
    const noProspect = await callInbox(inbox(), '/threads', {
      method: 'POST',
      body: { accountLinkId: SEED_ACCOUNT_LINKS.acmehq.id },
    });
    expect(noProspect.status).toBe(400);
    const malformed = await callInbox(inbox(), '/threads', { method: 'POST', body: '{"accountLinkId":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: { code: 'BAD_REQUEST', message: 'Malformed JSON body' } });
  });
});

describe('PATCH and DELETE /threads/{id}', () => {
  it('done: true moves a thread to archived and done: false brings it back', async () => {
    const id = SEED_THREADS.jordanNoReply;
    const done = await callInbox<ApiThread>(inbox(), `/threads/${id}`, { method: 'PATCH', body: { done: true } });
    expect(done.body.done).toBe(true);
    expect(ids((await listAllThreads(inbox(), 'inbox=archived&limit=100')).threads)).toContain(id);
    expect(ids((await listAllThreads(inbox(), 'inbox=no-reply&limit=100')).threads)).not.toContain(id);
    await callInbox(inbox(), `/threads/${id}`, { method: 'PATCH', body: { done: false } });
    expect(ids((await listAllThreads(inbox(), 'inbox=no-reply&limit=100')).threads)).toContain(id);
  });

  it('assigns with a member ID and unassigns with null', async () => {
    const path = `/threads/${SEED_THREADS.rtl}`;
    const assigned = await callInbox<ApiThread>(inbox(), path, { method: 'PATCH', body: { assigneeId: carol } });
    expect(assigned.body.assigneeId).toBe(carol);
    const unassigned = await callInbox<ApiThread>(inbox(), path, { method: 'PATCH', body: { assigneeId: null } });
    expect(unassigned.body.assigneeId).toBeNull();
  });

  it('answers 404 MEMBER_NOT_FOUND for an unknown assignee and 400 for wrong types, changing nothing', async () => {
    const path = `/threads/${SEED_THREADS.jordanNoReply}`;
    const unknown = await callInbox(inbox(), path, {
      method: 'PATCH',
      body: { assigneeId: 'mnobody00000000000000000', done: true },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'MEMBER_NOT_FOUND' } });
    expect((await callInbox(inbox(), path, { method: 'PATCH', body: { done: 'yes' } })).status).toBe(400);
    expect((await callInbox(inbox(), path, { method: 'PATCH', body: { assigneeId: 'Bob' } })).status).toBe(400);
    expect(inbox().controls.store.thread(SEED_THREADS.jordanNoReply)?.done).toBe(false);
  });

  it('soft-deletes a thread: 200 with an empty body, then 404 and gone from every list', async () => {
    const path = `/threads/${SEED_THREADS.markup}`;
    const deleted = await callInbox(inbox(), path, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toBe('');
    expect((await callInbox(inbox(), path)).status).toBe(404);
    expect((await callInbox(inbox(), `${path}/messages`)).status).toBe(404);
    expect((await callInbox(inbox(), path, { method: 'DELETE' })).status).toBe(404);
    expect(ids((await listAllThreads(inbox(), 'inbox=no-reply&limit=100')).threads)).not.toContain(SEED_THREADS.markup);
  });
});

describe('messages', () => {
  it('lists a thread’s messages newest first with the thread and team IDs', async () => {
    const res = await callInbox<MessagePage>(inbox(), `/threads/${SEED_THREADS.jordanNoReply}/messages`);
    expect(res.body).toMatchObject({ threadId: SEED_THREADS.jordanNoReply, isSyncing: false, nextCursor: null });
    expect(res.body.messages.map((m) => m.content)).toEqual([
      "Hey! Yes, we're evaluating tools for Q1 — can you share pricing for a 10-seat team?",
      'Founder-led DMs on X, then handing warm threads to reps. Want a quick demo?',
      'Sure, always happy to nerd out on growth. What are you seeing work?',
      'Hey Jordan, loved your thread on PLG loops. Open to comparing notes on outbound?',
    ]);
  });

  it('pages messages with cursors (default 50, max 100) and rejects limit 101', async () => {
    const threadId = SEED_THREADS.jordanNoReply;
    const all = inbox().controls.store.messages(threadId);
    const seen: string[] = [];
    let query = 'limit=1';
    for (;;) {
      const page = await callInbox<MessagePage>(inbox(), `/threads/${threadId}/messages`, { query });
      seen.push(...page.body.messages.map((m) => m.id));
      const c = page.body.nextCursor;
      if (!c) break;
      query = `limit=1&cursorId=${c.id}&cursorTimestamp=${c.timestamp}`;
    }
    expect(seen).toEqual(all.map((m) => m.id));
    expect((await callInbox(inbox(), `/threads/${threadId}/messages`, { query: 'limit=101' })).status).toBe(400);
  });

  it('sending replies as the account link via the API and moves the thread out of no-reply to the top', async () => {
    const threadId = SEED_THREADS.jordanNoReply;
    const sent = await callInbox<ApiMessage>(inbox(), `/threads/${threadId}/messages`, {
      method: 'POST',
      body: { content: 'Sure! 10 seats is $990/month.' },
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      threadId,
      content: 'Sure! 10 seats is $990/month.',
      origin: 'api',
      authorId: SEED_ACCOUNT_LINKS.acmehq.id,
      userId: SEED_API_USER_ID,
      campaignId: null,
    });
    const thread = (await callInbox<ApiThread>(inbox(), `/threads/${threadId}`)).body;
    expect(thread.lastMessage).toMatchObject({ id: sent.body.id, authorId: SEED_ACCOUNT_LINKS.acmehq.id });
    expect(thread.lastMessageTimestamp).toBe(sent.body.createdAt);
    expect(thread.computedSortTimestamp).toBe(sent.body.createdAt);
    expect(ids((await listAllThreads(inbox(), 'inbox=no-reply&limit=100')).threads)).not.toContain(threadId);
    expect((await listThreads(inbox(), 'limit=1')).threads[0]?.id).toBe(threadId);
    const newest = await callInbox<MessagePage>(inbox(), `/threads/${threadId}/messages`, { query: 'limit=1' });
    expect(newest.body.messages[0]?.id).toBe(sent.body.id);
  });

  it('replying to a message request clears isRequest and moves it to the default view', async () => {
    const [request] = inbox().controls.store.threads({ inbox: 'requests' });
    if (!request) throw new Error('the seed has requests');
    await callInbox(inbox(), `/threads/${request.id}/messages`, {
      method: 'POST',
      body: { content: 'Hi! Happy to help.' },
    });
    expect(inbox().controls.store.thread(request.id)?.isRequest).toBe(false);
    expect(ids(inbox().controls.store.threads({ inbox: 'default' }))).toContain(request.id);
  });

  it('rejects an empty message with 400 and a send to an unknown thread with 404', async () => {
    const empty = await callInbox(inbox(), `/threads/${SEED_THREADS.rtl}/messages`, {
      method: 'POST',
      body: { content: '' },
    });
    expect(empty.status).toBe(400);
    const unknown = await callInbox(inbox(), '/threads/zzzzzzzzzzzzzzzzzzzzzzzz/messages', {
      method: 'POST',
      body: { content: 'hi' },
    });
    expect(unknown.body).toMatchObject({ error: { code: 'THREAD_NOT_FOUND', status: 404 } });
    expect(inbox().controls.store.messages(SEED_THREADS.rtl)).toHaveLength(4);
  });
});
