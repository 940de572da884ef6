import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE, DEMO_TEAM } from '../../sandbox/demo-team.js';
import { SEED_ACCOUNT_LINKS, SEED_PROSPECTS, SEED_STATUSES, SEED_TAGS } from '../../sandbox/inbox-emulator/seed.js';
import { callInbox, useCheckedInboxEmulator } from '../support/inbox-emulator.js';

const inbox = useCheckedInboxEmulator();

describe('team, members, account links, tags and statuses', () => {
  it('GET /team returns the demo team with every required field', async () => {
    const res = await callInbox<Record<string, unknown>>(inbox(), '/team');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: DEMO_TEAM.id, name: 'Acme Growth', slug: 'acme-growth', currency: 'USD' });
    expect(res.body.image).toBeNull();
  });

  it('GET /members returns the five demo people who have an Inbox seat, as a flat array', async () => {
    const res = await callInbox<{ id: string; email: string }[]>(inbox(), '/members');
    expect(res.status).toBe(200);
    const seated = DEMO_PEOPLE.filter((p) => p.memberId);
    expect(res.body.map((m) => m.id)).toEqual(seated.map((p) => p.memberId));
    expect(res.body.map((m) => m.email)).toEqual(seated.map((p) => p.email));
  });

  it('GET /members/{id} returns one member, 404 MEMBER_NOT_FOUND for an unknown one and 400 for a malformed ID', async () => {
    const bob = DEMO_PEOPLE[1];
    expect((await callInbox(inbox(), `/members/${bob?.memberId}`)).body).toMatchObject({
      name: 'Bob Martinez',
      role: 'admin',
    });
    const missing = await callInbox(inbox(), '/members/mnobody000000000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'MEMBER_NOT_FOUND', status: 404 } });
    const malformed = await callInbox(inbox(), '/members/Not_An_Id');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: { code: 'VALIDATION_ERROR', status: 400 } });
  });

  it('GET /account-links returns the three connected X accounts', async () => {
    const res = await callInbox<{ id: string; username: string; status: string }[]>(inbox(), '/account-links');
    expect(res.body.map((l) => [l.id, l.username])).toEqual(
      Object.values(SEED_ACCOUNT_LINKS).map((l) => [l.id, l.username]),
    );
    expect(res.body.every((l) => l.status === 'active')).toBe(true);
  });

  it('GET /tags and GET /statuses return the seeded lists in board order', async () => {
    const tags = await callInbox<{ name: string }[]>(inbox(), '/tags');
    expect(tags.body.map((t) => t.name)).toEqual(['hot lead', 'enterprise', 'partner', 'follow-up', 'investor']);
    const statuses = await callInbox<{ id: string; name: string }[]>(inbox(), '/statuses');
    expect(statuses.body.map((s) => s.name)).toEqual(Object.values(SEED_STATUSES).map((s) => s.name));
    expect(tags.body[0]).toEqual(SEED_TAGS.hotLead);
  });

  it('GET /prospects/lookup finds Jordan Rivera with his threads on both account links, and null for a stranger', async () => {
    const res = await callInbox<{ username: string; context: { threads: { accountLinkId: string }[] } }>(
      inbox(),
      '/prospects/lookup',
      { query: `platformId=${SEED_PROSPECTS.jordan.platformId}` },
    );
    expect(res.body.username).toBe('jordanrivera');
    expect(res.body.context.threads.map((t) => t.accountLinkId).sort()).toEqual(
      [SEED_ACCOUNT_LINKS.acmehq.id, SEED_ACCOUNT_LINKS.aliceBuilds.id].sort(),
    );
    expect((await callInbox(inbox(), '/prospects/lookup', { query: 'platformId=1' })).body).toBeNull();
    const byId = await callInbox(inbox(), `/prospects/${SEED_PROSPECTS.jordan.externalId}`);
    expect(byId.body).toMatchObject({ displayName: 'Jordan Rivera', bio: 'Head of Growth at TechCo' });
  });

  it('answers 404 NOT_FOUND for paths the v1 API does not have, such as a campaign list', async () => {
    for (const path of ['/campaigns', '/nope', '/threads/abc/unknown']) {
      const res = await callInbox(inbox(), path);
      expect(res.status, path).toBe(404);
      expect(res.body).toMatchObject({ error: { code: 'NOT_FOUND', status: 404 } });
    }
  });
});
