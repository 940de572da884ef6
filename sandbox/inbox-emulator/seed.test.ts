import { describe, expect, it } from 'vitest';
import { DEMO_CAMPAIGNS } from '../demo-team.js';
import {
  buildLargeTeam,
  buildSeed,
  LONG_MESSAGE,
  MARKUP_MESSAGE,
  RTL_MESSAGE,
  SEED_ACCOUNT_LINKS,
  SEED_PROSPECTS,
  SEED_THREADS,
} from './seed.js';
import { InboxStore } from './store.js';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const store = new InboxStore(() => NOW);

describe('the demo seed', () => {
  it('is deterministic: the same now gives the same data, another now shifts only the times', () => {
    expect(buildSeed(NOW)).toEqual(buildSeed(NOW));
    const later = buildSeed(new Date(NOW.getTime() + 3_600_000));
    const first = buildSeed(NOW);
    expect([...later.threads.keys()]).toEqual([...first.threads.keys()]);
    const a = first.threads.get(SEED_THREADS.jordanNoReply)?.messages.at(-1)?.createdAt ?? '';
    const b = later.threads.get(SEED_THREADS.jordanNoReply)?.messages.at(-1)?.createdAt ?? '';
    expect(Date.parse(b) - Date.parse(a)).toBe(3_600_000);
    expect(a).toBe('2026-03-02T08:18:00.000Z');
  });

  it('has about 300 threads spread over every view', () => {
    expect(store.threads()).toHaveLength(300);
    const counts = store.countByView();
    expect(counts['no-reply']).toBeGreaterThanOrEqual(80);
    expect(counts['no-reply']).toBeLessThanOrEqual(100);
    expect(counts.default - counts['no-reply']).toBeGreaterThanOrEqual(80);
    expect(counts.requests).toBeGreaterThanOrEqual(20);
    expect(counts.requests).toBeLessThanOrEqual(35);
    expect(counts.archived).toBeGreaterThanOrEqual(80);
  });

  it('uses 24-char lowercase cuid-like IDs everywhere', () => {
    const idsInUse = store
      .threads()
      .flatMap((t) => [t.id, t.accountLinkId, t.prospect.externalId ?? '', ...store.messages(t.id).map((m) => m.id)]);
    expect(idsInUse.filter((id) => !/^[a-z][0-9a-z]{23}$/.test(id))).toEqual([]);
  });

  it('gives Jordan Rivera threads on two account links, one of them no-reply', () => {
    const jordans = store.threads().filter((t) => t.prospect.username === SEED_PROSPECTS.jordan.username);
    expect(jordans.map((t) => t.accountLinkId).sort()).toEqual(
      [SEED_ACCOUNT_LINKS.acmehq.id, SEED_ACCOUNT_LINKS.aliceBuilds.id].sort(),
    );
    expect(jordans[0]?.prospect).toMatchObject({
      displayName: 'Jordan Rivera',
      bio: 'Head of Growth at TechCo',
      platformId: '1876543210987654321',
    });
    expect(store.threads({ inbox: 'no-reply' }).map((t) => t.id)).toContain(SEED_THREADS.jordanNoReply);
  });

  it('includes prospect content that needs escaping in Slack, an RTL message and a ~5,000-character message', () => {
    const last = (id: string) => store.thread(id)?.lastMessage?.content;
    expect(last(SEED_THREADS.markup)).toBe(MARKUP_MESSAGE);
    for (const part of ['<!channel>', '<@U0ALICE001>', '<https://evil.example|click>', '&', '*bold*', '🚀']) {
      expect(MARKUP_MESSAGE).toContain(part);
    }
    expect(store.thread(SEED_THREADS.markup)?.prospect.displayName).toContain('<');
    expect(last(SEED_THREADS.rtl)).toBe(RTL_MESSAGE);
    expect(RTL_MESSAGE).toMatch(/[\u0600-\u06FF]/);
    expect(last(SEED_THREADS.longMessage)).toBe(LONG_MESSAGE);
    expect(LONG_MESSAGE.length).toBeGreaterThan(4900);
    expect(LONG_MESSAGE.length).toBeLessThanOrEqual(5000);
  });

  it('has plausible conversations: 3–12 messages outside requests and campaign bumps, ages from minutes to weeks', () => {
    const open = store.threads({ inbox: 'default' });
    expect(open.every((t) => store.messages(t.id).length >= 3 && store.messages(t.id).length <= 12)).toBe(true);
    const ages = store
      .threads({ inbox: 'no-reply' })
      .map((t) => NOW.getTime() - Date.parse(t.lastMessageTimestamp ?? ''));
    expect(Math.min(...ages)).toBeLessThan(60 * 60_000);
    expect(Math.max(...ages)).toBeGreaterThan(7 * 86_400_000);
  });

  it('associates some threads with each demo campaign, internally only', () => {
    for (const campaign of DEMO_CAMPAIGNS) {
      expect(store.threads().filter((t) => store.campaignOf(t.id) === campaign.id).length).toBeGreaterThan(3);
    }
    expect(store.threads().some((t) => 'campaignId' in t)).toBe(false);
  });
});

describe('the large team', () => {
  it('builds 10,000 no-reply threads over 4 accounts', () => {
    // Not a timing test (the 2-core machine is shared): the guard only catches a pathological slowdown.
    const started = performance.now();
    const data = buildLargeTeam(NOW, { noReplyThreads: 10_000, accounts: 4 });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(data.threads.size).toBe(10_000);
    expect(data.accountLinks).toHaveLength(4);
  });
});
