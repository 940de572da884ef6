/**
 * The emulator's event log (Inbox API §11): every change the store makes is recorded as an event with
 * the documented envelope `{id, seq, teamId, type, timestamp, version: "1.0", data}`, kept 7 days, and
 * served by `GET /events?afterSeq&limit` (`afterSeq` exclusive, `hasMore`, `lastSeq`).
 *
 * `seq` never goes back, not even across `reset()`: a real team's sequence is monotonic, and an app that
 * stored seq 40 before the reset must not mistake the next event for an old one. Event IDs are random
 * for the same reason (an ID must never be reused for a different event).
 */
import { randomBytes } from 'node:crypto';

export const EVENT_RETENTION_MS = 7 * 24 * 3_600_000;
export const EVENTS_DEFAULT_LIMIT = 100;
export const EVENTS_MAX_LIMIT = 1_000;

/** The event types the vendor documents (the OpenAPI enum of GET /events). */
export type InboxEventType =
  | 'thread.created'
  | 'thread.deleted'
  | 'thread.assigned'
  | 'thread.unassigned'
  | 'thread.archived'
  | 'thread.unarchived'
  | 'message.created'
  | 'prospect.statusChanged'
  | 'prospect.tagsChanged';

export interface InboxEvent {
  id: string;
  seq: number;
  teamId: string;
  type: InboxEventType;
  timestamp: string;
  version: '1.0';
  data: unknown;
}

export interface EventPage {
  events: InboxEvent[];
  hasMore: boolean;
  lastSeq: number | null;
}

export class EventLog {
  private events: InboxEvent[] = [];
  private seq = 0;
  private readonly listeners = new Set<(event: InboxEvent) => void>();

  constructor(private readonly now: () => Date) {}

  record(teamId: string, type: InboxEventType, data: unknown): InboxEvent {
    this.prune();
    this.seq += 1;
    const event: InboxEvent = {
      id: `ev${randomBytes(11).toString('hex')}`,
      seq: this.seq,
      teamId,
      type,
      timestamp: this.now().toISOString(),
      version: '1.0',
      data: structuredClone(data),
    };
    this.events.push(event);
    for (const listener of this.listeners) listener(structuredClone(event));
    return structuredClone(event);
  }

  /** Events with `seq > afterSeq` (all retained ones when omitted), oldest first, at most `limit`. */
  list(afterSeq: number | undefined, limit: number): EventPage {
    this.prune();
    const after = this.events.filter((e) => afterSeq === undefined || e.seq > afterSeq);
    const page = after.slice(0, limit);
    return {
      events: structuredClone(page),
      hasMore: after.length > page.length,
      lastSeq: page.at(-1)?.seq ?? null,
    };
  }

  all(): InboxEvent[] {
    return structuredClone(this.events);
  }

  lastSeq(): number {
    return this.seq;
  }

  /** Forgets the retained events (the sequence goes on). */
  clear(): void {
    this.events = [];
  }

  onEvent(listener: (event: InboxEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private prune(): void {
    const oldest = this.now().getTime() - EVENT_RETENTION_MS;
    const first = this.events.findIndex((e) => Date.parse(e.timestamp) >= oldest);
    if (first > 0) this.events = this.events.slice(first);
    else if (first === -1) this.events = [];
  }
}
