/** `/inbox autoassign …`: set up, stop, show, skip someone, or assign the waiting threads now (with one confirm). */
import {
  buildAutoassignOff,
  buildAutoassignOn,
  buildAutoassignSkip,
  buildAutoassignStatus,
  buildNowPreview,
} from '../../blocks/autoassign.js';
import { buildErrorMessage } from '../../blocks/errors.js';
import { memberName } from '../../blocks/thread-card.js';
import type { AutoassignOp } from '../../commands/grammar.js';
import type { AppDeps } from '../../deps.js';
import type { Answer } from '../answer.js';
import { describeResolveFailure } from './describe-failure.js';

const NOT_LINKED =
  'Only Inbox members can set up round-robin, and your Slack account is not linked to one (no Inbox member has your Slack email). Ask an admin to add you to MEMBER_MAP.';
const NOT_SET_UP = 'Round-robin is not set up yet. Start it with `/inbox autoassign @alice @bob`.';

const reply = (message: Answer['message']): Answer => ({ message, replaceOriginal: false });

export async function serveAutoassign(
  deps: AppDeps,
  op: AutoassignOp,
  userId: string,
  teamId: string,
): Promise<Answer> {
  const service = deps.autoassign;
  switch (op.type) {
    case 'on': {
      const outcome = await service.configure(teamId, userId, op);
      if (!outcome.ok) {
        return reply(
          outcome.failure.kind === 'not_allowed'
            ? buildErrorMessage(NOT_LINKED)
            : describeResolveFailure(outcome.failure),
        );
      }
      return reply(
        buildAutoassignOn(outcome.config, await deps.threads.directory(), deps.settings.liveEvents ?? false),
      );
    }
    case 'off':
      return reply((await service.off(teamId)) ? buildAutoassignOff() : buildErrorMessage(NOT_SET_UP));
    case 'status':
      return reply(
        buildAutoassignStatus({
          config: await service.getConfig(teamId),
          rotation: await service.getRotation(teamId),
          directory: await deps.threads.directory(),
          now: deps.clock(),
        }),
      );
    case 'skip': {
      const outcome = await service.skip(teamId, userId, op.member, op.until);
      if (!outcome.ok) {
        return reply(
          outcome.failure.kind === 'not_configured'
            ? buildErrorMessage(NOT_SET_UP)
            : describeResolveFailure(outcome.failure),
        );
      }
      return reply(buildAutoassignSkip(memberName(outcome.member), outcome.until));
    }
    case 'now': {
      const outcome = await service.planNow(teamId, userId);
      if (outcome.ok) return reply(buildNowPreview(outcome.plan, outcome.directory));
      const words = {
        not_allowed: NOT_LINKED,
        not_configured: NOT_SET_UP,
        off: 'Round-robin is off. Turn it on with `/inbox autoassign @alice @bob` first.',
        nobody_available: 'Everyone in the rotation is away (skipped), so nobody can take threads now.',
      }[outcome.reason];
      return reply(buildErrorMessage(words));
    }
  }
}
