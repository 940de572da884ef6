/**
 * One line per digest outcome: for the CLI (channel IDs as they are) and for the user who ran `/inbox digest post`
 * (channels as Slack links, via `channel`).
 */
import { type DigestOutcome, ON_DEMAND_WINDOW_MS } from './job.js';

export function describeOutcome(
  outcome: DigestOutcome,
  channel: (id: string) => string = (id) => id,
): { ok: boolean; line: string } {
  switch (outcome.status) {
    case 'posted': {
      const threads = outcome.total === 1 ? 'thread' : 'threads';
      return {
        ok: true,
        line: `Posted the digest to ${channel(outcome.channel)}: ${outcome.total} ${threads} waiting.`,
      };
    }
    case 'empty-skipped':
      return { ok: true, line: 'Nothing is waiting for a reply; no digest posted (DIGEST_SKIP_EMPTY=true).' };
    case 'already-posted':
      return {
        ok: true,
        line: `The ${outcome.slot} digest was already posted to ${channel(outcome.channel)}; nothing to do.`,
      };
    case 'recently-posted': {
      const when = outcome.minutesAgo < 1 ? 'less than a minute ago' : `${outcome.minutesAgo} min ago`;
      const by = outcome.by && /^[UW][A-Z0-9]{2,}$/.test(outcome.by) ? ` at the request of <@${outcome.by}>` : '';
      return {
        ok: false,
        line: `A digest was posted to ${channel(outcome.channel)} ${when}${by}, so it is not posted again within ${ON_DEMAND_WINDOW_MS / 60_000} minutes. Type \`/inbox digest\` to see it now, just for you.`,
      };
    }
    case 'in-progress':
      return { ok: true, line: `Another run is posting the ${outcome.slot} digest right now; nothing to do.` };
    case 'failed':
      return { ok: false, line: `The digest was not posted (${outcome.error.kind}): ${outcome.error.message}` };
  }
}
