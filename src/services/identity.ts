/**
 * Who is this Slack user in Inbox? Member links (made in Slack, or MEMBER_MAP) win; otherwise the Slack profile email
 * (users.info, needs users:read.email) is matched case-insensitively against GET /members.
 */
import type { Member } from '../inbox/schemas.js';
import type { DirectoryService } from './directory.js';

export interface IdentityService {
  /** The Inbox member this Slack user maps to, or null when there is none. */
  memberFor(slackUserId: string): Promise<Member | null>;
  /** The Slack user's email as the app sees it (cached), or null: to tell a refused user what to ask for. */
  emailOf?(slackUserId: string): Promise<string | null>;
}

/** The other direction, for notifications: which Slack user is this Inbox member? */
export interface SlackUserLookup {
  /** MEMBER_MAP first, then the member's email in Slack (users.lookupByEmail); null when none. */
  slackUserFor(memberId: string): Promise<string | null>;
}

export interface IdentityServiceOptions {
  directory: DirectoryService;
  /** Overrides: a fixed map (MEMBER_MAP), or the member links made in Slack, read when needed. */
  memberMap: Record<string, string> | ((slackUserId: string) => Promise<string | undefined>);
  /** The Slack user's email, or null when Slack has none (users.info). */
  lookupEmail: (slackUserId: string) => Promise<string | null>;
  /** The Slack user with this email, or null (users.lookupByEmail). Without it, only MEMBER_MAP maps members. */
  lookupUserByEmail?: (email: string) => Promise<string | null>;
  ttlMs?: number;
  /**
   * How long "this Slack user has no Inbox seat" is remembered (default 5 min): a user with no seat who keeps
   * clicking costs no Inbox request after the first answer.
   */
  notMemberTtlMs?: number;
  clock?: () => Date;
}

export function createIdentityService(options: IdentityServiceOptions): IdentityService & SlackUserLookup {
  const ttlMs = options.ttlMs ?? 60 * 60_000;
  const clock = options.clock ?? (() => new Date());
  const notMemberTtlMs = options.notMemberTtlMs ?? 5 * 60_000;
  const emails = new Map<string, { email: string | null; at: number }>();
  const slackUsers = new Map<string, { slackUserId: string | null; at: number }>();
  /** Slack user ID → until when "not a member" holds. */
  const notMembers = new Map<string, number>();

  const emailOf = async (slackUserId: string): Promise<string | null> => {
    const hit = emails.get(slackUserId);
    const now = clock().getTime();
    if (hit && now - hit.at < ttlMs) return hit.email;
    const email = (await options.lookupEmail(slackUserId))?.toLowerCase() ?? null;
    if (emails.size > 5_000) emails.clear();
    emails.set(slackUserId, { email, at: now });
    return email;
  };

  const find = (members: Member[], memberId: string | undefined, email: string | null) =>
    members.find((m) => (memberId ? m.id === memberId : email !== null && m.email.toLowerCase() === email)) ?? null;

  return {
    emailOf,
    async memberFor(slackUserId) {
      // Links first: one made in Slack a moment ago applies at once, even to someone just found to be no member.
      const map = options.memberMap;
      const memberId =
        typeof map === 'function'
          ? await map(slackUserId)
          : Object.hasOwn(map, slackUserId)
            ? map[slackUserId]
            : undefined;
      const until = memberId ? undefined : notMembers.get(slackUserId);
      if (until !== undefined) {
        if (clock().getTime() < until) return null;
        notMembers.delete(slackUserId);
      }
      const email = memberId ? null : await emailOf(slackUserId);
      const found =
        !memberId && !email
          ? null
          : (find((await options.directory.get()).members, memberId, email) ??
            find((await options.directory.refresh()).members, memberId, email));
      if (!found) {
        if (notMembers.size > 5_000) notMembers.clear();
        notMembers.set(slackUserId, clock().getTime() + notMemberTtlMs);
      }
      return found;
    },

    async slackUserFor(memberId) {
      const mapped = Object.entries(options.memberMap).find(([, id]) => id === memberId)?.[0];
      if (mapped) return mapped;
      const now = clock().getTime();
      const hit = slackUsers.get(memberId);
      if (hit && now - hit.at < ttlMs) return hit.slackUserId;
      const member = (await options.directory.get()).members.find((m) => m.id === memberId);
      let slackUserId: string | null = null;
      if (member && options.lookupUserByEmail) {
        slackUserId = await options.lookupUserByEmail(member.email).catch(() => null);
      }
      if (slackUsers.size > 5_000) slackUsers.clear();
      slackUsers.set(memberId, { slackUserId, at: now });
      return slackUserId;
    },
  };
}
