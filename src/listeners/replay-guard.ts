/**
 * Drops replayed requests. Slack signs every request with a timestamp and Bolt refuses one older than 5 minutes,
 * but within those 5 minutes the same signed request could be sent again by whoever captured it, and it would
 * act again (post another digest, undo a later Reopen). The first time a signature is seen it is recorded in the
 * state store (a "seen" row living a little longer than Slack's window); a repeat is acknowledged and dropped.
 * Slack's own retries carry a new timestamp, hence a new signature, so they are not mistaken for replays.
 *
 * When the store does not answer within a second, the request is served anyway (logged): a database outage
 * must not stop everyone's /inbox, and the signature check still bounds a replay to 5 minutes.
 */
import type { AnyMiddlewareArgs, Context, Middleware } from '@slack/bolt';
import type { AppDeps } from '../deps.js';

export const REPLAY_SCOPE = 'slack-request';
/** Slack's 5-minute window plus a minute of clock skew. */
export const REPLAY_TTL_MS = 6 * 60_000;
const CHECK_TIMEOUT_MS = 1_000;

/** The header the HTTP receiver copies into each request's context (see app.ts). */
export const SIGNATURE_PROPERTY = 'requestSignature';

function teamOf(context: Context, body: unknown): string {
  const b = (body ?? {}) as { team?: { id?: string } | null; team_id?: string };
  const team = b.team?.id ?? b.team_id;
  return context.teamId ?? context.enterpriseId ?? team ?? 'unknown-team';
}

export function dropReplays(deps: Pick<AppDeps, 'store' | 'logger'>): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const signature = args.context[SIGNATURE_PROPERTY];
    if (typeof signature !== 'string' || signature.length === 0 || signature.length > 200) return args.next();
    // An options load (block_suggestion) only reads, and carries no unique field: the same search typed twice in
    // one second is byte-identical, and dropping it would leave the menu empty. Replays of it change nothing.
    if ((args.body as { type?: unknown } | undefined)?.type === 'block_suggestion') return args.next();
    let first = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      first = await Promise.race([
        deps.store.seen.firstSeen(
          { teamId: teamOf(args.context, args.body), scope: REPLAY_SCOPE, key: signature },
          REPLAY_TTL_MS,
        ),
        new Promise<boolean>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      deps.logger.warn(`Replay check skipped (the state store did not answer: ${(error as Error).message})`);
    } finally {
      clearTimeout(timer);
    }
    if (first) return args.next();
    deps.logger.warn('Dropped a replayed Slack request (its signature was already used within the last 5 minutes)');
    const ack = (args as { ack?: () => Promise<void> }).ack;
    if (ack) await ack();
  };
}
