/** `/inbox …`: ack at once, parse, serve, answer through response_url (ephemeral unless posting the digest). */
import type { Middleware, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildBulkPreview } from '../../blocks/bulk.js';
import { buildErrorMessage, buildNotice, buildParseError } from '../../blocks/errors.js';
import { buildHelp } from '../../blocks/help.js';
import { idForLog, type PageValue } from '../../blocks/ids.js';
import { buildWhoResult } from '../../blocks/prospect-card.js';
import { buildThreadCard } from '../../blocks/thread-card.js';
import { buildThreadList, MAX_CARDS_PER_MESSAGE } from '../../blocks/thread-list.js';
import type { Command, ListQuery } from '../../commands/grammar.js';
import { parseCommand } from '../../commands/parse-command.js';
import { formatQuery } from '../../commands/query-text.js';
import type { AppDeps } from '../../deps.js';
import { describeOutcome } from '../../digest/index.js';
import type { CallOptions } from '../../inbox/index.js';
import { membersOnly } from '../../services/failures.js';
import { type Answer, answer } from '../answer.js';
import { teamOf } from '../events/app-home.js';
import { openSettings } from '../views/settings.js';
import { serveAutoassign } from './autoassign-command.js';
import { describeResolveFailure } from './describe-failure.js';
import { openDmWindow } from './dm-command.js';
import { serveRemind } from './remind.js';
import { type CommandWhere, serveSubscribe, serveSubscriptions, serveUnsubscribe, whereOf } from './subscribe.js';

export function inboxCommand(deps: AppDeps): Middleware<SlackCommandMiddlewareArgs> {
  return async ({ ack, command, respond, client }) => {
    await ack();
    // Parsed before the queue: a `dm` opens a modal with the trigger_id, which dies 3 s after the click.
    const parsed = parseCommand(command.text);
    if (parsed.ok && parsed.command.kind === 'dm') {
      await openDmWindow(deps, { command, respond, client }, parsed.command);
      return;
    }
    if (parsed.ok && parsed.command.kind === 'settings') {
      // A modal: it must open while the trigger_id lives (3 s), so before anything slow.
      await openSettings(deps, client, command.trigger_id, teamOf(command), command.user_id);
      return;
    }
    const where = whereOf({ command, client });
    await answer(
      deps,
      respond,
      async (call) =>
        parsed.ok
          ? serveCommand(deps, parsed.command as Exclude<Command, { kind: 'dm' }>, where, call)
          : { message: buildParseError(parsed.error), replaceOriginal: false },
      { slowNotice: true },
    );
  };
}

