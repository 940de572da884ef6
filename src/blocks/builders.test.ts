import type { ActionsBlock, KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { validateBlocks, validateView } from '../../sandbox/slack-emulator/block-validation.js';
import {
  ACCOUNT_ACME,
  ACCOUNT_FOUNDER,
  ALICE,
  INBOX_APP_URL,
  makeDirectory,
  makeMessage,
  makeThread,
  makeThreads,
  NOW,
} from '../../test/support/block-fixtures.js';
import { blockLimitViolations, viewLimitViolations } from '../../test/support/block-limits.js';
import { emptyListQuery, type ListQuery } from '../commands/grammar.js';
import { parseCommand } from '../commands/parse-command.js';
import { buildErrorMessage, buildNotice, buildParseError, buildUnknownName } from './errors.js';
import { buildHelp } from './help.js';
import { ActionIds, BlockIds, CallbackIds, decodePageValue, findThreadIds } from './ids.js';
import { buildWhoResult, formatFollowers, formatMoney } from './prospect-card.js';
import { buildThreadList, MAX_CARDS_PER_MESSAGE } from './thread-list.js';
import { buildThreadModal } from './thread-modal.js';

const directory = makeDirectory();
const byId = (blocks: readonly KnownBlock[], id: string) => blocks.find((b) => b.block_id === id);
const textOf = (block: KnownBlock | undefined) => (block as SectionBlock | undefined)?.text?.text ?? '';
const query = (overrides: Partial<ListQuery> = {}): ListQuery => ({ ...emptyListQuery(), ...overrides });
const cursor = { id: 'tlist0000000000000000009', timestamp: '2025-11-24T09:12:00.000Z' };

describe('buildThreadList', () => {
  const firstPage = { offset: 0, cursor: null, starts: [], nextCursor: null, total: null };
  const base = { directory, now: NOW, inboxAppUrl: INBOX_APP_URL, page: firstPage };
  const buttonValue = (msg: { blocks: KnownBlock[] }, actionId: string) => {
    const footer = byId(msg.blocks, BlockIds.listFooter) as ActionsBlock | undefined;
    const button = footer?.elements.find((e) => e.action_id === actionId) as { value?: string } | undefined;
    return button ? decodePageValue(button.value) : undefined;
  };

  it('says how many threads are shown and what was asked, then compact cards between dividers', () => {
    const q = query({ view: 'noreply', tags: ['hot lead'], assignees: [{ type: 'me' }] });
    const msg = buildThreadList({ ...base, threads: makeThreads(3), query: q });
    expect(textOf(byId(msg.blocks, BlockIds.listHeader))).toBe(
      '*3 threads* · Awaiting reply · tag hot lead · assigned to me',
    );
    expect(msg.text).toBe('3 threads · Awaiting reply · tag hot lead · assigned to me');
    expect(findThreadIds(msg.blocks)).toHaveLength(3);
    expect(msg.blocks.filter((b) => b.type === 'divider')).toHaveLength(2);
    expect(byId(msg.blocks, BlockIds.listFooter)).toBeUndefined();
  });

  it('shows what the names resolved to, not what was typed', () => {
    const q = query({
      view: 'noreply',
      tags: ['HOT LEAD'],
      assignees: [{ type: 'name', value: 'alice' }, { type: 'me' }],
    });
    const labels = {
      tags: ['hot lead'],
      statuses: [],
      assignees: ['Alice Chen', 'you (Bob Martinez)'],
      campaigns: [],
      accounts: [],
    };
    const msg = buildThreadList({ ...base, threads: makeThreads(2), query: q, labels });
    expect(textOf(byId(msg.blocks, BlockIds.listHeader))).toBe(
      '*2 threads* · Awaiting reply · tag hot lead · assigned to Alice Chen or you (Bob Martinez)',
    );
  });

  it('numbers the first page "Threads 1–10 of 93" and adds a Next page button that goes on from the cursor', () => {
    const q = query({ view: 'noreply', tags: ['hot lead'] });
    const total = { count: 93, atLeast: false };
    const msg = buildThreadList({
      ...base,
      threads: makeThreads(10),
      query: q,
      page: { ...firstPage, nextCursor: cursor, total },
    });
    expect(textOf(byId(msg.blocks, BlockIds.listHeader))).toBe('*Threads 1–10 of 93* · Awaiting reply · tag hot lead');
    const next = buttonValue(msg, ActionIds.listNext);
    expect(next).toEqual({ text: 'list noreply tag:"hot lead"', cursor, starts: [null], offset: 10, total });
    expect(parseCommand(next?.text ?? '')).toEqual({ ok: true, command: { kind: 'list', query: q } });
    expect(buttonValue(msg, ActionIds.listPrev)).toBeUndefined();
  });

  it('numbers a later page "Threads 11–20 of 93" with Previous going back to where the page before started', () => {
    const earlier = { id: 'tlist0000000000000000001', timestamp: '2025-11-25T09:12:00.000Z' };
    const total = { count: 93, atLeast: false };
    const msg = buildThreadList({
      ...base,
      threads: makeThreads(10),
      query: query({ view: 'noreply' }),
      page: { offset: 10, cursor: earlier, starts: [null], nextCursor: cursor, total },
    });
    expect(textOf(byId(msg.blocks, BlockIds.listHeader))).toBe('*Threads 11–20 of 93* · Awaiting reply');
    expect(buttonValue(msg, ActionIds.listPrev)).toEqual({
      text: 'list noreply',
      cursor: null,
      starts: [],
      offset: 0,
      total,
    });
    expect(buttonValue(msg, ActionIds.listNext)).toEqual({
      text: 'list noreply',
      cursor,
      starts: [null, earlier],
      offset: 20,
      total,
    });
  });

  it('says "500+" when counting stopped at the cap, and "more on the next page" when there was no count', () => {
    const capped = buildThreadList({
      ...base,
      threads: makeThreads(10),
      query: query(),
      page: { ...firstPage, nextCursor: cursor, total: { count: 500, atLeast: true } },
    });
    expect(textOf(byId(capped.blocks, BlockIds.listHeader))).toBe('*Threads 1–10 of 500+* · Active');
    const unknown = buildThreadList({
      ...base,
      threads: makeThreads(10),
      query: query(),
      page: { ...firstPage, nextCursor: cursor },
    });
    expect(textOf(byId(unknown.blocks, BlockIds.listHeader))).toBe('*Threads 1–10 (more on the next page)* · Active');
  });

  it('says exactly what was asked when nothing matches', () => {
    const msg = buildThreadList({ ...base, threads: [], query: query({ view: 'noreply', tags: ['hot lead'] }) });
    expect(msg.blocks).toHaveLength(1);
    expect(textOf(msg.blocks[0])).toBe('No threads awaiting reply with tag hot lead. 🎉');
    const archived = buildThreadList({ ...base, threads: [], query: query({ view: 'archived' }) });
    expect(archived.text).toBe('No archived threads.');
  });

  it('caps the cards at MAX_CARDS_PER_MESSAGE and says how many more there were', () => {
    const msg = buildThreadList({
      ...base,
      threads: makeThreads(25),
      query: query(),
      page: { ...firstPage, nextCursor: cursor },
    });
    expect(findThreadIds(msg.blocks)).toHaveLength(MAX_CARDS_PER_MESSAGE);
    expect(JSON.stringify(byId(msg.blocks, BlockIds.listMore))).toContain('15 more threads');
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
  });

  it('leaves out (and reports) a thread whose 300-character ID no block_id can carry, and shows the rest', () => {
    const threads = [...makeThreads(2), makeThread({ id: 'a'.repeat(300) })];
    const msg = buildThreadList({ ...base, threads, query: query() });
    expect(msg.skipped).toEqual(['a'.repeat(300)]);
    expect(findThreadIds(msg.blocks)).toHaveLength(2);
    expect(validateBlocks(msg.blocks, 'message')).toEqual([]);
    expect(JSON.stringify(byId(msg.blocks, BlockIds.listMore))).toContain('1 thread could not be shown here');
  });

  it('weighs the same for a team of 5 and a team of 500: under 50 KB for 10 cards', () => {
    const team = (n: number) =>
      makeDirectory({
        members: Array.from({ length: n }, (_, i) => ({
          ...ALICE,
          id: `m${String(i).padStart(23, '0')}`,
          name: `Member number ${i}`,
        })),
      });
    const size = (n: number) =>
      JSON.stringify(
        buildThreadList({
          ...base,
          directory: team(n),
          threads: makeThreads(10, { assigneeId: 'm00000000000000000000003' }),
          query: query(),
          page: { ...firstPage, nextCursor: cursor },
        }).blocks,
      ).length;
    expect(size(500)).toBe(size(5));
    expect(size(500)).toBeLessThan(50_000);
  });

  it('stays within limits with the worst input (long names, 100 members, hostile tags)', () => {
    const members = Array.from({ length: 100 }, (_, i) => ({ ...ALICE, id: `m${i}`, name: `${'é'.repeat(200)}${i}` }));
    const hostile = query({
      tags: Array.from({ length: 60 }, (_, i) => `<!channel> ${'x'.repeat(150)} ${i}`),
      assignees: [{ type: 'name', value: 'y'.repeat(200) }],
    });
    const msg = buildThreadList({
      ...base,
      directory: makeDirectory({ members }),
      threads: makeThreads(MAX_CARDS_PER_MESSAGE, { lastMessage: { content: 'z'.repeat(10_000) } }),
      query: hostile,
      page: { ...firstPage, nextCursor: cursor },
    });
    expect(blockLimitViolations(msg.blocks)).toEqual([]);
    expect(validateBlocks(msg.blocks, 'message')).toEqual([]);
    expect(textOf(byId(msg.blocks, BlockIds.listHeader))).not.toContain('<!channel>');
    // The query is too long for a button value: the footer says so instead.
    expect(byId(msg.blocks, BlockIds.listFooter)?.type).toBe('context');
  });
});

describe('buildWhoResult', () => {
  const maya = makeThread();
  const mayaOnFounder = makeThread({ id: 'tmaya0000000000000000002', accountLinkId: ACCOUNT_FOUNDER.id });
  const input = { username: 'mayabuilds', directory, now: NOW, inboxAppUrl: INBOX_APP_URL };

  it('shows the prospect card then one compact card per thread', () => {
    const msg = buildWhoResult({ ...input, threads: [maya, mayaOnFounder] });
    const card = byId(msg.blocks, BlockIds.whoProspect) as SectionBlock;
    expect(card.text?.text).toBe(
      '*Maya Patel* <https://x.com/mayabuilds|@mayabuilds> ✓\n>Founder @ Lumen Labs. Building dev tools for data teams.\n👥 12.4K followers · 📍 Austin, TX',
    );
    expect(card.fields?.map((f) => f.text)).toEqual(['*Tags*\nhot lead', '*Status*\nQualified', '*Value*\n$12,000']);
    expect(textOf(byId(msg.blocks, 'who:notes'))).toBe('*Notes*\n>Met at SaaStr. Wants a demo in December.');
    expect(findThreadIds(msg.blocks)).toEqual([maya.id, mayaOnFounder.id]);
    expect(msg.text).toBe('Maya Patel (@mayabuilds): 2 threads');
  });

  it('shows the valuation in the team currency', () => {
    expect(formatMoney(12_000, 'EUR')).toBe('€12,000');
    expect(formatMoney(12_000, 'dollars')).toBe('12,000 DOLLARS');
    expect(formatFollowers(12_400)).toBe('12.4K');
    expect(formatFollowers(1_250_000)).toBe('1.3M');
    expect(formatFollowers(980)).toBe('980');
  });

  it('says clearly when nobody is found', () => {
    const msg = buildWhoResult({ ...input, username: 'nobody_here', threads: [] });
    expect(msg.text).toBe('No thread with @nobody_here.');
    expect(textOf(msg.blocks[0])).toContain('No thread with @nobody_here on any of your connected X accounts.');
    expect(textOf(msg.blocks[0])).toContain('<https://x.com/nobody_here|x.com/nobody_here>');
  });

  it('escapes the bio and stays within limits with many threads', () => {
    const threads = Array.from({ length: 30 }, (_, i) =>
      makeThread({
        id: `tw${i}`,
        prospect: { bio: `<!channel> ${'b'.repeat(5000)}`, context: { notes: 'n'.repeat(9000) } },
      }),
    );
    const msg = buildWhoResult({ ...input, threads });
    expect(blockLimitViolations(msg.blocks)).toEqual([]);
    expect(validateBlocks(msg.blocks, 'message')).toEqual([]);
    expect(textOf(byId(msg.blocks, BlockIds.whoProspect))).toContain('&lt;!channel&gt;');
    expect(byId(msg.blocks, BlockIds.whoMore)).toBeDefined();
  });
});

describe('buildThreadModal', () => {
  const thread = makeThread();
  const messages = [
    makeMessage({
      id: 'm2',
      content: 'Yes — 14 days, any team size.',
      authorId: ACCOUNT_ACME.id,
      userId: ALICE.userId,
      createdAt: '2025-11-24T10:00:00Z',
    }),
    makeMessage({ id: 'm1', content: 'Do you have a free trial?', createdAt: '2025-11-24T09:00:00Z' }),
    makeMessage({ id: 'm3', content: 'gone', deletedAt: '2025-11-24T11:00:00Z', createdAt: '2025-11-24T11:00:00Z' }),
  ];
  const view = buildThreadModal({ thread, messages, directory, now: NOW, inboxAppUrl: INBOX_APP_URL });

  it('is a modal about the thread, with its id as private_metadata', () => {
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: CallbackIds.threadModal,
      private_metadata: thread.id,
      title: { type: 'plain_text', text: 'Maya Patel' },
    });
  });

  it('lists the messages oldest first, newest last, with authors', () => {
    const texts = view.blocks.map((b) => textOf(b as KnownBlock));
    const first = texts.findIndex((t) => t.includes('Do you have a free trial?'));
    const second = texts.findIndex((t) => t.includes('Yes — 14 days'));
    const third = texts.findIndex((t) => t.includes('_Message deleted._'));
    expect(first).toBeGreaterThan(0);
    expect(second).toBe(first + 1);
    expect(third).toBe(second + 1);
    expect(texts[first]).toMatch(/^\*Maya Patel\* · <!date\^/);
    expect(texts[second]).toMatch(/^\*Alice Chen \(@acmehq\)\* · /);
  });

  it('keeps the links but none of the controls of the card', () => {
    expect(view.blocks.filter((b) => b.type === 'actions')).toEqual([]);
    expect(JSON.stringify(view.blocks)).not.toContain('"accessory"');
    expect(JSON.stringify(view.blocks)).toContain(`<https://app.inboxapp.com/threads/${thread.id}|Open in Inbox>`);
  });

  it("shows the last message once: in the list of messages, not also as the card's quote", () => {
    const last = makeThread({ lastMessage: { content: 'Do you have a free trial?' } });
    const v = buildThreadModal({ thread: last, messages, directory, now: NOW, inboxAppUrl: INBOX_APP_URL });
    expect(JSON.stringify(v.blocks).split('Do you have a free trial?')).toHaveLength(2);
  });

  it('stays within modal limits with hundreds of long messages and a long name', () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      makeMessage({
        id: `m${i}`,
        content: `${'<!channel> '.repeat(1000)}${i}`,
        createdAt: new Date(NOW.getTime() - i * 60_000).toISOString(),
      }),
    );
    const big = buildThreadModal({
      thread: makeThread({ prospect: { displayName: 'A very long display name indeed, over 24' } }),
      messages: many,
      directory,
      now: NOW,
      inboxAppUrl: INBOX_APP_URL,
    });
    expect(viewLimitViolations(big)).toEqual([]);
    expect(validateView(big)).toEqual([]);
    expect(big.title.text).toHaveLength(24);
    const last = textOf(big.blocks.at(-1) as KnownBlock);
    expect(last).toContain('0');
  });
});

