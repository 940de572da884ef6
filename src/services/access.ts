/**
 * Who may read and who may act, from READ_POLICY and ACTION_POLICY: `members` means the Slack user must be linked to
 * an Inbox member (MEMBER_MAP or the same email), `anyone` lets every user of the Slack workspace. A refusal is a
 * NotAllowedError, which listeners turn into words like any other failure.
 */
import type { ActionPolicy, ReadPolicy } from '../config.js';
import { membersOnly } from './failures.js';
import type { IdentityService } from './identity.js';

export type Access = 'read' | 'act' | 'post the digest';

const WHAT: Record<Access, string> = {
  read: 'read Inbox threads here',
  act: 'change threads',
  'post the digest': 'post the digest to the channel',
};

/** A refusal; its message is the words for the user (membersOnly: their email, never a setting's name). */
export class NotAllowedError extends Error {
  constructor(
    readonly access: Access,
    email: string | null = null,
  ) {
    super(membersOnly(WHAT[access], email));
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
  const emailOf = async (slackUserId: string) =>
    deps.identity.emailOf ? await deps.identity.emailOf(slackUserId).catch(() => null) : null;
  const policy: AccessPolicy = {
    mayRead: async (slackUserId) => (await current(deps.readPolicy)) === 'anyone' || isMember(slackUserId),
    mayAct: async (slackUserId) => (await current(deps.actionPolicy)) === 'anyone' || isMember(slackUserId),
    async assertMayRead(slackUserId) {
      if (!(await policy.mayRead(slackUserId))) throw new NotAllowedError('read', await emailOf(slackUserId));
    },
    async assertMayAct(slackUserId, access = 'act') {
      if (!(await policy.mayAct(slackUserId))) throw new NotAllowedError(access, await emailOf(slackUserId));
    },
  };
  return policy;
}
