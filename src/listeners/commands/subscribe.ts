/**
 * `/inbox subscribe …`, `/inbox subscriptions`, `/inbox unsubscribe`: the channel the command was typed in.
 * Subscribing needs the ACTION_POLICY right; the bot joins a public channel itself (conversations.join) and
 * says what to do in a private one it is not in (invite it), since it could never post there.
 */
import type { SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { buildErrorMessage } from '../../blocks/errors.js';
import { buildSubscribed, buildSubscriptionList, buildUnsubscribeConfirm } from '../../blocks/live.js';
import type { SubscribeRequest } from '../../commands/grammar.js';
import type { AppDeps } from '../../deps.js';
import { slackErrorCode } from '../../services/failures.js';
import type { ResolveFailure } from '../../services/resolve-query.js';
import type { Answer } from '../answer.js';

export const NOT_ALLOWED =
  'Only Inbox members can change what this channel receives, and your Slack account is not linked to one (no Inbox member has your Slack email). Ask an admin to add you to MEMBER_MAP.';

export interface CommandWhere {
  teamId: string;
  channelId: string;
  userId: string;
  client: WebClient;
}

export function whereOf(args: Pick<SlackCommandMiddlewareArgs, 'command'> & { client: WebClient }): CommandWhere {
  return {
    teamId: args.command.team_id,
    channelId: args.command.channel_id,
    userId: args.command.user_id,
    client: args.client,
  };
}

const reply = (message: Answer['message']): Answer => ({ message, replaceOriginal: false });

/** Makes sure the bot can post in the channel: null when it can (joined if needed), else what to tell the user. */
async function ensureMember(client: WebClient, channelId: string): Promise<{ joined: boolean } | { problem: string }> {
  if (!/^[CG][A-Z0-9]+$/.test(channelId)) {
    return { problem: 'Live events go to a channel: run `/inbox subscribe` in the channel that should receive them.' };
  }
  try {
    const info = await client.conversations.info({ channel: channelId });
    const channel = info.channel;
    if (channel?.is_member) return { joined: false };
    if (channel?.is_private) {
      return {
        problem:
          'This is a private channel I am not in, so I could never post here. Invite me with `/invite @Inbox`, then run `/inbox subscribe` again.',
      };
    }
    await client.conversations.join({ channel: channelId });
    return { joined: true };
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === 'channel_not_found') {
      return {
        problem:
          'I cannot see this channel (it is private and I am not in it). Invite me with `/invite @Inbox`, then run `/inbox subscribe` again.',
      };
    }
    if (code === 'missing_scope') {
      return { problem: 'I am missing the `channels:join` permission: ask an admin to reinstall the app.' };
    }
    throw error;
  }
}

async function timezoneOf(client: WebClient, userId: string): Promise<string> {
  try {
    return (await client.users.info({ user: userId })).user?.tz ?? 'UTC';
  } catch {
    return 'UTC';
  }
}

export async function serveSubscribe(
  deps: AppDeps,
  where: CommandWhere,
  request: SubscribeRequest,
  describeResolveFailure: (failure: ResolveFailure) => Answer['message'],
): Promise<Answer> {
  if (!(await deps.subscriptions.allowed(where.userId))) return reply(buildErrorMessage(NOT_ALLOWED));
  const member = await ensureMember(where.client, where.channelId);
  if ('problem' in member) return reply(buildErrorMessage(member.problem));
  const timezone = request.quiet ? await timezoneOf(where.client, where.userId) : 'UTC';
  const outcome = await deps.subscriptions.subscribe({
    teamId: where.teamId,
    channelId: where.channelId,
    slackUserId: where.userId,
    request,
    timezone,
  });
  if (outcome.ok) {
    return reply(buildSubscribed(outcome.subscription, member.joined ? 'I joined this channel to post here.' : null));
  }
  const failure = outcome.failure;
  switch (failure.kind) {
    case 'not_allowed':
      return reply(buildErrorMessage(NOT_ALLOWED));
    case 'too_many':
      return reply(
        buildErrorMessage(
          `This channel already has ${failure.max} subscriptions. Remove one with \`/inbox subscriptions\`.`,
        ),
      );
    default:
      return reply(describeResolveFailure(failure));
  }
}

export async function serveSubscriptions(deps: AppDeps, where: CommandWhere): Promise<Answer> {
  return reply(buildSubscriptionList(where.channelId, await deps.subscriptions.list(where.teamId, where.channelId)));
}

export async function serveUnsubscribe(deps: AppDeps, where: CommandWhere): Promise<Answer> {
  if (!(await deps.subscriptions.allowed(where.userId))) return reply(buildErrorMessage(NOT_ALLOWED));
  const subs = await deps.subscriptions.list(where.teamId, where.channelId);
  return reply(buildUnsubscribeConfirm(where.channelId, subs.length));
}
