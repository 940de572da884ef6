import { describe, expect, it } from 'vitest';
import { buildFilters, buildMessageListQuery, buildThreadListQuery, toQueryString } from './filters.js';
import type { ThreadFilters } from './types.js';

/** The seed guide's helper, verbatim apart from types: the reference our builder must match. */
function guideBuildFilters(opts: ThreadFilters) {
  const params: Record<string, string | boolean> = {};
  opts.tagIds?.forEach((id, i) => {
    params[`filters[tags][selectedIds][${i}]`] = id;
  });
  opts.statusIds?.forEach((id, i) => {
    params[`filters[statuses][selectedIds][${i}]`] = id;
  });
  opts.assigneeIds?.forEach((id, i) => {
    params[`filters[assignees][selectedIds][${i}]`] = id;
  });
  opts.campaignIds?.forEach((id, i) => {
    params[`filters[campaigns][selectedIds][${i}]`] = id;
  });
  if (opts.noTags) params['filters[tags][noTags]'] = true;
  if (opts.noStatus) params['filters[statuses][noStatus]'] = true;
  if (opts.noAssignee) params['filters[assignees][noAssignee]'] = true;
  if (opts.noCampaign) params['filters[campaigns][noCampaign]'] = true;
  if (opts.sortOrder) params['filters[sortOrder]'] = opts.sortOrder;
  return params;
}

const asStrings = (params: Record<string, string | boolean>) =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));

describe('buildFilters', () => {
  const cases: ThreadFilters[] = [
    {},
    { tagIds: ['t8rvk2m5j0xn4wq7ybftcael', 'u9swl3n6k1yo5xr8zcgudbfm'] },
    { noTags: true },
    { statusIds: ['s3km7xj9wq5p2bvnhfdteoly'], noStatus: false },
    { assigneeIds: ['r3km7xj9wq5p2bvnhfdteoly'], noAssignee: true },
    { campaignIds: ['c5nwp8r2j3ym6at0xbkqhfvg'], noCampaign: true, sortOrder: 'asc' },
    {
      tagIds: ['a'],
      statusIds: ['b', 'c'],
      assigneeIds: ['d'],
      campaignIds: ['e'],
      noTags: true,
      noStatus: true,
      noAssignee: true,
      noCampaign: true,
      sortOrder: 'desc',
    },
  ];

  it.each(cases)('produces the same params as the seed guide helper for %j', (filters) => {
    expect(Object.fromEntries(buildFilters(filters))).toEqual(asStrings(guideBuildFilters(filters)));
  });

  it('indexes selected ids per group and sends no* flags only when true', () => {
    expect(buildFilters({ tagIds: ['t1', 't2'], noStatus: false, noAssignee: true })).toEqual([
      ['filters[tags][selectedIds][0]', 't1'],
      ['filters[tags][selectedIds][1]', 't2'],
      ['filters[assignees][noAssignee]', 'true'],
    ]);
  });
});

describe('buildThreadListQuery', () => {
  it('carries the view, account links, filters, limit and both cursor halves in order', () => {
    const entries = buildThreadListQuery({
      inbox: 'no-reply',
      accountLinkIds: ['df6jbw4h36qm5d9iu2sgn7kx', 'a2'],
      filters: { statusIds: ['s1'], sortOrder: 'asc' },
      limit: 50,
      cursor: { id: 'l44e15irdq4db30i77cgphhx', timestamp: '2025-01-15T15:30:00.000Z' },
    });
    expect(entries).toEqual([
      ['inbox', 'no-reply'],
      ['accountLinkIds[0]', 'df6jbw4h36qm5d9iu2sgn7kx'],
      ['accountLinkIds[1]', 'a2'],
      ['filters[statuses][selectedIds][0]', 's1'],
      ['filters[sortOrder]', 'asc'],
      ['limit', '50'],
      ['cursorId', 'l44e15irdq4db30i77cgphhx'],
      ['cursorTimestamp', '2025-01-15T15:30:00.000Z'],
    ]);
  });

  it('is empty for no params and ignores a null cursor', () => {
    expect(buildThreadListQuery()).toEqual([]);
    expect(buildThreadListQuery({ cursor: null })).toEqual([]);
  });

  it('rejects a limit outside 1..100', () => {
    expect(() => buildThreadListQuery({ limit: 0 })).toThrow(RangeError);
    expect(() => buildThreadListQuery({ limit: 101 })).toThrow(/1 to 100/);
    expect(() => buildMessageListQuery({ limit: 2.5 })).toThrow(RangeError);
  });
});

describe('toQueryString', () => {
  it('percent-encodes brackets, colons and plus signs', () => {
    expect(
      toQueryString([
        ['filters[tags][selectedIds][0]', 'abc'],
        ['cursorTimestamp', '2025-01-15T15:30:00.000+00:00'],
      ]),
    ).toBe('filters%5Btags%5D%5BselectedIds%5D%5B0%5D=abc&cursorTimestamp=2025-01-15T15%3A30%3A00.000%2B00%3A00');
  });

  it('round-trips through URLSearchParams', () => {
    const entries = buildThreadListQuery({ inbox: 'default', filters: { tagIds: ['x y'], noAssignee: true } });
    expect([...new URLSearchParams(toQueryString(entries))]).toEqual(entries);
  });
});
