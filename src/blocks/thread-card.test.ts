import type { ActionsBlock, ContextBlock, ExternalSelect, KnownBlock, Overflow, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { validateBlocks } from '../../sandbox/slack-emulator/block-validation.js';
import {
  ACCOUNT_ACME,
  ALICE,
  BOB,
  INBOX_APP_URL,
  makeDirectory,
  makeThread,
  NOW,
  TAG_ENTERPRISE,
  TAG_HOT,
} from '../../test/support/block-fixtures.js';
import { blockLimitViolations } from '../../test/support/block-limits.js';
import { ActionIds } from './ids.js';
import { buildThreadCard, type CardContext, cardVariantIn, inboxUrl, xChatUrl } from './thread-card.js';

const ctx: CardContext = { directory: makeDirectory(), now: NOW, inboxAppUrl: INBOX_APP_URL };
const T = 'tmaya0000000000000000001';
const X_CHAT = 'https://x.com/i/chat/98765432101:1450000000000000001';

function block<B extends KnownBlock>(blocks: KnownBlock[], part: string): B {
  const found = blocks.find((b) => b.block_id === `thread:${T}:${part}`);
  if (!found) throw new Error(`no block thread:${T}:${part}`);
  return found as B;
}
const sectionText = (b: KnownBlock[], part: string) => block<SectionBlock>(b, part).text?.text ?? '';
const contextTexts = (b: KnownBlock[], part: string) =>
  block<ContextBlock>(b, part).elements.map((e) => ('text' in e ? e.text : ''));
const elements = (b: KnownBlock[]) => block<ActionsBlock>(b, 'actions').elements;
const menu = (b: KnownBlock[]) => block<SectionBlock>(b, 'head').accessory as Overflow;
const menuItems = (b: KnownBlock[]) => menu(b).options.map((o) => ({ text: o.text.text, value: o.value, url: o.url }));

describe('buildThreadCard (full)', () => {
  const thread = makeThread({
    assigneeId: BOB.id,
    prospect: { context: { tags: [TAG_HOT.id, TAG_ENTERPRISE.id] } },
  });
  const blocks = buildThreadCard(thread, ctx);

  it('shows the prospect, their handle linked to X, the badge in words, the account, assignee, tags and status', () => {
    const head = sectionText(blocks, 'head');
    expect(head).toContain('*Maya Patel* <https://x.com/mayabuilds|@mayabuilds> ✓');
    expect(head).not.toContain('☑️');
    expect(head).toContain('on <https://x.com/acmehq|@acmehq>');
    expect(head).toContain('👤 Bob Martinez');
    expect(head).toContain('🏷 hot lead, enterprise');
    expect(head).toContain('📊 Qualified');
  });

  it('quotes the last message with its author, and says how long it has been waiting', () => {
    expect(sectionText(blocks, 'detail')).toBe(
      'Maya Patel wrote:\n>Hey! Saw your post about pipeline analytics. Do you have a free trial for teams of 5?',
    );
    expect(contextTexts(blocks, 'meta')).toEqual([
      '⏳ waiting 3 hours (since <!date^1763975520^{date_short_pretty} at {time}|Nov 24, 09:12 UTC>)',
    ]);
  });

  it('assigns through an external_select showing the assignee, with Reply, Assign to me and Archive beside it', () => {
    const [select, ...buttons] = elements(blocks);
    expect(select).toEqual({
      type: 'external_select',
      action_id: ActionIds.assignSelect,
      placeholder: { type: 'plain_text', text: 'Reassign…', emoji: true },
      min_query_length: 0,
      initial_option: { text: { type: 'plain_text', text: 'Bob Martinez', emoji: true }, value: BOB.id },
    });
    expect((select as ExternalSelect & { options?: unknown }).options).toBeUndefined();
    expect(buttons).toMatchObject([
      { action_id: ActionIds.assignMe, value: T },
      { action_id: ActionIds.reply, value: T },
      { action_id: ActionIds.archive, value: T },
    ]);
  });

  it('puts View, Unassign and the two links in the overflow menu, each link per thread', () => {
    expect(menu(blocks).action_id).toBe(ActionIds.overflow);
    expect(menuItems(blocks)).toEqual([
      { text: 'View conversation', value: 'view', url: undefined },
      { text: 'Unassign', value: 'unassign', url: undefined },
      { text: 'Open in Inbox', value: 'open_inbox', url: `https://app.inboxapp.com/threads/${T}` },
      { text: 'Open on X', value: 'open_x', url: X_CHAT },
    ]);
  });

  it('offers Reopen instead of Archive when the thread is done, and no Unassign when unassigned', () => {
    const done = buildThreadCard(makeThread({ done: true }), ctx);
    const ids = elements(done).map((e) => e.action_id);
    expect(ids).toContain(ActionIds.reopen);
    expect(ids).not.toContain(ActionIds.archive);
    expect(menuItems(done).map((o) => o.value)).not.toContain('unassign');
    expect((elements(done)[0] as ExternalSelect).initial_option).toBeUndefined();
    expect(sectionText(done, 'head')).toContain('🗄 archived');
    expect(sectionText(done, 'head')).toContain('👤 Unassigned');
  });

  it('makes "Assign to me" the primary button on an unassigned thread only', () => {
    const unassigned = elements(buildThreadCard(makeThread(), ctx));
    expect(unassigned[1]).toMatchObject({ action_id: ActionIds.assignMe, style: 'primary' });
    expect(elements(blocks)[1]).not.toHaveProperty('style');
  });

  it('hides "Assign to me" from a viewer who already has the thread, and shows it to anyone else', () => {
    const mine = buildThreadCard(thread, { ...ctx, viewer: { memberId: BOB.id } });
    expect(elements(mine).map((e) => e.action_id)).toEqual([
      ActionIds.assignSelect,
      ActionIds.reply,
      ActionIds.archive,
    ]);
    const alices = buildThreadCard(thread, { ...ctx, viewer: { memberId: ALICE.id } });
    expect(elements(alices).map((e) => e.action_id)).toContain(ActionIds.assignMe);
    const noSeat = buildThreadCard(thread, { ...ctx, viewer: { memberId: null } });
    expect(elements(noSeat).map((e) => e.action_id)).toContain(ActionIds.assignMe);
  });

  it('renders a note as its own context line', () => {
    const noted = buildThreadCard(thread, ctx, { note: 'Archived by <@U0BOB00002>' });
    expect(contextTexts(noted, 'note')).toEqual(['Archived by <@U0BOB00002>']);
    expect(cardVariantIn(noted, T)).toBe('full');
  });

  it('names the team member who wrote last, via message.userId', () => {
    const replied = makeThread({ lastMessage: { authorId: ACCOUNT_ACME.id, userId: ALICE.userId, content: 'Sure!' } });
    const b = buildThreadCard(replied, ctx);
    expect(sectionText(b, 'detail')).toBe('Alice Chen (@acmehq) wrote:\n>Sure!');
    expect(contextTexts(b, 'meta')[0]).toMatch(/^↩️ replied 3 hours ago/);
  });

  it('falls back to the account when the author is not a member, and copes with no message at all', () => {
    const bySystem = makeThread({ lastMessage: { authorId: ACCOUNT_ACME.id, userId: null, content: 'Hi' } });
    expect(sectionText(buildThreadCard(bySystem, ctx), 'detail')).toBe('@acmehq wrote:\n>Hi');
    const empty = buildThreadCard(makeThread({ lastMessage: null }), ctx);
    expect(sectionText(empty, 'detail')).toBe('_No messages yet._');
    expect(contextTexts(empty, 'meta')[0]).toMatch(/^🆕 opened 3 days ago/);
  });

  it('gives only <!date> tokens with absolute ages (true whenever a message in a channel is read)', () => {
    const b = buildThreadCard(thread, { ...ctx, ages: 'absolute' });
    expect(contextTexts(b, 'meta')).toEqual([
      '⏳ waiting since <!date^1763975520^{date_short_pretty} at {time}|Nov 24, 09:12 UTC>',
    ]);
  });
});

describe('links (reference §1.3–1.4)', () => {
  it('puts the thread ID into the Inbox template, and uses a template without {threadId} as is', () => {
    expect(inboxUrl('https://inboxapp.com/?thread={threadId}', T)).toBe(`https://inboxapp.com/?thread=${T}`);
    expect(inboxUrl('https://app.inboxapp.com/', T)).toBe('https://app.inboxapp.com/');
    expect(inboxUrl(INBOX_APP_URL, '../team')).toBeNull();
  });

  it('links an X conversation {smaller}:{larger} with its colon as is (not %3A)', () => {
    expect(xChatUrl('98765432101:1450000000000000001')).toBe(X_CHAT);
    expect(xChatUrl('1234567890')).toBe('https://x.com/i/chat/1234567890');
    expect(xChatUrl('12/../34')).toBeNull();
    expect(xChatUrl(null)).toBeNull();
  });
});

describe('buildThreadCard (compact)', () => {
  it('fits in 3 blocks: the message in the head (no second copy of the name), age and facts, then the actions', () => {
    const blocks = buildThreadCard(makeThread({ assigneeId: BOB.id }), ctx, {
      variant: 'compact',
      note: 'Assigned to Bob',
    });
    expect(blocks).toHaveLength(3);
    expect(menu(blocks).type).toBe('overflow');
    const head = sectionText(blocks, 'head');
    expect(head).toContain('\n>Hey! Saw your post');
    expect(head.match(/Maya Patel/g)).toHaveLength(1);
    const meta = contextTexts(blocks, 'meta');
    expect(meta[0]).toBe('Assigned to Bob');
    expect(meta[1]).toMatch(/^⏳ waiting 3 hours/);
    expect(elements(blocks).map((e) => e.action_id)).toEqual([
      ActionIds.assignSelect,
      ActionIds.assignMe,
      ActionIds.reply,
      ActionIds.archive,
    ]);
    expect(cardVariantIn(blocks, T)).toBe('compact');
  });

  it('says which team member replied last', () => {
    const replied = makeThread({ lastMessage: { authorId: ACCOUNT_ACME.id, userId: ALICE.userId, content: 'Sure!' } });
    expect(sectionText(buildThreadCard(replied, ctx, { variant: 'compact' }), 'head')).toContain(
      '>_Alice Chen (@acmehq):_ Sure!',
    );
  });

  it('is the same size for a team of 5 and a team of 500', () => {
    const team = (n: number) =>
      makeDirectory({
        members: Array.from({ length: n }, (_, i) => ({
          ...ALICE,
          id: `m${String(i).padStart(23, '0')}`,
          name: `Member ${i}`,
        })),
      });
    const size = (n: number) =>
      JSON.stringify(
        buildThreadCard(makeThread({ assigneeId: 'm00000000000000000000003' }), { ...ctx, directory: team(n) }),
      ).length;
    expect(size(500)).toBe(size(5));
  });
});

describe('buildThreadCard: text from outside', () => {
  const hostile = makeThread({
    lastMessage: { content: 'Hey <!channel> & <@U0ALICE001>, see <https://evil.example|click here>' },
    prospect: { displayName: '<!here> Mallory & Co', username: 'mallory' },
  });

  it.each(['full', 'compact'] as const)('escapes DM text, names and links (%s)', (variant) => {
    const blocks = buildThreadCard(hostile, ctx, { variant });
    const text = blocks.map((b) => (b.type === 'section' ? (b.text?.text ?? '') : '')).join('\n');
    expect(text).toContain('&lt;!channel&gt; &amp; &lt;@U0ALICE001&gt;');
    expect(text).toContain('&lt;https://evil.example|click here&gt;');
    expect(text).toContain('*&lt;!here&gt; Mallory &amp; Co*');
    expect(text).not.toMatch(/<!channel>|<!here>|<@U0ALICE001>|<https:\/\/evil/);
  });

  it("neutralises *, _, ~ and backticks in a name so they cannot break the card's own bold", () => {
    const b = buildThreadCard(makeThread({ prospect: { displayName: 'Max <Markup> & *Co*' } }), ctx);
    const head = sectionText(b, 'head');
    expect(head).toContain('*Max &lt;Markup&gt; &amp; \u200D*\u200DCo\u200D*\u200D*');
    // The only bare asterisks left are the card's own pair around the name.
    expect(head.replace(/\u200D\*\u200D/g, '').match(/\*/g)).toHaveLength(2);
  });

  it('strips right-to-left overrides and zero-width characters, and keeps emoji and RTL letters', () => {
    const b = buildThreadCard(
      makeThread({
        prospect: { displayName: 'Eve\u202Egnp.exe\u200B' },
        lastMessage: { content: 'مرحبا! 👋🏽 שלום 👩‍💻 a\u2066b\u2069\u200Fc' },
      }),
      ctx,
    );
    expect(sectionText(b, 'head')).toContain('*Evegnp.exe*');
    expect(sectionText(b, 'detail')).toContain('>مرحبا! 👋🏽 שלום 👩‍💻 abc');
  });

  it('truncates a 10,000-character message', () => {
    const b = buildThreadCard(makeThread({ lastMessage: { content: 'x'.repeat(10_000) } }), ctx);
    const text = sectionText(b, 'detail');
    expect(text.length).toBeLessThan(700);
    expect(text.endsWith('…')).toBe(true);
  });

  it('never links an invalid username, and offers no X link without a platform ID', () => {
    const b = buildThreadCard(makeThread({ platformId: null, prospect: { username: 'evil|x>' } }), ctx);
    expect(sectionText(b, 'head')).toContain('@evil|x&gt;');
    expect(sectionText(b, 'head')).not.toContain('https://x.com/evil');
    expect(menuItems(b).map((o) => o.value)).not.toContain('open_x');
  });

  it('draws no card for a thread whose ID cannot be carried (300 characters, or not [0-9a-z])', () => {
    expect(buildThreadCard(makeThread({ id: 'a'.repeat(300) }), ctx)).toEqual([]);
    expect(buildThreadCard(makeThread({ id: 'T-1' }), ctx)).toEqual([]);
  });
});

describe('buildThreadCard: worst case stays within Block Kit limits', () => {
  const long = (n: number) => 'Ω&<'.repeat(Math.ceil(n / 3)).slice(0, n);
  const members = Array.from({ length: 130 }, (_, i) => ({
    ...ALICE,
    id: `m${String(i).padStart(23, '0')}`,
    userId: `u${i}`,
    name: `${long(200)} ${i}`,
  }));
  const tags = Array.from({ length: 40 }, (_, i) => ({ id: `t${i}`, name: long(200) }));
  const worstDirectory = makeDirectory({
    members,
    tags,
    statuses: [{ id: 's1', name: long(200) }],
    accountLinks: [{ ...ACCOUNT_ACME, username: long(200) }],
  });
  const worst = makeThread({
    assigneeId: members[120]?.id ?? null,
    lastMessage: { content: `${long(10_000)}\n\n\n${'line\n'.repeat(200)}` },
    prospect: {
      displayName: long(200),
      username: long(200),
      context: { tags: tags.map((t) => t.id), statusId: 's1' },
    },
  });
  const worstCtx = {
    directory: worstDirectory,
    now: NOW,
    inboxAppUrl: `https://app.inboxapp.com/${'x'.repeat(4000)}/{threadId}`,
  };

  it.each(['full', 'compact'] as const)('%s', (variant) => {
    const blocks = buildThreadCard(worst, worstCtx, { variant, note: long(5000) });
    expect(blockLimitViolations(blocks)).toEqual([]);
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    const select = elements(blocks)[0] as ExternalSelect;
    expect(select.initial_option?.value).toBe(members[120]?.id);
    expect(menuItems(blocks).map((o) => o.value)).not.toContain('open_inbox');
  });
});
