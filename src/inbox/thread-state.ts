/**
 * What a thread's own fields say about it, as the seed guide defines it: it awaits a reply when the prospect
 * sent the last message (`lastMessage.authorId` is not the account link) and it is not done.
 */
import type { Thread } from './schemas.js';

export function awaitsReply(thread: Thread): boolean {
  const last = thread.lastMessage;
  return last !== null && last !== undefined && last.authorId !== thread.accountLinkId && !thread.done;
}

/** When the thread's current wait (or last activity) began, in ms since the epoch; null when no timestamp parses. */
export function lastActivityMs(thread: Thread): number | null {
  for (const value of [
    thread.lastMessage?.createdAt,
    thread.lastMessageTimestamp,
    thread.computedSortTimestamp,
    thread.createdAt,
  ]) {
    const ms = value ? Date.parse(value) : Number.NaN;
    if (Number.isFinite(ms)) return ms;
  }
  return null;
}
