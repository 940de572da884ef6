/**
 * Inbox webhook signatures (Inbox API §12.3): `X-Inbox-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]`,
 * v1 = lowercase hex HMAC-SHA256(secret, "<t>.<raw body>"). Verified over the raw bytes, constant-time,
 * any v1 entry may match any configured secret (rotation), and `t` must be within the tolerance.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-inbox-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;
const MAX_HEADER_LENGTH = 2_048;
const HEX_64 = /^[0-9a-f]{64}$/;

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

export interface VerifyArgs {
  header: string | string[] | undefined;
  rawBody: Buffer;
  /** The current secret and, during a rotation, the previous one. */
  secrets: readonly string[];
  nowSeconds: number;
  toleranceSeconds?: number;
}

export function verifyInboxSignature(args: VerifyArgs): SignatureCheck {
  const header = Array.isArray(args.header) ? args.header.join(',') : args.header;
  if (!header) return { ok: false, reason: 'missing' };
  if (header.length > MAX_HEADER_LENGTH) return { ok: false, reason: 'malformed' };
  let timestamp: string | null = null;
  const candidates: Buffer[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === 't') timestamp = value;
    else if (key === 'v1' && HEX_64.test(value.toLowerCase())) candidates.push(Buffer.from(value.toLowerCase(), 'hex'));
  }
  if (timestamp === null || !/^\d{1,12}$/.test(timestamp) || candidates.length === 0) {
    return { ok: false, reason: 'malformed' };
  }
  const tolerance = args.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(args.nowSeconds - Number(timestamp)) > tolerance) return { ok: false, reason: 'stale' };
  const signedPrefix = Buffer.from(`${timestamp}.`, 'utf8');
  let matched = false;
  for (const secret of args.secrets) {
    if (!secret) continue;
    const expected = createHmac('sha256', secret).update(signedPrefix).update(args.rawBody).digest();
    // Every candidate is compared (no early exit), each in constant time.
    for (const candidate of candidates) if (timingSafeEqual(expected, candidate)) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: 'mismatch' };
}
