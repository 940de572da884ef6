/**
 * Webhook delivery (Inbox API §12): every recorded event is POSTed as JSON to the configured URL with
 * `X-Inbox-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` (one `v1=` per secret,
 * as during a rotation). Delivery is at-least-once: a failure (network error, timeout or non-2xx) is
 * retried with backoff. On request (`chaos`) it also misbehaves the way real deliveries can: each event
 * twice, events held back and then released out of order, or deliveries lost (the event stays in
 * `GET /events`, so an app must backfill the gap).
 */
import { createHmac } from 'node:crypto';
import type { InboxEvent } from './events.js';

export interface WebhookTarget {
  url: string;
  /** Signing secrets; several give several `v1=` entries (a rotation). */
  secrets: string[];
  /** Attempts per event before giving up (default 6). */
  maxAttempts?: number;
  /** First retry delay, doubled each time (default 200 ms). */
  retryBaseMs?: number;
  /** Per-attempt limit (default 5 s). */
  timeoutMs?: number;
}

export interface WebhookChaos {
  /** Deliver every event twice, at once. */
  duplicate?: boolean;
  /** Hold deliveries until `release()`. */
  hold?: boolean;
  /** Lose the next N deliveries (never sent; still in GET /events). */
  dropNext?: number;
}

export interface WebhookDelivery {
  eventId: string;
  seq: number;
  type: string;
  attempt: number;
  /** HTTP status, or 0 for a network error / timeout. */
  status: number;
  ms: number;
  at: string;
  dropped?: boolean;
}

/** `t=…,v1=…[,v1=…]` for `rawBody` signed at `timestampSec` with each secret. */
export function inboxSignatureHeader(rawBody: string, secrets: readonly string[], timestampSec: number): string {
  const signed = `${timestampSec}.${rawBody}`;
  const parts = secrets.map((secret) => `v1=${createHmac('sha256', secret).update(signed, 'utf8').digest('hex')}`);
  return [`t=${timestampSec}`, ...parts].join(',');
}

export class WebhookDeliverer {
  private target: WebhookTarget | null = null;
  private chaos: WebhookChaos = {};
  private held: InboxEvent[] = [];
  private log: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private closed = false;

  constructor(private readonly now: () => Date) {}

  configure(target: WebhookTarget | null): void {
    this.target = target;
  }

  configured(): WebhookTarget | null {
    return this.target ? { ...this.target, secrets: [...this.target.secrets] } : null;
  }

  setChaos(chaos: WebhookChaos): void {
    this.chaos = { ...chaos };
  }

  /** Sends every held event, in seq order or reversed. */
  release(opts: { reverse?: boolean } = {}): number {
    const events = [...this.held].sort((a, b) => a.seq - b.seq);
    if (opts.reverse) events.reverse();
    this.held = [];
    for (const event of events) this.send(event);
    return events.length;
  }

  deliveries(): WebhookDelivery[] {
    return [...this.log];
  }

  /** No chaos, nothing held, empty log, in-flight deliveries abandoned; the target is kept (it is set up, not state). */
  reset(): void {
    this.chaos = {};
    this.held = [];
    this.log = [];
    for (const [timer, wake] of this.timers) {
      clearTimeout(timer);
      wake();
    }
    this.timers.clear();
  }

  /** Resolves when no delivery (or retry) is in flight. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.closed = true;
    this.target = null;
    this.reset();
  }

  /** Called for every recorded event. */
  enqueue(event: InboxEvent): void {
    if (!this.target || this.closed) return;
    if ((this.chaos.dropNext ?? 0) > 0) {
      this.chaos.dropNext = (this.chaos.dropNext ?? 0) - 1;
      this.log.push({ ...this.entry(event, 0, 0, 0), dropped: true });
      return;
    }
    if (this.chaos.hold) {
      this.held.push(event);
      return;
    }
    this.send(event);
  }

  private send(event: InboxEvent): void {
    const copies = this.chaos.duplicate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const run = this.deliver(event).finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    }
  }

  private async deliver(event: InboxEvent): Promise<void> {
    const target = this.target;
    if (!target) return;
    const maxAttempts = target.maxAttempts ?? 6;
    const body = JSON.stringify(event);
    for (let attempt = 1; attempt <= maxAttempts && !this.closed && this.target === target; attempt++) {
      const started = performance.now();
      let status = 0;
      try {
        const res = await fetch(target.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Inbox-Webhooks/1.0 (emulator)',
            'x-inbox-signature': inboxSignatureHeader(body, target.secrets, Math.floor(this.now().getTime() / 1000)),
          },
          body,
          signal: AbortSignal.timeout(target.timeoutMs ?? 5_000),
        });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch {
        status = 0;
      }
      this.log.push(this.entry(event, attempt, status, performance.now() - started));
      if (status >= 200 && status < 300) return;
      if (attempt < maxAttempts) await this.sleep((target.retryBaseMs ?? 200) * 2 ** (attempt - 1));
    }
  }

  private entry(event: InboxEvent, attempt: number, status: number, ms: number): WebhookDelivery {
    return {
      eventId: event.id,
      seq: event.seq,
      type: event.type,
      attempt,
      status,
      ms: Math.round(ms * 10) / 10,
      at: this.now().toISOString(),
    };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.set(timer, resolve);
    });
  }
}
