/**
 * Bulk archive / assign: the preview (how many, the first few, one confirm), the summary with Undo, and what
 * Undo did (restored, and the threads it left alone because someone changed them since). Pure.
 */
import type { Button, KnownBlock } from '@slack/types';
import type { BulkPlan, PlannedThread, ThreadState } from '../services/bulk.js';
import type { Directory } from '../services/directory.js';
import { safeName, truncate } from './escape.js';
import { ActionIds, BlockIds } from './ids.js';
import { context, LIMITS, plain, section } from './kit.js';
import type { SlackMessage } from './message.js';
import { findMember, memberName, xProfileLink } from './thread-card.js';

/** Threads named in a preview or a summary before "and N more". */
export const BULK_SHOWN = 5;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function verbPhrase(plan: BulkPlan, tense: 'do' | 'done'): string {
  if (plan.action.type === 'archive') return tense === 'do' ? 'Archive' : 'Archived';
  const who = safeName(plan.action.memberName, 60);
  return tense === 'do' ? `Assign to ${who}` : `Assigned to ${who}`;
}

function threadLine(t: PlannedThread): string {
  return `• *${safeName(t.name, 60)}* ${t.username ? xProfileLink(t.username) : ''}`.trimEnd();
}

function listOf(threads: PlannedThread[], ids?: string[]): string {
  const byId = new Map(threads.map((t) => [t.id, t]));
  const picked = ids ? ids.map((id) => byId.get(id)).filter((t): t is PlannedThread => t !== undefined) : threads;
  const lines = picked.slice(0, BULK_SHOWN).map(threadLine);
  if (picked.length > BULK_SHOWN) lines.push(`_…and ${picked.length - BULK_SHOWN} more_`);
  return lines.join('\n');
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return { type: 'button', action_id: actionId, text: plain(text), value, ...(style ? { style } : {}) };
}

const filtersLine = (plan: BulkPlan) => `Filters: \`${truncate(plan.queryText, 300).replace(/`/g, "'")}\``;

export function buildBulkPreview(plan: BulkPlan): SlackMessage {
  const n = plan.threads.length;
  if (n === 0) {
    const already = plan.skipped > 0 ? ` (${plural(plan.skipped, 'thread')} matched but already are that way)` : '';
    const text = `Nothing to change: no thread matches${already}.`;
    return { text, blocks: [section(text, { block_id: BlockIds.bulkSummary }), context([filtersLine(plan)])] };
  }
  const question = `*${verbPhrase(plan, 'do')} ${plural(n, 'thread')}?*`;
  const notes = [
    filtersLine(plan),
    plan.skipped > 0
      ? `${plural(plan.skipped, 'other thread')} already ${plan.skipped === 1 ? 'is' : 'are'} that way and stay as ${plan.skipped === 1 ? 'it is' : 'they are'}.`
      : '',
    plan.more ? `More threads match: only these ${n} change now; run the command again afterwards for the rest.` : '',
    'You can undo it from the summary.',
  ];
  const blocks: KnownBlock[] = [
    section(question, { block_id: BlockIds.bulkSummary }),
    section(listOf(plan.threads), { block_id: BlockIds.bulkThreads }),
    context(notes),
    {
      type: 'actions',
      block_id: BlockIds.bulkActions,
      elements: [
        button(
          truncate(`${verbPhrase(plan, 'do')} ${plural(n, 'thread')}`, LIMITS.buttonText),
          ActionIds.bulkApply,
          plan.id,
          'primary',
        ),
        button('Cancel', ActionIds.bulkCancel, plan.id),
      ],
    },
  ];
  return { text: `${verbPhrase(plan, 'do')} ${plural(n, 'thread')}?`, blocks };
}

export function buildBulkSummary(plan: BulkPlan, by: string): SlackMessage {
  const ok = plan.applied.length;
  const head = `✅ ${verbPhrase(plan, 'done')} ${plural(ok, 'thread')} (by <@${by}>).`;
  const blocks: KnownBlock[] = [section(head, { block_id: BlockIds.bulkSummary })];
  if (ok > 0) blocks.push(section(listOf(plan.threads, plan.applied), { block_id: BlockIds.bulkThreads }));
  const notes = [filtersLine(plan)];
  if (plan.failed.length > 0) {
    notes.push(`⚠️ ${plural(plan.failed.length, 'thread')} could not be changed: ${plan.failed[0]?.why ?? ''}`);
  }
  blocks.push(context(notes));
  if (ok > 0) {
    blocks.push({
      type: 'actions',
      block_id: BlockIds.bulkActions,
      elements: [button('↩️ Undo', ActionIds.bulkUndo, plan.id)],
    });
  }
  return { text: head, blocks };
}

function stateWords(now: ThreadState, directory: Directory): string {
  const assignee = findMember(directory, now.assigneeId);
  const who = now.assigneeId ? (assignee ? safeName(memberName(assignee), 60) : 'another member') : 'no one';
  return `${now.done ? 'archived' : 'open'}, assigned to ${who}`;
}

export function buildBulkUndone(plan: BulkPlan, by: string, directory: Directory): SlackMessage {
  const head = `↩️ Undone by <@${by}>: ${plural(plan.restored.length, 'thread')} restored to how ${plan.restored.length === 1 ? 'it was' : 'they were'}.`;
  const blocks: KnownBlock[] = [section(head, { block_id: BlockIds.bulkSummary })];
  if (plan.leftAlone.length > 0) {
    const byId = new Map(plan.threads.map((t) => [t.id, t]));
    const lines = plan.leftAlone.slice(0, 10).map((l) => {
      const t = byId.get(l.id);
      return `${t ? threadLine(t) : `• ${l.id}`} — now ${stateWords(l.now, directory)}`;
    });
    if (plan.leftAlone.length > 10) lines.push(`_…and ${plan.leftAlone.length - 10} more_`);
    blocks.push(
      section(
        `*Left alone: ${plural(plan.leftAlone.length, 'thread')} changed since by someone else*, so Undo did not touch ${plan.leftAlone.length === 1 ? 'it' : 'them'}:\n${lines.join('\n')}`,
        { block_id: BlockIds.bulkThreads },
      ),
    );
  }
  const notes = [filtersLine(plan)];
  if (plan.undoFailed.length > 0) {
    notes.push(`⚠️ ${plural(plan.undoFailed.length, 'thread')} could not be restored: ${plan.undoFailed[0]?.why ?? ''}`);
  }
  blocks.push(context(notes));
  return { text: head, blocks };
}

export function buildBulkCancelled(): SlackMessage {
  const text = 'Cancelled: nothing was changed.';
  return { text, blocks: [section(text, { block_id: BlockIds.bulkSummary })] };
}