describe('help, errors and notices', () => {
  it('keeps the short help short: what to type first, in one section, pointing to the two topics', () => {
    const help = buildHelp();
    expect(help.blocks.length).toBeLessThanOrEqual(2);
    const text = textOf(byId(help.blocks, BlockIds.help));
    expect(text.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(5);
    expect(text).toContain('`/inbox help filters');
    expect(text).toContain('/inbox help buttons');
    expect(blockLimitViolations(help.blocks)).toEqual([]);
    expect(validateBlocks(help.blocks, 'message')).toEqual([]);
  });

  it.each(['filters', 'buttons', 'commands'] as const)('builds /inbox help %s within limits', (topic) => {
    const help = buildHelp(topic);
    expect(help.blocks.length).toBeLessThanOrEqual(2);
    expect(blockLimitViolations(help.blocks)).toEqual([]);
    expect(validateBlocks(help.blocks, 'message')).toEqual([]);
  });

  it('covers every filter and command between the short help and /inbox help filters', () => {
    const all = [buildHelp(), buildHelp('filters')].map((m) => textOf(m.blocks[0])).join('\n');
    for (const word of [
      'noreply',
      'who',
      'thread',
      'digest',
      'tag:',
      'status:',
      'assignee:',
      'campaign:',
      'account:',
      'limit:',
    ]) {
      expect(all).toContain(word);
    }
  });

  it('writes placeholders so Slack shows them: no raw < or > in any help text', () => {
    for (const help of [buildHelp(), buildHelp('filters'), buildHelp('buttons'), buildHelp('commands')]) {
      const texts = [help.text, ...help.blocks.map((b) => JSON.stringify(b))].join('\n');
      expect(texts).not.toMatch(/<(?!https?:|@|#|!date)[a-z ]/i);
    }
    expect(textOf(buildHelp('filters').blocks[0])).toContain('`tag:&lt;name&gt;');
  });

  it('shows a parse error with the input escaped and a help hint', () => {
    const result = parseCommand('list <!channel>');
    if (result.ok) throw new Error('expected an error');
    const msg = buildParseError(result.error);
    expect(textOf(byId(msg.blocks, BlockIds.error))).toContain('Unknown word “&lt;!channel&gt;”');
    expect(JSON.stringify(msg.blocks)).toContain('/inbox help');
  });

  it('lists valid names closest first, as filters to copy, when a name is unknown', () => {
    const msg = buildUnknownName({ kind: 'tag', input: 'hto lead', valid: ['customer', 'enterprise', 'hot lead'] });
    const text = textOf(byId(msg.blocks, BlockIds.error));
    expect(text).toBe(
      '⚠️ No tag called “hto lead”. Did you mean `tag:"hot lead"`?\nTags you can use, closest first: `tag:"hot lead"`, `tag:customer`, `tag:enterprise`.',
    );
  });

  it('never shows an empty list of names', () => {
    const msg = buildUnknownName({ kind: 'campaign', input: 'Q5', valid: [] });
    expect(textOf(byId(msg.blocks, BlockIds.error))).toContain('No campaign names are configured');
    const many = buildUnknownName({
      kind: 'member',
      input: 'zed',
      valid: Array.from({ length: 80 }, (_, i) => `Member ${i}`),
    });
    expect(textOf(byId(many.blocks, BlockIds.error))).toContain('and 55 more');
    expect(blockLimitViolations(many.blocks)).toEqual([]);
  });

  it('builds errors and notices with fallback text', () => {
    expect(buildErrorMessage('Inbox is down.')).toMatchObject({
      text: '⚠️ Inbox is down.',
      blocks: [{ block_id: BlockIds.error }],
    });
    expect(buildNotice('Working on it…')).toMatchObject({
      text: 'Working on it…',
      blocks: [{ block_id: BlockIds.notice }],
    });
    expect(blockLimitViolations(buildErrorMessage('x'.repeat(10_000)).blocks)).toEqual([]);
  });
});
