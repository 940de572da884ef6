/**
 * The Assign select's options, loaded when a user opens it or types in it (`block_suggestion`): the Inbox
 * members whose name or email contains what was typed, best matches first, at most 100. The card itself carries
 * no member list, so its size does not grow with the team. Answered within Slack's 3 s from the cached directory;
 * when Inbox cannot be read in time the menu is empty (Slack shows "No results") and the next opening tries again.
 */
import type { Middleware, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { stripControls } from '../../blocks/escape.js';
import { isInboxId, parseThreadBlockId } from '../../blocks/ids.js';
import { LIMITS, plain } from '../../blocks/kit.js';
import { memberName } from '../../blocks/thread-card.js';
import type { AppDeps } from '../../deps.js';
import type { Member } from '../../inbox/schemas.js';

/** Slack waits 3 s for options; the directory must answer well within that. */
export const OPTIONS_DEADLINE_MS = 2_000;

/** Members matching `query` (case- and accent-insensitive, on name or email), prefix matches first. */
export function matchMembers(members: readonly Member[], query: string): Member[] {
  const fold = (s: string) => stripControls(s).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
  const q = fold(query);
  const scored = members
    .filter((m) => isInboxId(m.id))
    .map((m) => {
      const name = fold(memberName(m));
      const email = fold(m.email);
      const words = name.split(/\s+/);
      const rank =
        q === ''
          ? 1
          : name.startsWith(q) || email.startsWith(q)
            ? 0
            : words.some((w) => w.startsWith(q))
              ? 1
              : name.includes(q) || email.includes(q)
                ? 2
                : -1;
      return { m, rank, name };
    })
    .filter((s) => s.rank >= 0);
  scored.sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
  return scored.map((s) => s.m);
}

export function assignOptions(deps: AppDeps): Middleware<SlackOptionsMiddlewareArgs<'block_suggestion'>> {
  return async ({ ack, body }) => {
    const query = typeof body.value === 'string' ? body.value.slice(0, 100) : '';
    if (!parseThreadBlockId(body.block_id)) {
      await ack({ options: [] });
      return;
    }
    let members: Member[] | null = null;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), OPTIONS_DEADLINE_MS);
      });
      const dir = await Promise.race([deps.threads.directory(), timeout]);
      members = dir ? dir.members : null;
    } catch (err) {
      deps.logger.warn(`Could not load the members for the Assign menu: ${(err as Error).name}`);
    } finally {
      clearTimeout(timer);
    }
    if (members === null) {
      deps.logger.warn('The Assign menu was answered empty: Inbox did not give the member list in time');
      await ack({ options: [] });
      return;
    }
    const options = matchMembers(members, query)
      .slice(0, LIMITS.selectOptions)
      .map((m) => ({ text: plain(memberName(m), LIMITS.optionText), value: m.id }));
    await ack({ options });
  };
}
