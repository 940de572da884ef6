import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyInboxSignature } from './signature.js';

const SECRET = 'ibt_wh_current_secret_0123';
const OLD = 'ibt_wh_previous_secret_4567';
const NOW = 1_790_000_000;
const body = Buffer.from('{"id":"ev1","seq":1,"type":"message.created","data":{"a":"é"}}', 'utf8');
const sign = (secret: string, t: number, raw: Buffer = body) =>
  createHmac('sha256', secret).update(`${t}.`).update(raw).digest('hex');
const check = (header: string | undefined, opts: { raw?: Buffer; now?: number; secrets?: string[] } = {}) =>
  verifyInboxSignature({
    header,
    rawBody: opts.raw ?? body,
    secrets: opts.secrets ?? [SECRET],
    nowSeconds: opts.now ?? NOW,
  });

describe('verifyInboxSignature', () => {
  it('accepts a good signature over the raw body', () => {
    expect(check(`t=${NOW},v1=${sign(SECRET, NOW)}`)).toEqual({ ok: true });
  });

  it('rejects a forged signature, a signature by another secret, and no header', () => {
    expect(check(`t=${NOW},v1=${'0'.repeat(64)}`)).toEqual({ ok: false, reason: 'mismatch' });
    expect(check(`t=${NOW},v1=${sign('someone-else', NOW)}`)).toEqual({ ok: false, reason: 'mismatch' });
    expect(check(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(check('v1=abc')).toEqual({ ok: false, reason: 'malformed' });
    expect(check(`t=${NOW}`)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rejects a stale or future timestamp beyond 300 s, accepts one within it', () => {
    expect(check(`t=${NOW - 301},v1=${sign(SECRET, NOW - 301)}`)).toEqual({ ok: false, reason: 'stale' });
    expect(check(`t=${NOW + 301},v1=${sign(SECRET, NOW + 301)}`)).toEqual({ ok: false, reason: 'stale' });
    expect(check(`t=${NOW - 299},v1=${sign(SECRET, NOW - 299)}`)).toEqual({ ok: true });
  });

  it('accepts any of several v1 entries and any configured secret (rotation)', () => {
    const header = `t=${NOW},v1=${sign('retired', NOW)},v1=${sign(OLD, NOW)}`;
    expect(check(header)).toEqual({ ok: false, reason: 'mismatch' });
    expect(check(header, { secrets: [SECRET, OLD] })).toEqual({ ok: true });
  });

  it('rejects any change to the raw body, even one that parses to the same JSON', () => {
    const header = `t=${NOW},v1=${sign(SECRET, NOW)}`;
    const reformatted = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 1));
    expect(check(header, { raw: reformatted })).toEqual({ ok: false, reason: 'mismatch' });
    expect(check(header, { raw: Buffer.concat([body, Buffer.from(' ')]) })).toEqual({ ok: false, reason: 'mismatch' });
    // The timestamp is signed too: replaying the body with a fresh t fails.
    expect(check(`t=${NOW + 1},v1=${sign(SECRET, NOW)}`)).toEqual({ ok: false, reason: 'mismatch' });
  });
});
