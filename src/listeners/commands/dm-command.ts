/**
 * `/inbox dm <prospect> [account:@handle] ["text"]`: the reply window for that prospect, opened with the
 * command's trigger at once; the conversation is looked up (and only created when the message is sent).
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildErrorMessage } from '../../blocks/errors.js';
import { escapeTruncate, quote } from '../../blocks/escape.js';
import type { Command } from '../../commands/grammar.js';
import type { AppDeps } from '../../deps.js';
import { composeFor, openWindow } from '../reply-window.js';

type Args = Pick<SlackCommandMiddlewareArgs & AllMiddlewareArgs, 'command' | 'respond' | 'client'>;

export async function openDmWindow(
  deps: AppDeps,
  { command, respond, client }: Args,
  dm: Extract<Command, { kind: 'dm' }>,
): Promise<void> {
  const result = await openWindow(
    deps,
    client,
    command.trigger_id,
    async () =>
      composeFor(
        await deps.reply.openForProspect({
          teamId: command.team_id,
          userId: command.user_id,
          target: dm.target,
          account: dm.account,
          text: dm.text,
        }),
        dm.text,
      ),
    dm.text,
  );
  if (!result.opened) {
    const kept = dm.text.trim() === '' ? '' : `\nYour message, to copy:\n${quote(escapeTruncate(dm.text, 2_500))}`;
    await respond({
      ...buildErrorMessage(`Could not open the reply window: ${result.words}.${kept}`),
      response_type: 'ephemeral',
    });
  }
}
