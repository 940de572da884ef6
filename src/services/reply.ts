/**
 * Answering a prospect from Slack. A reply is a session (kept in the store, so any replica can serve the next
 * step): opened from a card or `/inbox dm`, drafted, confirmed, then sent ONCE.
 *
 * v1 sends have no idempotency key, so a send is never retried automatically. The session's state moves to
 * `sending` by compare-and-set before the POST, so a double submit or a second replica cannot send it again.
 * When the outcome is uncertain (timeout, connection reset, 5xx, an unreadable answer) the thread's newest
 * messages are listed again and compared with the ones listed just before the send: a new message from the
 * account with the same text means it went out. Only then is the user told "sent", "not sent" (they may send
 * again, as a new explicit action) or "still unknown" (they may check again, never send again blindly).
 */
import { randomBytes } from 'node:crypto';
import { InboxApiError } from '../inbox/errors.js';
import type { AccountLink, Message, Thread } from '../inbox/schemas.js';
import { type InboxClient, MAX_DM_CHARS } from '../inbox/types.js';
import type { RecordStore } from '../store/index.js';
import type { AccessPolicy } from './access.js';
import type { Directory, DirectoryService } from './directory.js';
import { describeInboxFailure } from './failures.js';

/** Messages shown in the reply window, and listed around a send to find out whether it went out. */
export const REPLY_HISTORY = 10;
const VERIFY_WINDOW = 20;
/** A draft lives this long (then the window says it expired, and the card needs a fresh click). */
export const REPLY_SESSION_TTL_MS = 24 * 60 * 60_000;

export type ReplyState = 'draft' | 'sending' | 'sent' | 'not_sent' | 'unknown';

/** Where the card the reply was started from lives, so it can be redrawn after the send. */
export interface CardRef {
  channelId: string | null;
  messageTs: string | null;
  ephemeral: boolean;
  responseUrl: string | null;
  /** The message's blocks and text when the click arrived (a list keeps its other cards). */
  blocks: unknown[];
  text: string;
}

export interface ProspectRef {
  platformId: string | null;
  username: string;
  name: string;
}

export interface ReplySession {
  id: string;
  teamId: string;
  /** The Slack user who opened it; nobody else can drive it. */
  userId: string;
  /** null until a `/inbox dm` finds or creates the thread (at send time). */
  threadId: string | null;
  prospect: ProspectRef;
  /** null when the user still has to pick the account (several connected, none given). */
  accountLinkId: string | null;
  /** The accounts the user may pick from (dm with several accounts and no `account:`). */
  accountChoices: string[];
  text: string;
  state: ReplyState;
  card: CardRef | null;
  /** IDs of the newest messages listed right before the send. */
  baseline: string[];
  messageId: string | null;
  /** What went wrong last, in words (shown in the window). */
  failure: string | null;
}

export type OpenFailure =
  | { ok: false; reason: 'not_linked' }
  | { ok: false; reason: 'no_accounts' }
  | { ok: false; reason: 'unknown_account'; valid: string[] }
  | { ok: false; reason: 'no_thread_for_username'; username: string };

export interface ReplyContext {
  session: ReplySession;
  /** null for a dm with no conversation yet (or with an account still to pick). */
  thread: Thread | null;
  messages: Message[];
  directory: Directory;
}

export type OpenOutcome = ({ ok: true } & ReplyContext) | OpenFailure;

export type SendOutcome =
  | { kind: 'sent'; session: ReplySession; message: Message; thread: Thread | null; checked: boolean }
  | { kind: 'not_sent'; session: ReplySession; why: string; checked: boolean }
  | { kind: 'rejected'; session: ReplySession; why: string }
  | { kind: 'unknown'; session: ReplySession; why: string }
  | { kind: 'busy'; session: ReplySession }
  | { kind: 'gone' };

export type DmTarget = { type: 'username'; username: string } | { type: 'platformId'; platformId: string };

export interface ReplyServiceDeps {
  inbox: InboxClient;
  directory: DirectoryService;
  /** READ_POLICY and ACTION_POLICY: the window shows the conversation (read) and sends (act). */
  access: AccessPolicy;
  records: RecordStore;
  /** Pause before listing messages again after an uncertain send (default 1 s, twice). */
  verifyDelaysMs?: number[];
  newId?: () => string;
}

const SESSION_ID = /^[0-9a-f]{24}$/;
const key = (teamId: string, id: string) => ({ teamId, scope: 'reply', key: id });

export function isReplySessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID.test(value);
}

const n = (value: number) => value.toLocaleString('en-US');