async function serveCommand(
  deps: AppDeps,
  command: Exclude<Command, { kind: 'dm' }>,
  where: CommandWhere,
  call: CallOptions,
): Promise<Answer> {
  const { userId: slackUserId, teamId } = where;
  const now = deps.clock();
  const ctx = { now, inboxAppUrl: deps.settings.inboxAppUrl };
  switch (command.kind) {
    case 'help':
      return { message: buildHelp(command.topic), replaceOriginal: false };
    case 'list':
      return { message: await listPage(deps, command.query, slackUserId, null, call), replaceOriginal: false };
    case 'who': {
      const { threads, directory } = await deps.threads.who(command.target, slackUserId, call);
      const username =
        command.target.type === 'username'
          ? command.target.username
          : (threads[0]?.prospect.username ?? command.target.platformId);
      return { message: buildWhoResult({ username, threads, directory, ...ctx }), replaceOriginal: false };
    }
    case 'thread': {
      const { thread, directory } = await deps.threads.get(command.threadId, slackUserId, call);
      const blocks = buildThreadCard(thread, { directory, ...ctx }, { variant: 'full' });
      return { message: { text: `Thread with @${thread.prospect.username}`, blocks }, replaceOriginal: false };
    }
    case 'subscribe':
      return serveSubscribe(deps, where, command.subscription, describeResolveFailure);
    case 'subscriptions':
      return serveSubscriptions(deps, where);
    case 'unsubscribe':
      return serveUnsubscribe(deps, where);
    case 'bulk': {
      const outcome = await deps.bulk.preview({
        teamId,
        userId: slackUserId,
        action: command.action,
        query: command.query,
        queryText: formatQuery(command.query),
      });
      if (outcome.ok) return { message: buildBulkPreview(outcome.plan), replaceOriginal: false };
      if (outcome.failure.kind === 'not_allowed') {
        return {
          message: buildErrorMessage(membersOnly('change threads', null)),
          replaceOriginal: false,
        };
      }
      return { message: describeResolveFailure(outcome.failure), replaceOriginal: false };
    }
    case 'autoassign':
      return serveAutoassign(deps, command.op, slackUserId, teamId);
    case 'digest': {
      if (!deps.digest) {
        return {
          message: buildErrorMessage(
            'There is no digest channel yet. Ask whoever runs the Inbox app in your workspace to choose one.',
          ),
          replaceOriginal: false,
        };
      }
      if (!command.post) {
        await deps.threads.access.assertMayRead(slackUserId);
        return { message: await deps.digest.preview(), replaceOriginal: false };
      }
      await deps.threads.access.assertMayAct(slackUserId, 'post the digest');
      const outcome = await deps.digest.postNow({ kind: 'command', userId: slackUserId });
      const { ok, line } = describeOutcome(outcome, (id) => `<#${id}>`);
      return { message: ok ? buildNotice(`✅ ${line}`) : buildErrorMessage(line), replaceOriginal: false };
    }
    case 'remind':
      return { message: await serveRemind(deps, command.remind, teamId, slackUserId), replaceOriginal: false };
    case 'settings':
      return {
        message: buildErrorMessage('Run `/inbox settings` on its own to open the settings.'),
        replaceOriginal: false,
      };
  }
}

/**
 * One page of a list (also used by the page buttons). `limit:` is the total across pages. The first page counts
 * the matching threads (the digest's paging, 100 at a time, capped) so every page can say "Threads 11–20 of 93".
 */
export async function listPage(
  deps: AppDeps,
  query: ListQuery,
  slackUserId: string,
  position: Omit<PageValue, 'text'> | null,
  call: CallOptions = {},
): Promise<Answer['message']> {
  const offset = position?.offset ?? 0;
  const remaining = query.limit === undefined ? Number.POSITIVE_INFINITY : query.limit - offset;
  const pageSize = Math.max(1, Math.min(remaining, MAX_CARDS_PER_MESSAGE));
  const outcome = await deps.threads.list(
    query,
    {
      slackUserId,
      pageSize,
      cursor: position?.cursor ?? null,
      count: position === null,
    },
    call,
  );
  await deps.acksFirst?.(); // rendering the cards is the heavy part: requests waiting for their ack go first
  if (!outcome.ok) return describeResolveFailure(outcome.failure);
  const more = outcome.nextCursor !== null && remaining - outcome.threads.length > 0;
  const message = buildThreadList({
    threads: outcome.threads,
    query,
    labels: outcome.labels,
    directory: outcome.directory,
    now: deps.clock(),
    inboxAppUrl: deps.settings.inboxAppUrl,
    viewer: { memberId: outcome.viewer?.id ?? null },
    page: {
      offset,
      cursor: position?.cursor ?? null,
      starts: position?.starts ?? [],
      nextCursor: more ? outcome.nextCursor : null,
      total: position?.total ?? outcome.total,
    },
  });
  logSkipped(deps, message.skipped);
  return { text: message.text, blocks: message.blocks };
}

/** Threads whose ID a message cannot carry are left out of it; this says so in the log, once per answer. */
export function logSkipped(deps: Pick<AppDeps, 'logger'>, skipped: readonly string[]): void {
  if (skipped.length === 0) return;
  deps.logger.warn(
    `Left ${skipped.length} thread(s) out of a message: their Inbox ID cannot be carried in Slack (${skipped
      .slice(0, 3)
      .map(idForLog)
      .join(', ')})`,
  );
}
