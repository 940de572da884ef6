import type { ActionsBlock, ContextBlock, KnownBlock, SectionBlock, StaticSelect } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { validateBlocks } from '../../sandbox/slack-emulator/block-validation.js';
import {
  ACCOUNT_ACME,
  ALICE,
  BOB,
  INBOX_APP_URL,
  MEMBERS,
  makeDirectory,
  makeThread,
  NOW,
  TAG_ENTERPRISE,
  TAG_HOT,
} from '../../test/support/block-fixtures.js';
import { blockLimitViolations } from '../../test/support/block-limits.js';
import { ActionIds } from './ids.js';
import { buildThreadCard, type CardContext, cardVariantIn } from './thread-card.js';

const ctx: CardContext = { directory: makeDirectory(), now: NOW, inboxAppUrl: INBOX_APP_URL };
const T = 'tmaya0000000000000000001';

function block<T extends KnownBlock>(blocks: KnownBlock[], part: string): T {
  const found = blocks.find((b) => b.block_id === `thread:${T}:${part}`);
  if (!found) throw new Error(`no block thread:${T}:${part}`);
  return found as T;
}
const sectionText = (b: KnownBlock[], part: string) => block<SectionBlock>(b, part).text?.text ?? '';
const contextTexts = (b: KnownBlock[], part: string) =>
  block<ContextBlock>(b, part).elements.map((e) => ('text' in e ? e.text : ''));
const elements = (b: KnownBlock[]) => block<ActionsBlock>(b, 'actions').elements;

describe('buildThreadCard (full)', () => {
  const thread = makeThread({
    assigneeId: BOB.id,
    prospect: { context: { tags: [TAG_HOT.id, TAG_ENTERPRISE.id] } },
  });
  const blocks = buildThreadCard(thread, ctx);

  it('shows the prospect, their handle linked to X, the badge, the account, assignee, tags and status', () => {
    const head = sectionText(blocks, 'head');
    expect(head).toContain('*Maya Patel* <https://x.com/mayabuilds|@mayabuilds> ☑️');
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

  it('has the assign select with the assignee selected, and every button with the thread as value', () => {
    const [select, ...buttons] = elements(blocks);
    expect(select).toMatchObject({
      type: 'static_select',
      action_id: ActionIds.assignSelect,
      initial_option: { value: `${T}:${BOB.id}` },
    });
    expect((select as StaticSelect).options).toHaveLength(MEMBERS.length);
    expect(buttons).toMatchObject([
      { action_id: ActionIds.assignMe, value: T },
      { action_id: ActionIds.unassign, value: T },
      { action_id: ActionIds.reply, value: T },
      { action_id: ActionIds.archive, value: T },
      { action_id: ActionIds.view, value: T },
      { action_id: ActionIds.openInbox, url: `https://app.inboxapp.com/threads/${T}` },
      { action_id: ActionIds.openX, url: 'https://x.com/i/chat/1450000000000000001-98765432101' },
    ]);
  });

  it('offers Reopen instead of Archive when the thread is done, and no Unassign when unassigned', () => {
    const done = buildThreadCard(makeThread({ done: true }), ctx);
    const ids = elements(done).map((e) => e.action_id);
    expect(ids).toContain(ActionIds.reopen);
    expect(ids).not.toContain(ActionIds.archive);
    expect(ids).not.toContain(ActionIds.unassign);
    expect((elements(done)[0] as StaticSelect).initial_option).toBeUndefined();
    expect(sectionText(done, 'head')).toContain('🗄 archived');
    expect(sectionText(done, 'head')).toContain('👤 Unassigned');
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

  it('uses the Inbox URL as is when the template has no {threadId}', () => {
    const b = buildThreadCard(thread, { ...ctx, inboxAppUrl: 'https://app.inboxapp.com/' });
    expect(elements(b)).toContainEqual(
      expect.objectContaining({ action_id: ActionIds.openInbox, url: 'https://app.inboxapp.com/' }),
    );
  });
});

describe('buildThreadCard (compact)', () => {
  it('fits in at most 3 blocks with the message in the head and the links in the meta line', () => {
    const blocks = buildThreadCard(makeThread({ assigneeId: BOB.id }), ctx, {
      variant: 'compact',
      note: 'Assigned to Bob',
    });
    expect(blocks).toHaveLength(3);
    expect(block<SectionBlock>(blocks, 'head')).toMatchObject({
      accessory: { type: 'button', action_id: ActionIds.view, value: T },
    });
    expect(sectionText(blocks, 'head')).toContain('\n>_Maya Patel:_ Hey! Saw your post');
    const meta = contextTexts(blocks, 'meta');
    expect(meta[0]).toBe('Assigned to Bob');
    expect(meta).toContain(
      `<https://app.inboxapp.com/threads/${T}|Open in Inbox> · <https://x.com/i/chat/1450000000000000001-98765432101|Open on X>`,
    );
    expect(elements(blocks).map((e) => e.action_id)).toEqual([
      ActionIds.assignSelect,
      ActionIds.assignMe,
      ActionIds.unassign,
      ActionIds.reply,
      ActionIds.archive,
    ]);
    expect(cardVariantIn(blocks, T)).toBe('compact');
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

  it('keeps emoji and right-to-left text intact', () => {
    const b = buildThreadCard(makeThread({ lastMessage: { content: 'مرحبا! 👋🏽 שלום 👩‍💻' } }), ctx);
    expect(sectionText(b, 'detail')).toContain('>مرحبا! 👋🏽 שלום 👩‍💻');
  });

  it('truncates a 10,000-character message', () => {
    const b = buildThreadCard(makeThread({ lastMessage: { content: 'x'.repeat(10_000) } }), ctx);
    const text = sectionText(b, 'detail');
    expect(text.length).toBeLessThan(700);
    expect(text.endsWith('…')).toBe(true);
  });

  it('never links an invalid username, and skips the X button without a platform ID', () => {
    const b = buildThreadCard(makeThread({ platformId: null, prospect: { username: 'evil|x>' } }), ctx);
    expect(sectionText(b, 'head')).toContain('@evil|x&gt;');
    expect(sectionText(b, 'head')).not.toContain('https://x.com/evil');
    expect(elements(b).map((e) => e.action_id)).not.toContain(ActionIds.openX);
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
    const select = elements(blocks)[0] as StaticSelect;
    expect(select.options).toHaveLength(100);
    expect(select.initial_option?.value).toBe(`${T}:${members[120]?.id}`);
    expect(elements(blocks).map((e) => e.action_id)).not.toContain(ActionIds.openInbox);
  });
});
