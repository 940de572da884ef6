/** A name the user gave that matched nothing, or a Slack user with no Inbox seat, in words. */
import { buildErrorMessage, buildUnknownName } from '../../blocks/errors.js';
import type { SlackMessage } from '../../blocks/message.js';
import type { ResolveFailure } from '../../services/resolve-query.js';

export function describeResolveFailure(failure: ResolveFailure): SlackMessage {
  if (failure.kind === 'unknown_name') {
    return buildUnknownName({ kind: failure.nameKind, input: failure.input, valid: failure.valid });
  }
  return buildErrorMessage(
    failure.self
      ? 'Your Slack account is not linked to an Inbox member (no Inbox member has your Slack email). Ask an admin to add you to MEMBER_MAP.'
      : `<@${failure.slackUserId}> is not linked to an Inbox member.`,
  );
}