/** Why a draft cannot be sent as it is, in words; null when it is fine. `max` may be lower than X's limit. */
export function draftProblem(text: string, max: number = MAX_DM_CHARS): string | null {
  if (text.trim() === '') return 'Write a message first.';
  const length = Array.from(text).length;
  if (length > max) {
    const whose = max === MAX_DM_CHARS ? 'X allows' : 'The reply window takes';
    return `${whose} ${n(max)} characters; this message has ${n(length)}. Shorten it by ${n(length - max)}.`;
  }
  return null;
}

/** Inbox's answer to a refused send, in words (its own message when it gave one). */
export function describeSendRefusal(err: InboxApiError): string {
  const said = err.apiMessage?.trim();
  const base = describeInboxFailure(err);
  if (!said || err.kind === 'rate_limited') return base;
  return `Inbox refused the message (${err.status ?? err.kind}): ${said}`;
}

/** A timeout, a reset, a 5xx or an unreadable 200: the send may or may not have happened. */
export function isUncertain(err: unknown): boolean {
  if (!(err instanceof InboxApiError)) return true;
  return err.kind === 'timeout' || err.kind === 'network' || err.kind === 'server' || err.kind === 'bad_response';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createReplyService(deps: ReplyServiceDeps) {
  const { inbox, directory, records } = deps;
  const verifyDelays = deps.verifyDelaysMs ?? [1_000, 1_000];
  const newId = deps.newId ?? (() => randomBytes(12).toString('hex'));

  const allowed = async (userId: string) => (await deps.access.mayRead(userId)) && (await deps.access.mayAct(userId));

  const save = async (session: ReplySession): Promise<void> => {
    await records.put(key(session.teamId, session.id), session, { expectedVersion: null, ttlMs: REPLY_SESSION_TTL_MS });
  };

  /** Changes a session by compare-and-set (retried when another writer got in first); null when gone or refused. */
  const change = async (
    teamId: string,
    id: string,
    fn: (s: ReplySession) => ReplySession | null,
  ): Promise<ReplySession | null> => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await records.get<ReplySession>(key(teamId, id));
      if (!current) return null;
      const next = fn(current.value);
      if (next === null) return null;
      const put = await records.put(key(teamId, id), next, {
        expectedVersion: current.version,
        ttlMs: REPLY_SESSION_TTL_MS,
      });
      if (put.ok) return next;
    }
    throw new Error('reply session kept changing under 10 attempts to update it');
  };

  const newestMessages = async (threadId: string, limit: number): Promise<Message[]> =>
    [...(await inbox.listMessages(threadId, { limit })).messages].sort((a, b) =>
      a.createdAt.localeCompare(b.createdAt),
    );

  const base = (teamId: string, userId: string, prospect: ProspectRef, rest: Partial<ReplySession>): ReplySession => ({
    id: newId(),
    teamId,
    userId,
    threadId: null,
    prospect,
    accountLinkId: null,
    accountChoices: [],
    text: '',
    state: 'draft',
    card: null,
    baseline: [],
    messageId: null,
    failure: null,
    ...rest,
  });

  const prospectOf = (thread: Thread): ProspectRef => ({
    platformId: thread.prospect.platformId,
    username: thread.prospect.username,
    name: thread.prospect.displayName || thread.prospect.username,
  });

  /** Finds the thread for a dm session (lookup, create when none, look up again on a 409 or an uncertain create). */
  const ensureThread = async (session: ReplySession): Promise<Thread> => {
    const accountLinkId = session.accountLinkId as string;
    const platformId = session.prospect.platformId as string;
    const ref = { accountLinkId, externalPlatformId: platformId };
    const existing = await inbox.lookupThread(ref);
    if (existing) return existing;
    try {
      return await inbox.createThread(ref);
    } catch (err) {
      // Never retried blindly: a 409 (someone created it meanwhile) or an unknown outcome → look it up again.
      if (err instanceof InboxApiError && (err.kind === 'conflict' || isUncertain(err))) {
        const found = await inbox.lookupThread(ref);
        if (found) return found;
      }
      throw err;
    }
  };

  /** Lists the newest messages again and looks for the one this session sent. */
  const findSent = async (session: ReplySession): Promise<Message | null | 'unknown'> => {
    if (!session.threadId) return null;
    const baseline = new Set(session.baseline);
    const text = session.text.trim();
    let lastError = false;
    for (const delay of verifyDelays) {
      await sleep(delay);
      try {
        const messages = await newestMessages(session.threadId, VERIFY_WINDOW);
        lastError = false;
        const found = messages.find(
          (m) => !baseline.has(m.id) && m.authorId === session.accountLinkId && m.content.trim() === text,
        );
        if (found) return found;
      } catch {
        lastError = true;
      }
    }
    return lastError ? 'unknown' : null;
  };

  const settle = async (session: ReplySession, found: Message | null | 'unknown', why: string) => {
    if (found === 'unknown') {
      const s = await change(session.teamId, session.id, (c) => ({ ...c, state: 'unknown', failure: why }));
      return { kind: 'unknown' as const, session: s ?? session, why };
    }
    if (found) {
      const s = await change(session.teamId, session.id, (c) => ({
        ...c,
        state: 'sent',
        messageId: found.id,
        failure: null,
      }));
      const thread = await inbox.getThread(found.threadId).catch(() => null);
      return { kind: 'sent' as const, session: s ?? session, message: found, thread, checked: true };
    }
    const s = await change(session.teamId, session.id, (c) => ({ ...c, state: 'not_sent', failure: why }));
    return { kind: 'not_sent' as const, session: s ?? session, why, checked: true };
  };

  const get = async (teamId: string, id: string): Promise<ReplySession | null> =>
    (await records.get<ReplySession>(key(teamId, id)))?.value ?? null;

  return {
    isAllowed: allowed,
    get,

    /** A Reply click on a card: the thread, its latest messages, and a new draft. */
    async openForThread(args: {
      teamId: string;
      userId: string;
      threadId: string;
      card: CardRef | null;
    }): Promise<OpenOutcome> {
      if (!(await allowed(args.userId))) return { ok: false, reason: 'not_linked' };
      const [thread, messages, dir] = await Promise.all([
        inbox.getThread(args.threadId),
        newestMessages(args.threadId, REPLY_HISTORY),
        directory.get(),
      ]);
      const session = base(args.teamId, args.userId, prospectOf(thread), {
        threadId: thread.id,
        accountLinkId: thread.accountLinkId,
        card: args.card,
      });
      await save(session);
      return { ok: true, session, thread, messages, directory: dir };
    },

    /**
     * `/inbox dm`: the prospect's thread on the account (looked up, not created: that waits for the send), or
     * a choice of account when several are connected and none was given.
     */
    async openForProspect(args: {
      teamId: string;
      userId: string;
      target: DmTarget;
      account: string | null;
      text: string;
    }): Promise<OpenOutcome> {
      if (!(await allowed(args.userId))) return { ok: false, reason: 'not_linked' };
      let dir = await directory.get();
      if (dir.accountLinks.length === 0) dir = await directory.refresh();
      if (dir.accountLinks.length === 0) return { ok: false, reason: 'no_accounts' };
      let accounts: AccountLink[] = dir.accountLinks;
      if (args.account) {
        const wanted = args.account.toLowerCase();
        const find = (d: Directory) => d.accountLinks.find((a) => a.username.toLowerCase() === wanted);
        let link = find(dir);
        if (!link) {
          dir = await directory.refresh();
          link = find(dir);
        }
        if (!link) return { ok: false, reason: 'unknown_account', valid: dir.accountLinks.map((a) => a.username) };
        accounts = [link];
      }

      // Who the prospect is, and their existing threads on the candidate accounts.
      let threads: Thread[];
      let prospect: ProspectRef;
      if (args.target.type === 'username') {
        threads = await inbox.lookupThreadsByUsername(
          args.target.username,
          accounts.map((a) => a.id),
        );
        const known =
          threads[0] ?? (args.account ? (await inbox.lookupThreadsByUsername(args.target.username))[0] : undefined);
        // Without any thread, Inbox v1 has no way to turn a username into the X ID a new thread needs.
        if (!known) return { ok: false, reason: 'no_thread_for_username', username: args.target.username };
        prospect = prospectOf(known);
      } else {
        const platformId = args.target.platformId;
        const found = await Promise.all(
          accounts.map((a) => inbox.lookupThread({ accountLinkId: a.id, externalPlatformId: platformId })),
        );
        threads = found.filter((t): t is Thread => t !== null);
        prospect = threads[0] ? prospectOf(threads[0]) : { platformId, username: '', name: `X user ${platformId}` };
      }
      const chosen = accounts.length === 1 ? (accounts[0] as AccountLink) : null;
      const thread = chosen ? (threads.find((t) => t.accountLinkId === chosen.id) ?? null) : null;
      const session = base(args.teamId, args.userId, prospect, {
        threadId: thread?.id ?? null,
        accountLinkId: chosen?.id ?? null,
        accountChoices: chosen ? [] : accounts.map((a) => a.id),
        text: args.text,
      });
      await save(session);
      const messages = thread ? await newestMessages(thread.id, REPLY_HISTORY) : [];
      return { ok: true, session, thread, messages, directory: dir };
    },

    /** The thread and its latest messages for redrawing the window (null thread for a dm not yet started). */
    async context(session: ReplySession): Promise<ReplyContext> {
      const dir = await directory.get();
      if (!session.threadId) return { session, thread: null, messages: [], directory: dir };
      const [thread, messages] = await Promise.all([
        inbox.getThread(session.threadId),
        newestMessages(session.threadId, REPLY_HISTORY),
      ]);
      return { session, thread, messages, directory: dir };
    },

    /** Keeps what the user typed (and the account picked) before asking for the confirmation. */
    async saveDraft(
      teamId: string,
      id: string,
      userId: string,
      draft: { text: string; accountLinkId?: string | null },
    ): Promise<ReplySession | null> {
      return change(teamId, id, (s) => {
        if (s.userId !== userId || s.state === 'sending' || s.state === 'sent') return null;
        const account =
          draft.accountLinkId && s.accountChoices.includes(draft.accountLinkId) ? draft.accountLinkId : s.accountLinkId;
        // A different account means a different conversation: found again at send time.
        const threadId = account === s.accountLinkId ? s.threadId : null;
        return { ...s, text: draft.text, accountLinkId: account, threadId };
      });
    },

    /**
     * Sends the draft once. Only a session in `draft` or `not_sent` (a confirmed "not sent", then an explicit
     * "Try again") can be sent; anything else answers `busy` without a request to Inbox.
     */
    async send(teamId: string, id: string, userId: string): Promise<SendOutcome> {
      const current = await get(teamId, id);
      if (!current) return { kind: 'gone' };
      if (current.userId !== userId) return { kind: 'busy', session: current };
      if (!(await allowed(userId))) {
        return { kind: 'rejected', session: current, why: 'Only Inbox members can send from Slack.' };
      }
      if (draftProblem(current.text) !== null || !current.accountLinkId) {
        return {
          kind: 'rejected',
          session: current,
          why: draftProblem(current.text) ?? 'Pick the account to send from.',
        };
      }
      const claimed = await change(teamId, id, (s) =>
        s.userId === userId && (s.state === 'draft' || s.state === 'not_sent')
          ? { ...s, state: 'sending', failure: null }
          : null,
      );
      if (!claimed) {
        const now = await get(teamId, id);
        return now ? { kind: 'busy', session: now } : { kind: 'gone' };
      }
      let session = claimed;

      // The thread (a dm may have to start it) and the messages as they are just before the send.
      try {
        let threadId = session.threadId;
        if (!threadId) {
          threadId = (await ensureThread(session)).id;
        }
        const baseline = (await newestMessages(threadId, VERIFY_WINDOW)).map((m) => m.id);
        session = (await change(teamId, id, (s) => ({ ...s, threadId, baseline }))) ?? {
          ...session,
          threadId,
          baseline,
        };
      } catch (err) {
        const why =
          err instanceof InboxApiError && !isUncertain(err)
            ? describeSendRefusal(err)
            : `Could not reach the conversation in Inbox: ${describeInboxFailure(err)}`;
        const s = await change(teamId, id, (c) => ({ ...c, state: 'not_sent', failure: why }));
        return { kind: 'not_sent', session: s ?? session, why, checked: false };
      }

      try {
        const message = await inbox.sendMessage(session.threadId as string, { content: session.text });
        const s = await change(teamId, id, (c) => ({ ...c, state: 'sent', messageId: message.id, failure: null }));
        const thread = await inbox.getThread(message.threadId || (session.threadId as string)).catch(() => null);
        return { kind: 'sent', session: s ?? session, message, thread, checked: false };
      } catch (err) {
        if (isUncertain(err)) {
          return settle(session, await findSent(session), describeInboxFailure(err));
        }
        const why = describeSendRefusal(err as InboxApiError);
        // Refused for certain (4xx, 429): nothing went out; the draft is kept for an edit and a new send.
        const s = await change(teamId, id, (c) => ({ ...c, state: 'draft', failure: why }));
        return { kind: 'rejected', session: s ?? session, why };
      }
    },

    /** "Check again" after an unknown outcome: lists the newest messages once more. */
    async check(teamId: string, id: string, userId: string): Promise<SendOutcome> {
      const session = await get(teamId, id);
      if (!session) return { kind: 'gone' };
      if (session.userId !== userId || session.state !== 'unknown') return { kind: 'busy', session };
      return settle(session, await findSent(session), session.failure ?? 'Inbox did not confirm the send.');
    },
  };
}

export type ReplyService = ReturnType<typeof createReplyService>;
