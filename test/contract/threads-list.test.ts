import { describe, expect, it } from 'vitest';
import { DEMO_CAMPAIGNS, DEMO_PEOPLE } from '../../sandbox/demo-team.js';
import type { ApiThread } from '../../sandbox/inbox-emulator/index.js';
import { SEED_ACCOUNT_LINKS, SEED_STATUSES, SEED_TAGS, SEED_THREADS } from '../../sandbox/inbox-emulator/seed.js';
import { callInbox, useCheckedInboxEmulator } from '../support/inbox-emulator.js';
import { declaredProperties } from '../support/openapi.js';
import { ids, listAllThreads, listThreads } from './helpers.js';

const inbox = useCheckedInboxEmulator();
const bob = DEMO_PEOPLE[1]?.memberId ?? '';
const carol = DEMO_PEOPLE[2]?.memberId ?? '';
const [campaignA, campaignB] = DEMO_CAMPAIGNS;

const prospectSpokeLast = (t: ApiThread) => t.lastMessage !== null && t.lastMessage.authorId !== t.accountLinkId;
const all = async (query = '') => (await listAllThreads(inbox(), `limit=100&${query}`)).threads;

describe('GET /threads views', () => {
  it('default lists open threads that are not requests, newest first, 20 per page', async () => {
    const page = await listThreads(inbox());
    expect(page.threads).toHaveLength(20);
    expect(page.threads.every((t) => !t.done && !t.isRequest)).toBe(true);
    const stamps = page.threads.map((t) => t.computedSortTimestamp ?? '');
    expect(stamps).toEqual([...stamps].sort().reverse());
    expect(page.nextCursor).toEqual({ id: page.threads[19]?.id, timestamp: page.threads[19]?.computedSortTimestamp });
  });

  it('no-reply lists exactly the open threads where the prospect sent the last message', async () => {
    const noReply = await all('inbox=no-reply');
    const expected = (await all()).filter(prospectSpokeLast);
    expect(ids(noReply)).toEqual(ids(expected));
    expect(noReply.length).toBeGreaterThanOrEqual(80);
    expect(ids(noReply)).toContain(SEED_THREADS.jordanNoReply);
    expect(ids(noReply)).not.toContain(SEED_THREADS.jordanActive);
  });

  it('requests lists open message requests and archived lists done threads; the views partition the inbox', async () => {
    const [open, requests, archived] = await Promise.all([all(), all('inbox=requests'), all('inbox=archived')]);
    expect(requests.every((t) => t.isRequest && !t.done)).toBe(true);
    expect(archived.every((t) => t.done)).toBe(true);
    expect(requests.length).toBeGreaterThanOrEqual(20);
    expect(archived.length).toBeGreaterThanOrEqual(80);
    const union = new Set([...ids(open), ...ids(requests), ...ids(archived)]);
    expect(union.size).toBe(open.length + requests.length + archived.length);
    expect(union.size).toBe(inbox().controls.store.threads().length);
  });

  it('rejects an unknown view with 400', async () => {
    const res = await callInbox(inbox(), '/threads', { query: 'inbox=later' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION_ERROR' } });
  });

  it('emits only the fields the OpenAPI document declares (no campaignId on threads)', async () => {
    const [thread] = (await listThreads(inbox(), 'limit=1')).threads;
    expect(Object.keys(thread ?? {}).sort()).toEqual(declaredProperties('Thread').sort());
    expect(Object.keys(thread?.prospect ?? {}).sort()).toEqual([...declaredProperties('Prospect'), 'context'].sort());
    expect(Object.keys(thread?.prospect.context ?? {}).sort()).toEqual(['notes', 'statusId', 'tags', 'valuation']);
  });
});

describe('GET /threads filters', () => {
  it('filters by account link, one or several', async () => {
    const one = await all(`accountLinkIds=${SEED_ACCOUNT_LINKS.acmeSales.id}`);
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((t) => t.accountLinkId === SEED_ACCOUNT_LINKS.acmeSales.id)).toBe(true);
    const two = await all(
      `accountLinkIds=${SEED_ACCOUNT_LINKS.acmeSales.id}&accountLinkIds=${SEED_ACCOUNT_LINKS.acmehq.id}`,
    );
    const everything = await all();
    expect(two.length).toBe(everything.filter((t) => t.accountLinkId !== SEED_ACCOUNT_LINKS.aliceBuilds.id).length);
  });

  it('tags: selectedIds match ANY of the tags; noTags=true keeps untagged prospects only', async () => {
    const { hotLead, investor } = SEED_TAGS;
    const everything = await all();
    const either = await all(
      `filters[tags][selectedIds][0]=${hotLead.id}&filters[tags][selectedIds][1]=${investor.id}`,
    );
    const expected = everything.filter((t) =>
      t.prospect.context.tags.some((id) => id === hotLead.id || id === investor.id),
    );
    expect(ids(either)).toEqual(ids(expected));
    expect(either.length).toBeGreaterThan(0);
    const untagged = await all('filters[tags][noTags]=true');
    expect(ids(untagged)).toEqual(ids(everything.filter((t) => t.prospect.context.tags.length === 0)));
    expect(await all('filters[tags][noTags]=false')).toHaveLength(everything.length);
  });

  it('statuses: selectedIds match the prospect status; noStatus=true keeps prospects without one', async () => {
    const everything = await all();
    const qualified = await all(`filters[statuses][selectedIds][]=${SEED_STATUSES.qualified.id}`);
    expect(ids(qualified)).toEqual(
      ids(everything.filter((t) => t.prospect.context.statusId === SEED_STATUSES.qualified.id)),
    );
    expect(ids(qualified)).toContain(SEED_THREADS.jordanNoReply);
    const none = await all('filters[statuses][noStatus]=true');
    expect(ids(none)).toEqual(ids(everything.filter((t) => t.prospect.context.statusId === null)));
  });

  it('assignees: selectedIds match the thread assignee; noAssignee=true keeps unassigned threads', async () => {
    const everything = await all();
    const bobs = await all(`filters[assignees][selectedIds]=${bob}`);
    expect(ids(bobs)).toEqual(ids(everything.filter((t) => t.assigneeId === bob)));
    expect(bobs.length).toBeGreaterThan(0);
    const unassigned = await all('filters[assignees][noAssignee]=true');
    expect(ids(unassigned)).toEqual(ids(everything.filter((t) => t.assigneeId === null)));
  });

  it('campaigns: selectedIds match the campaign that started the thread; noCampaign=true keeps the rest', async () => {
    const { store } = inbox().controls;
    const archived = await all('inbox=archived');
    const fromA = await all(`inbox=archived&filters[campaigns][selectedIds]=${campaignA?.id}`);
    expect(fromA.length).toBeGreaterThan(0);
    expect(ids(fromA)).toEqual(ids(archived.filter((t) => store.campaignOf(t.id) === campaignA?.id)));
    const none = await all('inbox=archived&filters[campaigns][noCampaign]=true');
    expect(ids(none)).toEqual(ids(archived.filter((t) => store.campaignOf(t.id) === null)));
    const both = await all(
      `filters[campaigns][selectedIds]=${campaignA?.id}&filters[campaigns][selectedIds]=${campaignB?.id}`,
    );
    expect(both.every((t) => store.campaignOf(t.id) !== null)).toBe(true);
  });

  it('combines groups with AND and treats selectedIds plus the no-flag in one group as OR', async () => {
    const everything = await all('inbox=no-reply');
    const combined = await all(
      `inbox=no-reply&filters[assignees][selectedIds]=${bob}&filters[tags][selectedIds]=${SEED_TAGS.hotLead.id}`,
    );
    expect(ids(combined)).toEqual(
      ids(everything.filter((t) => t.assigneeId === bob && t.prospect.context.tags.includes(SEED_TAGS.hotLead.id))),
    );
    expect(ids(combined)).toContain(SEED_THREADS.jordanNoReply);
    const carolOrNobody = await all(
      `inbox=no-reply&filters[assignees][selectedIds]=${carol}&filters[assignees][noAssignee]=true`,
    );
    expect(ids(carolOrNobody)).toEqual(ids(everything.filter((t) => t.assigneeId === carol || t.assigneeId === null)));
  });

  it('accepts all three array encodings and percent-encoded brackets with the same result', async () => {
    const [a, b] = [SEED_TAGS.hotLead.id, SEED_TAGS.partner.id];
    const key = 'filters[tags][selectedIds]';
    const forms = [
      `${key}=${a}&${key}=${b}`,
      `${key}[]=${a}&${key}[]=${b}`,
      `${key}[0]=${a}&${key}[1]=${b}`,
      `filters%5Btags%5D%5BselectedIds%5D%5B%5D=${a}&filters%5Btags%5D%5BselectedIds%5D%5B%5D=${b}`,
      `accountLinkIds%5B0%5D=${SEED_ACCOUNT_LINKS.acmehq.id}&${key}=${a}&${key}=${b}`,
    ];
    const results = await Promise.all(forms.map((q) => all(q)));
    expect(results[0]?.length).toBeGreaterThan(0);
    expect(ids(results[1] ?? [])).toEqual(ids(results[0] ?? []));
    expect(ids(results[2] ?? [])).toEqual(ids(results[0] ?? []));
    expect(ids(results[3] ?? [])).toEqual(ids(results[0] ?? []));
    expect(ids(results[4] ?? [])).toEqual(
      ids((results[0] ?? []).filter((t) => t.accountLinkId === SEED_ACCOUNT_LINKS.acmehq.id)),
    );
  });

  it('rejects a malformed account link ID, a non-boolean flag and an unknown sort order with 400', async () => {
    for (const query of ['accountLinkIds=Bad-Id', 'filters[tags][noTags]=yes', 'filters[sortOrder]=newest']) {
      const res = await callInbox(inbox(), '/threads', { query });
      expect(res.status, query).toBe(400);
    }
  });
});

describe('GET /threads sorting and pagination', () => {
  it('filters[sortOrder]=asc returns the exact reverse of the default desc order', async () => {
    const desc = await all('inbox=no-reply');
    const asc = await all('inbox=no-reply&filters[sortOrder]=asc');
    expect(ids(asc)).toEqual(ids(desc).reverse());
  });

  it('walks every no-reply page without duplicates or gaps, also across equal timestamps', async () => {
    const expected = ids(inbox().controls.store.threads({ inbox: 'no-reply' }));
    const stamps = inbox()
      .controls.store.threads({ inbox: 'no-reply' })
      .map((t) => t.computedSortTimestamp);
    expect(new Set(stamps).size).toBeLessThan(stamps.length); // the seed has ties
    for (const limit of [1, 7, 20, 100]) {
      const { threads, pages } = await listAllThreads(inbox(), `inbox=no-reply&limit=${limit}`);
      expect(ids(threads), `limit=${limit}`).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / limit));
    }
  });

  it('walks ascending pages too, and the last page has nextCursor null', async () => {
    const { threads } = await listAllThreads(inbox(), 'inbox=requests&limit=4&filters[sortOrder]=asc');
    expect(ids(threads)).toEqual(ids(inbox().controls.store.threads({ inbox: 'requests', sortOrder: 'asc' })));
    const last = await listThreads(inbox(), 'inbox=requests&limit=100');
    expect(last.nextCursor).toBeNull();
  });

  it('accepts the deprecated cursor[id]/cursor[timestamp] form with the same result', async () => {
    const first = await listThreads(inbox(), 'limit=5');
    const c = first.nextCursor;
    if (!c) throw new Error('expected a cursor');
    const modern = await listThreads(inbox(), `limit=5&cursorId=${c.id}&cursorTimestamp=${c.timestamp}`);
    const legacy = await listThreads(inbox(), `limit=5&cursor[id]=${c.id}&cursor[timestamp]=${c.timestamp}`);
    expect(ids(legacy.threads)).toEqual(ids(modern.threads));
    expect(ids(modern.threads)).not.toContain(c.id);
  });

  it('enforces limit bounds 1..100', async () => {
    expect((await listThreads(inbox(), 'limit=1')).threads).toHaveLength(1);
    expect((await listThreads(inbox(), 'limit=100')).threads).toHaveLength(100);
    for (const limit of ['0', '101', '500', '-1', '2.5', 'abc']) {
      const res = await callInbox(inbox(), '/threads', { query: `limit=${limit}` });
      expect(res.status, `limit=${limit}`).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'VALIDATION_ERROR', status: 400 } });
    }
  });

  it('rejects malformed cursors with 400', async () => {
    const ts = '2026-01-01T00:00:00.000Z';
    const bad = [
      `cursorId=${SEED_THREADS.markup}`,
      `cursorTimestamp=${ts}`,
      `cursorId=${SEED_THREADS.markup}&cursorTimestamp=yesterday`,
      `cursorId=NOT-AN-ID&cursorTimestamp=${ts}`,
      `cursorId=${SEED_THREADS.markup}&cursorTimestamp=${ts}&cursor[id]=${SEED_THREADS.markup}&cursor[timestamp]=${ts}`,
      `cursor[id]=${SEED_THREADS.markup}`,
    ];
    for (const query of bad) {
      const res = await callInbox(inbox(), '/threads', { query });
      expect(res.status, query).toBe(400);
    }
  });
});
