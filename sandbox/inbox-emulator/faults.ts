/** Queued fault injections, consumed by the API requests they match. */
import type { Fault, FaultMatch } from './index.js';

interface Pending {
  remaining: number;
  fault: Fault;
  match: FaultMatch;
}

export class FaultQueue {
  private pending: Pending[] = [];

  add(count: number, fault: Fault, match: FaultMatch = {}): void {
    if (count > 0) this.pending.push({ remaining: count, fault, match });
  }

  /** The fault for this request, if one matches (first queued first); uses one of its count. */
  take(method: string, path: string, route: string | null): Fault | null {
    const entry = this.pending.find((p) => matches(p.match, method, path, route));
    if (!entry) return null;
    entry.remaining--;
    if (entry.remaining === 0) this.pending = this.pending.filter((p) => p !== entry);
    return entry.fault;
  }

  size(): number {
    return this.pending.reduce((sum, p) => sum + p.remaining, 0);
  }

  clear(): void {
    this.pending = [];
  }
}

function matches(match: FaultMatch, method: string, path: string, route: string | null): boolean {
  if (match.method && match.method.toUpperCase() !== method) return false;
  if (match.path === undefined) return true;
  if (typeof match.path === 'string') return match.path === path || match.path === route;
  match.path.lastIndex = 0;
  return match.path.test(path);
}

/** A 200 JSON body that fits no endpoint's schema (wrong types, required keys missing). */
export const BAD_SCHEMA_BODY = { id: 42, threads: 'not-an-array', messages: null, unexpected: true };

export const NOT_JSON_BODY = '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1><p>cloudflare</p></body></html>';
