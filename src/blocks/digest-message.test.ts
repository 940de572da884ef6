import type { KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../sandbox/slack-emulator/block-validation.js';
import {
  ACCOUNT_ACME,
  ACCOUNT_FOUNDER,
  ALICE,
  BOB,
  INBOX_APP_URL,
  makeDirectory,
  makeThread,
  makeThreads,
  NOW,
} from '../../test/support/block-fixtures.js';
import type { DigestSummary } from '../digest/collect.js';
import type { Member, Thread } from '../inbox/schemas.js';
import { buildDigestMessage, MORE_COMMAND, redrawDigestMessage } from './digest-message.js';
import { ActionIds, BlockIds, findThreadIds, replaceThreadCard } from './ids.js';
import { buildThreadCard } from './thread-card.js';

function summaryOf(threads: Thread[], extra: Partial<DigestSummary> = {}): DigestSummary {
  const count = <K extends string | null>(key: (t: Thread) => K) => {
    const m = new Map<K, number>();
    for (const t of threads) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
    return [...m.entries()].map(([id, count]) => ({ id, count })).sort((a, b) => b.count - a.count);
  };
  const since = threads.map((t) => Date.parse(t.lastMessage?.createdAt ?? t.createdAt)).sort((a, b) => a - b);
  return {
    total: threads.length,
    oldestSince: since.length ? new Date(since[0] as number) : null,
    byAssignee: count((t) => t.assigneeId),
    byAccount: count((t) => t.accountLinkId),
    top: threads,
    requests: 1,
    scanned: threads.length,
    ...extra,
  };
}

const ctx = { directory: makeDirectory(), now: NOW, inboxAppUrl: INBOX_APP_URL };

function texts(blocks: KnownBlock[]): string {
  return JSON.stringify(blocks);
}

function sectionTexts(blocks: KnownBlock[]): string[] {
  return blocks.flatMap((b) => {
    if (b.type === 'section') {
      const s = b as SectionBlock;
      return [s.text?.text ?? '', ...(s.fields ?? []).map((f) => f.text)];
    }
    if (b.type === 'context') return b.elements.map((e) => ('text' in e ? e.text : ''));
    if (b.type === 'header') return [b.text.text];
    return [];
  });
}

describe('buildDigestMessage', () => {
  it('says nothing is waiting when the inbox is clear, in two short blocks', () => {
    const message = buildDigestMessage(summaryOf([]), ctx);
    expect(message.text).toBe('Nothing is waiting for a reply in Inbox.');
    expect(message.blocks).toHaveLength(2);
    expect(sectionTexts(message.blocks)[0]).toContain('Nothing is waiting for a reply');
  });

  it('leads with the total and the longest wait, then the summary by assignee and account', () => {
    const threads = [
      makeThread({ id: 'told00000000000000000001', lastMessageTimestamp: '2025-11-21T12:12:00.000Z' }),
      makeThread({
        id: 'tmid00000000000000000002',
        assigneeId: ALICE.id,
        lastMessageTimestamp: '2025-11-24T10:12:00.000Z',
      }),
      makeThread({
        id: 'tnew00000000000000000003',
        assigneeId: ALICE.id,
        accountLinkId: ACCOUNT_FOUNDER.id,
        lastMessageTimestamp: '2025-11-24T12:00:00.000Z',
      }),
    ];
    const message = buildDigestMessage(summaryOf(threads), ctx);
    expect(message.text).toBe('3 threads waiting for a reply in Inbox; the longest has waited 3 days.');
    const [head, lead, summary] = message.blocks;
    expect(head).toMatchObject({ type: 'header', text: { text: ':incoming_envelope: 3 threads waiting for a reply' } });
    expect((lead as SectionBlock).text?.text).toMatch(
      /^The longest has been waiting since <!date\^\d+\^\{date_short_pretty\} at \{time\}\|[^>]+> \(\*3 days\* as of this update\)\.$/,
    );
    expect(sectionTexts(message.blocks)).toContain(
      `Totals and cards updated <!date^${NOW.getTime() / 1000}^{date_short_pretty} at {time}|Nov 24, 12:12 UTC> · they change as the team works through them`,
    );
    const [byAssignee, byAccount] = (summary as SectionBlock).fields?.map((f) => f.text) ?? [];
    expect(byAssignee).toBe(`*By assignee*\n• *${ALICE.name}*: 2\n• _Unassigned_: 1`);
    expect(byAccount).toBe(`*By account*\n• @${ACCOUNT_ACME.username}: 2\n• @${ACCOUNT_FOUNDER.username}: 1`);
  });

  it('shows the longest-waiting threads as compact cards with the /inbox card buttons, and no "more" line when all fit', () => {
    const threads = makeThreads(3);
    const message = buildDigestMessage(summaryOf(threads), ctx);
    const json = texts(message.blocks);
    for (const t of threads) expect(json).toContain(`thread:${t.id}:actions`);
    expect(json).toContain(ActionIds.archive);
    expect(json).toContain(ActionIds.assignMe);
    expect(json).not.toContain(MORE_COMMAND);
    const heads = message.blocks.filter((b) => b.block_id?.endsWith(':head')).map((b) => b.block_id);
    expect(heads).toEqual(threads.map((t) => `thread:${t.id}:head`));
  });

  it('ends with "and N more" and the command that lists them', () => {
    const threads = makeThreads(4);
    const message = buildDigestMessage(summaryOf(threads, { total: 1234 }), { ...ctx, maxCards: 4 });
    const last = message.blocks.at(-1);
    expect(last?.type).toBe('context');
    expect(sectionTexts([last as KnownBlock])[0]).toBe(
      `…and *1,230 more* waiting. List them with \`${MORE_COMMAND}\`.`,
    );
  });

  it('stays within every Block Kit limit at 10,000 threads, 300 assignees and huge names', () => {
    const longName = `${'<!channel> & Ω'.repeat(40)}`;
    const members: Member[] = Array.from({ length: 300 }, (_, i) => ({
      ...BOB,
      id: `m${String(i).padStart(23, '0')}`,
      name: `${longName} ${i}`,
    }));
    const directory = makeDirectory({ members });
    const top = makeThreads(60, {
      prospect: { displayName: longName, bio: longName },
      lastMessage: { content: 'x'.repeat(10_000) },
    });
    const summary: DigestSummary = {
      total: 10_000,
      oldestSince: new Date('2024-01-01T00:00:00Z'),
      byAssignee: [...members.map((m) => ({ id: m.id, count: 33 })), { id: null, count: 100 }],
      byAccount: Array.from({ length: 40 }, (_, i) => ({ id: `acc${i}`, count: 250 })),
      top,
      requests: 100,
      scanned: 10_000,
    };
    const message = buildDigestMessage(summary, { directory, now: NOW, inboxAppUrl: INBOX_APP_URL, maxCards: 60 });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(checkMessage(message).messages).toEqual([]);
    expect(message.text.length).toBeLessThanOrEqual(4000);
    for (const text of sectionTexts(message.blocks)) expect(text.length).toBeLessThanOrEqual(3000);
    const mrkdwnText = sectionTexts(message.blocks).join('\n');
    expect(mrkdwnText).not.toContain('<!channel>'); // plain_text option labels may show it literally
    expect(mrkdwnText).toContain('&lt;!channel&gt;');
    const json = texts(message.blocks);
    // The cards that fit, and "more" counts every thread not shown.
    const shown = message.blocks.filter((b) => b.block_id?.endsWith(':head')).length;
    expect(shown).toBeGreaterThan(5);
    expect(json).toContain(`${(10_000 - shown).toLocaleString('en-US')} more`);
    expect(json).toContain('• 293 other assignees: 9,736');
    expect(json).toContain('• 32 other accounts: 8,000');
  });

  it('echoes the configured filters so readers know what the numbers cover', () => {
    const message = buildDigestMessage(summaryOf(makeThreads(1)), {
      ...ctx,
      filters: { accounts: ['acmehq', '@jo_acme'], minAgeMs: 2 * 3_600_000 },
    });
    expect(texts(message.blocks)).toContain('Filters: only @acmehq, @jo_acme; only threads waiting at least 2 hours.');
  });

  it('separates the cards with dividers and gives their ages as <!date> tokens only', () => {
    const message = buildDigestMessage(summaryOf(makeThreads(3)), ctx);
    const cardsStart = message.blocks.findIndex((b) => b.block_id === BlockIds.digestCardsTitle);
    const dividers = message.blocks.slice(cardsStart).filter((b) => b.type === 'divider');
    expect(dividers).toHaveLength(2);
    const json = texts(message.blocks);
    expect(json).toContain('⏳ waiting since <!date^');
    expect(json).not.toMatch(/waiting \d+ (hours|days|minutes)/);
  });
});

describe('redrawDigestMessage (the self-updating digest)', () => {
  const threads = makeThreads(3, { assigneeId: null });
  const posted = buildDigestMessage(summaryOf(threads, { total: 93 }), { ...ctx, maxCards: 3 });
  const later = new Date(NOW.getTime() + 2 * 3_600_000);

  it('redraws the header, longest wait, totals and "updated" time from a fresh count, keeping the cards', () => {
    const fresh = summaryOf(threads.slice(1), { total: 92 });
    const archived = buildThreadCard(
      { ...(threads[0] as Thread), done: true },
      { ...ctx, ages: 'absolute' },
      {
        variant: 'compact',
        note: 'Archived by <@U0BOB00002>',
      },
    );
    const clicked = replaceThreadCard(posted.blocks, (threads[0] as Thread).id, archived);
    const redrawn = redrawDigestMessage(clicked, fresh, { ...ctx, now: later });
    expect(redrawn.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: ':incoming_envelope: 92 threads waiting for a reply' },
    });
    expect(redrawn.text).toMatch(/^92 threads waiting/);
    expect(texts(redrawn.blocks)).toContain(`updated <!date^${later.getTime() / 1000}^`);
    expect(texts(redrawn.blocks)).not.toContain(`updated <!date^${NOW.getTime() / 1000}^`);
    // Every card is still there, in order, the clicked one with its note.
    expect(findThreadIds(redrawn.blocks)).toEqual(threads.map((t) => t.id));
    expect(texts(redrawn.blocks)).toContain('Archived by <@U0BOB00002>');
    expect(sectionTexts(redrawn.blocks).at(-1)).toBe(`…and *89 more* waiting. List them with \`${MORE_COMMAND}\`.`);
    expect(checkMessage(redrawn).messages).toEqual([]);
  });

  it('moves the totals by assignee when a thread changes hands', () => {
    const fresh = summaryOf([{ ...(threads[0] as Thread), assigneeId: ALICE.id }, ...threads.slice(1)]);
    const redrawn = redrawDigestMessage(posted.blocks, fresh, ctx);
    const summary = redrawn.blocks.find((b) => b.block_id === BlockIds.digestSummary) as SectionBlock;
    expect(summary.fields?.[0]?.text).toBe(`*By assignee*\n• _Unassigned_: 2\n• *${ALICE.name}*: 1`);
  });

  it('says when nothing is waiting any more, and keeps the cards people acted on', () => {
    const redrawn = redrawDigestMessage(posted.blocks, summaryOf([]), ctx);
    expect(redrawn.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: ':white_check_mark: Nothing is waiting for a reply' },
    });
    expect(findThreadIds(redrawn.blocks)).toEqual(threads.map((t) => t.id));
  });

  it('is stable: redrawing twice with the same count gives the same message', () => {
    const once = redrawDigestMessage(posted.blocks, summaryOf(threads, { total: 93 }), ctx);
    expect(redrawDigestMessage(once.blocks, summaryOf(threads, { total: 93 }), ctx)).toEqual(once);
  });
});
