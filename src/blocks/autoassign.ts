/** Round-robin messages: on/off, status (who is next, this week's counts, who is away), `now` preview and summary. Pure. */
import type { KnownBlock } from '@slack/types';
import type { AutoassignConfig, NowPlan, Rotation } from '../services/autoassign.js';
import { nextMember, weekKey } from '../services/autoassign.js';
import type { Directory } from '../services/directory.js';
import { safeName, slackDate } from './escape.js';
import { ActionIds, BlockIds } from './ids.js';
import { context, plain, section } from './kit.js';
import type { SlackMessage } from './message.js';
import { findAccount, findMember, memberName, tagNames } from './thread-card.js';

const SHOWN = 5;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function who(directory: Directory, memberId: string): string {
  const m = findMember(directory, memberId);
  return m ? safeName(memberName(m), 60) : 'a former member';
}

function scopeLine(config: AutoassignConfig, directory: Directory): string {
  const accounts = config.accountLinkIds.map((id) => `@${safeName(findAccount(directory, id)?.username ?? id, 40)}`);
  const tags = tagNames(directory, config.tagIds).map((t) => `“${safeName(t, 40)}”`);
  const parts = [accounts.length ? `on ${accounts.join(' or ')}` : 'on every account'];
  if (tags.length) parts.push(`tagged ${tags.join(' or ')}`);
  return parts.join(', ');
}

function one(text: string, extra: string[] = []): SlackMessage {
  return {
    text,
    blocks: [section(text, { block_id: BlockIds.autoassign }), ...(extra.length ? [context(extra)] : [])],
  };
}

export function buildAutoassignOn(config: AutoassignConfig, directory: Directory, liveEvents: boolean): SlackMessage {
  const order = config.memberIds.map((id) => who(directory, id)).join(' → ');
  return one(
    `🔁 Round-robin is on: ${order}. New unassigned threads awaiting a reply ${scopeLine(config, directory)} go to the next one in turn; threads someone assigns by hand are left alone.`,
    [
      liveEvents
        ? 'Each new thread is assigned as it arrives.'
        : 'New threads are assigned when live events reach the app; meanwhile `/inbox autoassign now` assigns the waiting ones in turn.',
      '`/inbox autoassign status` · `/inbox autoassign skip @bob until friday` · `/inbox autoassign off`',
    ],
  );
}

export function buildAutoassignOff(): SlackMessage {
  return one(
    '⏸ Round-robin is off. Nothing is assigned automatically; the rotation is kept for when it is turned back on.',
  );
}

export function buildAutoassignSkip(name: string, until: Date | null): SlackMessage {
  return one(
    until
      ? `🏖 ${safeName(name, 60)} is skipped until ${slackDate(until, '{date_long_pretty}')}; the rotation goes on without them.`
      : `👋 ${safeName(name, 60)} is back in the rotation.`,
  );
}

export function buildAutoassignStatus(input: {
  config: AutoassignConfig | null;
  rotation: Rotation;
  directory: Directory;
  now: Date;
}): SlackMessage {
  const { config, rotation, directory, now } = input;
  if (!config) return one('Round-robin is not set up. Start it with `/inbox autoassign @alice @bob`.');
  const counts = rotation.counts[weekKey(now)] ?? {};
  const next = nextMember(config, rotation.next, now);
  const lines = config.memberIds.map((id) => {
    const until = config.skips[id];
    const away =
      until && Date.parse(until) > now.getTime()
        ? ` · 🏖 away until ${slackDate(new Date(until), '{date_short_pretty}')}`
        : '';
    const marker = config.on && next?.memberId === id ? ' ← *next*' : '';
    return `• ${who(directory, id)}: ${plural(counts[id] ?? 0, 'thread')} this week${away}${marker}`;
  });
  const head = config.on ? `🔁 *Round-robin is on* ${scopeLine(config, directory)}.` : '⏸ *Round-robin is off.*';
  const blocks: KnownBlock[] = [section(`${head}\n${lines.join('\n')}`, { block_id: BlockIds.autoassign })];
  if (config.on && !next)
    blocks.push(context(['Everyone is away: new threads stay unassigned until someone is back.']));
  return { text: head, blocks };
}

function perMember(plan: NowPlan, directory: Directory, ids: string[]): string {
  const tally = new Map<string, number>();
  const byThread = new Map(plan.assignments.map((a) => [a.threadId, a.memberId]));
  for (const id of ids) {
    const m = byThread.get(id);
    if (m) tally.set(m, (tally.get(m) ?? 0) + 1);
  }
  return [...tally].map(([m, n]) => `${who(directory, m)} ${n}`).join(' · ');
}

export function buildNowPreview(plan: NowPlan, directory: Directory): SlackMessage {
  const n = plan.assignments.length;
  if (n === 0) return one('Nothing to assign: no unassigned thread is awaiting a reply in the round-robin’s scope.');
  const ids = plan.assignments.map((a) => a.threadId);
  const lines = plan.assignments
    .slice(0, SHOWN)
    .map((a) => `• *${safeName(a.name, 60)}* → ${who(directory, a.memberId)}`);
  if (n > SHOWN) lines.push(`_…and ${n - SHOWN} more_`);
  const head = `*Assign ${plural(n, 'thread')} in turn?* ${perMember(plan, directory, ids)}`;
  return {
    text: `Assign ${plural(n, 'thread')} in turn?`,
    blocks: [
      section(`${head}\n${lines.join('\n')}`, { block_id: BlockIds.autoassign }),
      context([
        plan.more ? 'More threads wait: these are the oldest 100; run it again afterwards.' : 'Oldest first.',
        'A thread someone assigns before you confirm is left alone.',
      ]),
      {
        type: 'actions',
        block_id: BlockIds.autoassignActions,
        elements: [
          {
            type: 'button',
            action_id: ActionIds.autoassignApply,
            text: plain(`Assign ${plural(n, 'thread')}`),
            style: 'primary',
            value: plan.id,
          },
          { type: 'button', action_id: ActionIds.autoassignCancel, text: plain('Cancel'), value: plan.id },
        ],
      },
    ],
  };
}

export function buildNowSummary(plan: NowPlan, directory: Directory, by: string): SlackMessage {
  const head = `✅ Assigned ${plural(plan.assigned.length, 'thread')} in turn (by <@${by}>): ${perMember(plan, directory, plan.assigned) || 'none'}.`;
  const byThread = new Map(plan.assignments.map((a) => [a.threadId, a]));
  const lines = plan.assigned.slice(0, 10).map((id) => {
    const a = byThread.get(id);
    return a ? `• *${safeName(a.name, 60)}* → ${who(directory, a.memberId)}` : '';
  });
  if (plan.assigned.length > 10) lines.push(`_…and ${plan.assigned.length - 10} more_`);
  const notes: string[] = [];
  if (plan.leftAlone.length)
    notes.push(`${plural(plan.leftAlone.length, 'thread')} assigned by someone else meanwhile: left alone.`);
  if (plan.failed.length)
    notes.push(`⚠️ ${plural(plan.failed.length, 'thread')} could not be assigned: ${plan.failed[0]?.why ?? ''}`);
  return {
    text: head,
    blocks: [
      section([head, ...lines].join('\n'), { block_id: BlockIds.autoassign }),
      ...(notes.length ? [context(notes)] : []),
    ],
  };
}
