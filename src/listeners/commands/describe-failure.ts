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
      ? 'You are not on the Inbox team yet, so there is no “me” to filter by. Ask your Inbox admin to invite your Slack email to Inbox.'
      : `<@${failure.slackUserId}> is not on the Inbox team (no Inbox member has their Slack email).`,
  );
}
