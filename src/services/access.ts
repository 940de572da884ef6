/**
 * Who may read and who may act, from READ_POLICY and ACTION_POLICY: `members` means the Slack user must be linked to
 * an Inbox member (MEMBER_MAP or the same email), `anyone` lets every user of the Slack workspace. A refusal is a
 * NotAllowedError, which listeners turn into words like any other failure.
 */
import type { ActionPolicy, ReadPolicy } from '../config.js';
import type { IdentityService } from './identity.js';

export type Access = 'read' | 'act' | 'post the digest';

const NOT_LINKED = 'your Slack account is not linked to one (no Inbox member has your Slack email)';

export class NotAllowedError extends Error {
  constructor(readonly access: Access) {
    super(
      access === 'read'
        ? `Only Inbox members can read Inbox threads here, and ${NOT_LINKED}. Ask an admin to add you to MEMBER_MAP.`
        : access === 'act'
          ? `Only Inbox members can change threads, and ${NOT_LINKED}. Ask an admin to add you to MEMBER_MAP.`
          : `Only Inbox members can post the digest to the channel, and ${NOT_LINKED}. Ask an admin to add you to MEMBER_MAP.`,
    );
    this.name = 'NotAllowedError';
  }
}

export interface AccessPolicy {
  mayRead(slackUserId: string): Promise<boolean>;
  mayAct(slackUserId: string): Promise<boolean>;
  /** Throws NotAllowedError unless the user may read. */
  assertMayRead(slackUserId: string): Promise<void>;
  /** Throws NotAllowedError (with `access`) unless the user may act. */
  assertMayAct(slackUserId: string, access?: Exclude<Access, 'read'>): Promise<void>;
}

/** A policy fixed at start (the environment) or read when needed (the settings made in Slack win). */
export type PolicySource<P> = P | (() => Promise<P>);

const current = async <P>(source: PolicySource<P>): Promise<P> =>
  typeof source === 'function' ? (source as () => Promise<P>)() : source;

export function createAccessPolicy(deps: {
  identity: IdentityService;
  readPolicy: PolicySource<ReadPolicy>;
  actionPolicy: PolicySource<ActionPolicy>;
}): AccessPolicy {
  const isMember = async (slackUserId: string) => (await deps.identity.memberFor(slackUserId)) !== null;
  const policy: AccessPolicy = {
    mayRead: async (slackUserId) => (await current(deps.readPolicy)) === 'anyone' || isMember(slackUserId),
    mayAct: async (slackUserId) => (await current(deps.actionPolicy)) === 'anyone' || isMember(slackUserId),
    async assertMayRead(slackUserId) {
      if (!(await policy.mayRead(slackUserId))) throw new NotAllowedError('read');
    },
    async assertMayAct(slackUserId, access = 'act') {
      if (!(await policy.mayAct(slackUserId))) throw new NotAllowedError(access);
    },
  };
  return policy;
}
