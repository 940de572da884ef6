/** One line per digest outcome, for the CLI and for anyone reporting an on-demand post. */
import type { DigestOutcome } from './job.js';

export function describeOutcome(outcome: DigestOutcome): { ok: boolean; line: string } {
  switch (outcome.status) {
    case 'posted':
      return {
        ok: true,
        line: `Posted the digest to ${outcome.channel}: ${outcome.total} thread(s) waiting (ts ${outcome.ts}).`,
      };
    case 'empty-skipped':
      return { ok: true, line: 'Nothing is waiting for a reply; no digest posted (DIGEST_SKIP_EMPTY=true).' };
    case 'already-posted':
      return { ok: true, line: `The ${outcome.slot} digest was already posted to ${outcome.channel}; nothing to do.` };
    case 'in-progress':
      return { ok: true, line: `Another run is posting the ${outcome.slot} digest right now; nothing to do.` };
    case 'failed':
      return { ok: false, line: `The digest was not posted (${outcome.error.kind}): ${outcome.error.message}` };
  }
}
