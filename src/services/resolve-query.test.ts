import { describe, expect, it } from 'vitest';
import { emptyListQuery, type ListQuery } from '../commands/grammar.js';
import type { Member } from '../inbox/schemas.js';
import type { Directory } from './directory.js';
import { resolveAgainst, resolveListQuery } from './resolve-query.js';

const member = (id: string, name: string, email: string): Member => ({
  id,
  userId: `u${id}`,
  name,
  email,
  image: null,
  role: 'user',
  createdAt: null,
  updatedAt: null,
});

const directory: Directory = {
  members: [member('malice', 'Alice Chen', 'alice@acme.example'), member('mbob', 'Bob Martinez', 'bob@acme.example')],
  accountLinks: [
    { id: 'lacme', platform: 'twitter', platformId: '1', name: 'Acme', username: 'AcmeHQ', status: 'active' },
    { id: 'lsales', platform: 'twitter', platformId: '2', name: 'Sales', username: 'acme_sales', status: 'active' },
  ],
  tags: [
    { id: 'thot', name: 'hot lead', color: '#f00' },
    { id: 'tent', name: 'enterprise', color: '#00f' },
  ],
  statuses: [{ id: 'squal', name: 'Qualified', color: null }],
  campaigns: [{ id: 'cq4', name: 'Q4 founders' }],
};

const q = (over: Partial<ListQuery>): ListQuery => ({ ...emptyListQuery('noreply'), ...over });
const slack = new Map<string, Member | null>([
  ['UALICE', directory.members[0] ?? null],
  ['UFRANK', null],
]);

describe('resolveAgainst', () => {
  it('maps every filter group to IDs, case-insensitively', () => {
    const result = resolveAgainst(
      q({
        tags: ['Hot Lead', 'enterprise'],
        statuses: ['qualified'],
        assignees: [{ type: 'me' }, { type: 'name', value: 'bob' }],
        campaigns: ['q4 founders'],
        accounts: ['acmehq'],
        sort: 'oldest',
      }),
      directory,
      slack,
      'UALICE',
    );
    expect(result).toEqual({
      ok: true,
      params: {
        inbox: 'no-reply',
        accountLinkIds: ['lacme'],
        filters: {
          tagIds: ['thot', 'tent'],
          statusIds: ['squal'],
          assigneeIds: ['malice', 'mbob'],
          campaignIds: ['cq4'],
          sortOrder: 'asc',
        },
      },
      // What each name resolved to, as Inbox spells it, for the list's header.
      labels: {
        tags: ['hot lead', 'enterprise'],
        statuses: ['Qualified'],
        assignees: ['you (Alice Chen)', 'Bob Martinez'],
        campaigns: ['Q4 founders'],
        accounts: ['AcmeHQ'],
      },
    });
  });

  it('passes the no* flags and the view through', () => {
    const result = resolveAgainst(
      { ...emptyListQuery('archived'), noTags: true, noStatus: true, unassigned: true, noCampaign: true },
      directory,
      slack,
      'UALICE',
    );
    expect(result).toEqual({
      ok: true,
      params: { inbox: 'archived', filters: { noTags: true, noStatus: true, noAssignee: true, noCampaign: true } },
      labels: { tags: [], statuses: [], assignees: [], campaigns: [], accounts: [] },
    });
  });

  it('reports an unknown tag with the valid names closest first', () => {
    expect(resolveAgainst(q({ tags: ['enterprize'] }), directory, slack, 'UALICE')).toEqual({
      ok: false,
      failure: { kind: 'unknown_name', nameKind: 'tag', input: 'enterprize', valid: ['enterprise', 'hot lead'] },
    });
  });

  it('takes an ID-shaped campaign as a campaign ID, since v1 cannot list campaigns', () => {
    const result = resolveAgainst(q({ campaigns: ['cwebinarfollowup00000002'] }), directory, slack, 'UALICE');
    expect(result).toMatchObject({ ok: true, params: { filters: { campaignIds: ['cwebinarfollowup00000002'] } } });
  });

  it('says when "me" has no Inbox seat', () => {
    expect(resolveAgainst(q({ assignees: [{ type: 'me' }] }), directory, slack, 'UFRANK')).toEqual({
      ok: false,
      failure: { kind: 'not_linked', slackUserId: 'UFRANK', self: true },
    });
  });
});

describe('resolveListQuery', () => {
  it('refreshes the directory once when a name is unknown, then resolves a tag created since', async () => {
    let refreshed = 0;
    const fresh: Directory = { ...directory, tags: [...directory.tags, { id: 'tinv', name: 'investor', color: '' }] };
    const result = await resolveListQuery(q({ tags: ['investor'] }), {
      directory: {
        get: async () => directory,
        refresh: async () => {
          refreshed++;
          return fresh;
        },
      },
      identity: { memberFor: async () => null },
      slackUserId: 'UALICE',
    });
    expect(refreshed).toBe(1);
    expect(result).toMatchObject({ ok: true, params: { filters: { tagIds: ['tinv'] } } });
  });
});
