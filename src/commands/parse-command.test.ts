import { describe, expect, it } from 'vitest';
import { rankByCloseness } from './closeness.js';
import { type Command, emptyListQuery, type ListQuery, type ParseErrorCode } from './grammar.js';
import { parseCommand } from './parse-command.js';
import { describeNoResults, describeQuery, formatQuery } from './query-text.js';

const list = (overrides: Partial<ListQuery> = {}): Command => ({
  kind: 'list',
  query: { ...emptyListQuery(), ...overrides },
});

describe('parseCommand: commands', () => {
  const cases: [string, Command][] = [
    ['', { kind: 'help' }],
    ['   ', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['noreply', list({ view: 'noreply' })],
    ['list', list()],
    ['list active', list()],
    ['list noreply', list({ view: 'noreply' })],
    ['list requests', list({ view: 'requests' })],
    ['list archived', list({ view: 'archived' })],
    ['requests', list({ view: 'requests' })],
    ['archived', list({ view: 'archived' })],
    ['mine', list({ assignees: [{ type: 'me' }] })],
    ['unassigned', list({ unassigned: true })],
    ['noreply mine oldest', list({ view: 'noreply', assignees: [{ type: 'me' }], sort: 'oldest' })],
    ['mine noreply', list({ view: 'noreply', assignees: [{ type: 'me' }] })],
    ['tag:hot', list({ tags: ['hot'] })],
    ['thread t1a2b3c', { kind: 'thread', threadId: 't1a2b3c' }],
    ['digest', { kind: 'digest', post: false }],
    ['digest post', { kind: 'digest', post: true }],
    ['Digest POST', { kind: 'digest', post: true }],
  ];
  it.each(cases)('parses %j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });
});

describe('parseCommand: who', () => {
  const username = (u: string): Command => ({ kind: 'who', target: { type: 'username', username: u } });
  const cases: [string, Command][] = [
    ['who jack', username('jack')],
    ['who @Jack_Dorsey', username('jack_dorsey')],
    ['who x.com/jack', username('jack')],
    ['who https://x.com/jack', username('jack')],
    ['who https://www.twitter.com/Jack/', username('jack')],
    ['who http://twitter.com/jack?s=20&t=abc', username('jack')],
    ['who https://mobile.twitter.com/jack/status/20', username('jack')],
    ['who <https://x.com/jack|x.com/jack>', username('jack')],
    ['who <https://x.com/jack>', username('jack')],
    ['who @12345', username('12345')],
    ['who 783214', { kind: 'who', target: { type: 'platformId', platformId: '783214' } }],
    ['who https://x.com/i/user/783214', { kind: 'who', target: { type: 'platformId', platformId: '783214' } }],
  ];
  it.each(cases)('parses %j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['who alice-smith', 'isn\u2019t a valid X username'.replace('\u2019', "'")],
    ['who averyveryverylongname', "isn't a valid X username"],
    ['who', 'Usage'],
    ['who a b', 'one X username'],
    ['who https://x.com/home', "isn't a link to an X profile"],
    ['who https://example.com/jack', "isn't an x.com or twitter.com profile link"],
    ['who <@U0ALICE001|alice>', 'Slack user'],
  ])('rejects %j with words', (text, words) => {
    const result = parseCommand(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain(words);
  });
});

describe('parseCommand: filters', () => {
  const cases: [string, Partial<ListQuery>][] = [
    ['list tag:"hot lead"', { tags: ['hot lead'] }],
    ["list tag:'hot lead'", { tags: ['hot lead'] }],
    ['list tag:“hot lead”', { tags: ['hot lead'] }],
    ['list tag:‘hot lead’', { tags: ['hot lead'] }],
    ['list tag:”hot lead”', { tags: ['hot lead'] }],
    ["list tag:o'brien", { tags: ["o'brien"] }],
    ['list tag:"say \\"hi\\""', { tags: ['say "hi"'] }],
    ['list TAG:hot Tag:cold tag:HOT', { tags: ['hot', 'cold'] }],
    ['list tag:R&amp;D', { tags: ['R&D'] }],
    ['list notags', { noTags: true }],
    ['list status:Qualified status:"In talks"', { statuses: ['Qualified', 'In talks'] }],
    ['list nostatus', { noStatus: true }],
    ['list assignee:me', { assignees: [{ type: 'me' }] }],
    ['list assignee:ME mine', { assignees: [{ type: 'me' }] }],
    ['list assignee:<@U0ALICE001>', { assignees: [{ type: 'slack', userId: 'U0ALICE001' }] }],
    ['list assignee:<@U0ALICE001|alice>', { assignees: [{ type: 'slack', userId: 'U0ALICE001' }] }],
    ['list assignee:@alice', { assignees: [{ type: 'name', value: 'alice' }] }],
    ['list assignee:"Carol Okafor"', { assignees: [{ type: 'name', value: 'Carol Okafor' }] }],
    ['list assignee:bob@acme-growth.example', { assignees: [{ type: 'name', value: 'bob@acme-growth.example' }] }],
    [
      'list assignee:<mailto:bob@acme-growth.example|bob@acme-growth.example>',
      { assignees: [{ type: 'name', value: 'bob@acme-growth.example' }] },
    ],
    ['list assignee:"me"', { assignees: [{ type: 'name', value: 'me' }] }],
    ['list unassigned', { unassigned: true }],
    ['list campaign:"Q4 founders" campaign:cwebinar', { campaigns: ['Q4 founders', 'cwebinar'] }],
    ['list nocampaign', { noCampaign: true }],
    ['list account:@AcmeHQ account:jo_acme', { accounts: ['acmehq', 'jo_acme'] }],
    ['list oldest', { sort: 'oldest' }],
    ['list newest newest', { sort: 'newest' }],
    ['list limit:1', { limit: 1 }],
    ['list limit:100', { limit: 100 }],
    ['list\u00a0tag:hot\tlimit:5', { tags: ['hot'], limit: 5 }],
  ];
  it.each(cases)('parses %j', (text, overrides) => {
    expect(parseCommand(text)).toEqual({ ok: true, command: list(overrides) });
  });
});

describe('parseCommand: errors', () => {
  const cases: [string, ParseErrorCode, string][] = [
    ['noreplyy', 'unknown_command', 'Unknown command “noreplyy”. Did you mean `noreply`?'],
    ['lsit', 'unknown_command', 'Did you mean `list`?'],
    ['list tg:hot', 'unknown_filter', 'Unknown filter “tg:”. Did you mean `tag:`?'],
    ['list noreply tag:hot lead', 'unknown_word', 'quote the whole name: `tag:"hot lead"`'],
    ['list foo', 'unknown_word', 'Unknown word “foo”'],
    ['list "hot lead"', 'unknown_word', 'Unknown word'],
    ['list tag:x notags', 'conflict', '`tag:` and `notags` contradict each other'],
    ['list status:x nostatus', 'conflict', '`status:` and `nostatus`'],
    ['list campaign:x nocampaign', 'conflict', '`campaign:` and `nocampaign`'],
    ['mine unassigned', 'conflict', '`unassigned`'],
    ['list assignee:@bob unassigned', 'conflict', '`assignee:` and `unassigned`'],
    ['list oldest newest', 'conflict', '`oldest` and `newest` contradict each other'],
    ['list archived noreply', 'conflict', 'different lists'],
    ['list limit:0', 'invalid_value', 'from 1 to 100'],
    ['list limit:500', 'invalid_value', 'from 1 to 100'],
    ['list limit:abc', 'invalid_value', 'whole number'],
    ['list limit:-3', 'invalid_value', 'whole number'],
    ['list limit:5 limit:5', 'conflict', 'given twice'],
    ['list tag:', 'missing_value', '`tag:` needs a value'],
    ['list tag:""', 'missing_value', '`tag:` needs a value'],
    ['list tag:"hot lead', 'unterminated_quote', 'never closed'],
    ['list account:acme-hq', 'invalid_value', "isn't a valid X username"],
    ['list assignee:<https://evil.example|x>', 'invalid_value', '`assignee:` takes'],
    ['thread ../team', 'invalid_value', "isn't a thread ID"],
    ['thread T1ABC', 'invalid_value', "isn't a thread ID"],
    ['thread', 'missing_argument', 'Which thread?'],
    ['thread a b', 'unexpected_argument', 'one thread ID'],
    ['digest now', 'unexpected_argument', 'Unknown digest option “now”'],
    ['digest post again', 'unexpected_argument', 'at most one word'],
  ];
  it.each(cases)('rejects %j (%s)', (text, code, words) => {
    const result = parseCommand(text);
    expect(result).toMatchObject({ ok: false, error: { code } });
    if (!result.ok) expect(result.error.message).toContain(words);
  });

  it('lists what the grammar knows, closest first, after an unknown command', () => {
    const result = parseCommand('noreplyy');
    if (result.ok) throw new Error('expected an error');
    expect(result.error.input).toBe('noreplyy');
    expect(result.error.suggestions[0]).toBe('noreply');
    expect(result.error.suggestions).toEqual(expect.arrayContaining(['list', 'who', 'thread', 'digest', 'help']));
    expect(result.error.message).toContain('`list`');
  });

  it('offers the filters it knows after an unknown filter key', () => {
    const result = parseCommand('list stauts:x');
    if (result.ok) throw new Error('expected an error');
    expect(result.error.suggestions[0]).toBe('status:');
    expect(result.error.suggestions).toEqual(expect.arrayContaining(['tag:', 'assignee:', 'limit:', 'notags']));
  });

  it('never throws, whatever the input', () => {
    for (const text of ['<', '>', '<@', 'tag:<', '"', '“', 'x:'.repeat(500), '\u0000', '🙂'.repeat(300), 'who <>']) {
      expect(() => parseCommand(text)).not.toThrow();
    }
  });
});

describe('formatQuery', () => {
  const queries: ListQuery[] = [
    emptyListQuery(),
    { ...emptyListQuery('noreply'), tags: ['hot lead'], assignees: [{ type: 'me' }] },
    {
      ...emptyListQuery('archived'),
      tags: ['R&D', '<3 fans', 'say "hi"', "o'brien", 'back\\slash', '@at', 'a:b', 'curly “q” ‘s’', 'ünïcödé 🚀'],
      statuses: ['In talks'],
      assignees: [
        { type: 'slack', userId: 'U0ALICE001' },
        { type: 'name', value: 'Carol Okafor' },
        { type: 'name', value: 'me' },
        { type: 'name', value: 'bob@acme-growth.example' },
      ],
      campaigns: ['Q4 founders'],
      accounts: ['acmehq', 'jo_acme'],
      sort: 'oldest',
      limit: 25,
    },
    { ...emptyListQuery('requests'), noTags: true, noStatus: true, unassigned: true, noCampaign: true, sort: 'newest' },
  ];
  it.each(queries.map((q) => [formatQuery(q), q] as const))('round-trips %s', (text, query) => {
    expect(parseCommand(text)).toEqual({ ok: true, command: { kind: 'list', query } });
  });

  it('round-trips every query the parser produces from tricky input', () => {
    const inputs = [
      'noreply tag:“hot lead” tag:R&amp;D assignee:<@U0BOB00002|bob> assignee:@carol limit:7',
      'list status:\'In talks\' account:https://x.com/AcmeHQ campaign:"Webinar follow-up" oldest',
      'mine notags nostatus nocampaign',
    ];
    for (const input of inputs) {
      const first = parseCommand(input);
      if (!first.ok || first.command.kind !== 'list') throw new Error(`did not parse: ${input}`);
      expect(parseCommand(formatQuery(first.command.query))).toEqual(first);
    }
  });

  it('writes the canonical form', () => {
    expect(formatQuery({ ...emptyListQuery('noreply'), tags: ['hot lead'], assignees: [{ type: 'me' }] })).toBe(
      'list noreply tag:"hot lead" assignee:me',
    );
  });
});

describe('describeQuery and describeNoResults', () => {
  it('says what was asked in a few words', () => {
    const query = { ...emptyListQuery('noreply'), tags: ['hot lead'], assignees: [{ type: 'me' as const }] };
    expect(describeQuery(query)).toBe('Awaiting reply · tag hot lead · assigned to me');
    expect(describeNoResults({ ...emptyListQuery('noreply'), tags: ['hot lead'] })).toBe(
      'No threads awaiting reply with tag hot lead.',
    );
  });

  it('escapes user-entered names and renders Slack users as mentions', () => {
    const query = {
      ...emptyListQuery(),
      tags: ['<!channel>', 'R&D'],
      assignees: [{ type: 'slack' as const, userId: 'U0BOB00002' }],
    };
    expect(describeQuery(query)).toBe('Active · tags &lt;!channel&gt; or R&amp;D · assigned to <@U0BOB00002>');
  });

  it('describes every filter', () => {
    const text = describeQuery({
      ...emptyListQuery('archived'),
      noTags: true,
      noStatus: true,
      unassigned: true,
      campaigns: ['Q4 founders'],
      accounts: ['acmehq'],
      sort: 'oldest',
    });
    expect(text).toBe('Archived · no tags · no status · unassigned · campaign Q4 founders · on @acmehq · oldest first');
  });
});

describe('rankByCloseness', () => {
  it('puts exact, then prefix, then substring matches first, then the rest (each tier by edit distance)', () => {
    const names = ['enterprise', 'hot lead', 'Hot', 'lukewarm', 'hotel', 'photo', 'cold'];
    expect(rankByCloseness('hot', names)).toEqual([
      'Hot',
      'hotel',
      'hot lead',
      'photo',
      'cold',
      'lukewarm',
      'enterprise',
    ]);
  });

  it('ranks typos by edit distance, transpositions included', () => {
    expect(rankByCloseness('qualfiied', ['Won', 'Qualified', 'In talks'])[0]).toBe('Qualified');
    expect(rankByCloseness('noreplyy', ['list', 'noreply', 'help'])[0]).toBe('noreply');
  });

  it('is case-insensitive, keeps every candidate once, and handles an empty list', () => {
    expect(rankByCloseness('ALICE', ['bob', 'alice', 'bob'])).toEqual(['alice', 'bob']);
    expect(rankByCloseness('x', [])).toEqual([]);
  });
});
