/**
 * `/inbox who`: the prospect (profile and CRM context) and their thread on each connected account.
 */
import type { KnownBlock, MrkdwnElement } from '@slack/types';
import { X_USERNAME_PATTERN } from '../commands/grammar.js';
import type { Prospect, Thread } from '../inbox/schemas.js';
import type { Directory } from '../services/directory.js';
import { escapeTruncate, oneLine, quote, safeName, truncate } from './escape.js';
import { BlockIds } from './ids.js';
import { context, divider, LIMITS, mrkdwn, section } from './kit.js';
import type { SlackMessage } from './message.js';
import { buildThreadCard, statusName, tagNames, verifiedBadge, xProfileLink } from './thread-card.js';

export interface WhoResultInput {
  /** The username (or ID) that was looked up, as the user asked for it. */
  username: string;
  threads: Thread[];
  directory: Directory;
  now: Date;
  inboxAppUrl: string;
  /** The team's currency (ISO 4217) for the valuation; USD when absent. */
  currency?: string | null;
}

/** Thread cards per who result: 1 prospect block (+1 notes) + 10 × (divider + 3) + 1 "more" = 43 blocks. */
export const MAX_WHO_THREADS = 10;

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** 12400 → "12.4K", 1250000 → "1.3M". */
export function formatFollowers(count: number): string {
  return compact.format(count);
}

/** A valuation in the team's currency ("$12,000"); falls back to "12,000 XYZ" for an unknown code. */
export function formatMoney(amount: number, currency: string | null | undefined): string {
  const code = (currency ?? 'USD').toUpperCase();
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: code, maximumFractionDigits: 0 }).format(
      amount,
    );
  } catch {
    return `${new Intl.NumberFormat('en-US').format(amount)} ${safeName(code, 10)}`;
  }
}

function whoLabel(username: string): string {
  const handle = username.trim().replace(/^@/, '');
  return X_USERNAME_PATTERN.test(handle) ? `@${handle}` : safeName(username, 60);
}

function profileBlocks(prospect: Prospect, directory: Directory, currency: string | null | undefined): KnownBlock[] {
  const name = safeName(prospect.displayName || prospect.username, 80);
  const lines = [`*${name}* ${xProfileLink(prospect.username)}${verifiedBadge(prospect.verified)}`];
  const bio = prospect.bio?.trim();
  if (bio) lines.push(quote(escapeTruncate(bio, 500)));
  const stats: string[] = [];
  if (typeof prospect.followerCount === 'number') stats.push(`👥 ${formatFollowers(prospect.followerCount)} followers`);
  if (prospect.location?.trim()) stats.push(`📍 ${safeName(prospect.location, 60)}`);
  if (prospect.isProtected) stats.push('🔒 protected');
  if (stats.length > 0) lines.push(stats.join(' · '));

  const ctx = prospect.context;
  const tags = tagNames(directory, ctx.tags);
  const status = statusName(directory, ctx.statusId);
  const fields: MrkdwnElement[] = [
    mrkdwn(`*Tags*\n${tags.length > 0 ? tags.map((t) => safeName(t, 60)).join(', ') : '—'}`, LIMITS.sectionField),
    mrkdwn(`*Status*\n${status ? safeName(status, 60) : '—'}`, LIMITS.sectionField),
    mrkdwn(`*Value*\n${typeof ctx.valuation === 'number' ? formatMoney(ctx.valuation, currency) : '—'}`),
  ];
  const blocks: KnownBlock[] = [section(lines.join('\n'), { block_id: BlockIds.whoProspect, fields })];
  const notes = ctx.notes?.trim();
  if (notes) blocks.push(section(`*Notes*\n${quote(escapeTruncate(notes, 1500))}`, { block_id: 'who:notes' }));
  return blocks;
}

export function buildWhoResult(input: WhoResultInput): SlackMessage {
  const { threads, directory, now, inboxAppUrl } = input;
  const label = whoLabel(input.username);
  const first = threads[0];
  if (first === undefined) {
    const handle = input.username.trim().replace(/^@/, '');
    const link = X_USERNAME_PATTERN.test(handle) ? ` Their profile: ${xProfileLink(handle, `x.com/${handle}`)}` : '';
    const line = `No thread with ${label} on any of your connected X accounts. Check the spelling, or they may not have messaged you yet.${link}`;
    return {
      text: truncate(`No thread with ${label}.`, LIMITS.messageText),
      blocks: [section(line, { block_id: BlockIds.whoProspect })],
    };
  }
  const blocks = profileBlocks(first.prospect, directory, input.currency);
  const shown = threads.slice(0, MAX_WHO_THREADS);
  for (const thread of shown) {
    blocks.push(divider(), ...buildThreadCard(thread, { directory, now, inboxAppUrl }, { variant: 'compact' }));
  }
  if (threads.length > shown.length) {
    blocks.push(context([`…and ${threads.length - shown.length} more threads not shown.`], BlockIds.whoMore));
  }
  const name = oneLine(first.prospect.displayName || first.prospect.username);
  const count = threads.length === 1 ? '1 thread' : `${threads.length} threads`;
  return { text: truncate(`${safeName(name, 80)} (${label}): ${count}`, LIMITS.messageText), blocks };
}
