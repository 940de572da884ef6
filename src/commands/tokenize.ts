/**
 * Splits `/inbox` text into words. Handles `key:value`, quoted values (straight and curly quotes, as Slack and
 * phone keyboards send them), Slack's escaped `<@U123|name>` / `<https://…|label>` groups, and Slack's `&amp;`
 * `&lt;` `&gt;` entities.
 */
import type { ParseError } from './grammar.js';

export interface Token {
  /** The word exactly as typed (for error messages). */
  raw: string;
  /** Lowercased key when the word is `key:value`, else null. */
  key: string | null;
  /** The value (or the whole word when there is no key): quotes removed, entities decoded. */
  value: string;
  /** True when the value was quoted: a quoted value is always literal (`assignee:"me"` is a member called me). */
  quoted: boolean;
  /** True when the value is a Slack `<…>` group (mention, link, mailto), kept verbatim. */
  angle: boolean;
}

const DOUBLE_OPEN = new Set(['"', '“', '”', '„']);
const DOUBLE_CLOSE = new Set(['"', '”', '“']);
const SINGLE_OPEN = new Set(["'", '‘', '’']);
const SINGLE_CLOSE = new Set(["'", '’', '‘']);
const ALL_QUOTES = new Set([...DOUBLE_OPEN, ...DOUBLE_CLOSE, ...SINGLE_OPEN, ...SINGLE_CLOSE]);
/** A key is a letter followed by letters, `_` or `-` (checked one character at a time: see `keyish`). */
const KEY_START = /^[A-Za-z]$/;
const KEY_PART = /^[A-Za-z_-]$/;

/** Decodes the three entities Slack escapes in command text (single pass, so `&amp;lt;` → `&lt;`). */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'));
}

const SPACE = /^\s$/u;
function isSpace(ch: string): boolean {
  return SPACE.test(ch);
}

export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; error: ParseError };

/**
 * Linear in the length of `input`: every character is looked at a bounded number of times (the search for a `<`
 * group's closing `>` is remembered across tokens, and whether a word can still be a key is tracked as it grows),
 * so even text far longer than Slack sends cannot stall the event loop.
 */
export function tokenize(input: string): TokenizeResult {
  const chars = Array.from(input);
  const tokens: Token[] = [];
  // The next `>` at or after a position: positions only grow, so one forward scan serves every `<`.
  let gtAt = -1;
  let noGtLeft = false;
  const nextGt = (from: number): number => {
    if (noGtLeft) return -1;
    if (gtAt >= from) return gtAt;
    let j = from;
    while (j < chars.length && chars[j] !== '>') j++;
    if (j === chars.length) noGtLeft = true;
    gtAt = j;
    return noGtLeft ? -1 : j;
  };
  let i = 0;
  while (i < chars.length) {
    while (i < chars.length && isSpace(chars[i] as string)) i++;
    if (i >= chars.length) break;
    const start = i;
    let key: string | null = null;
    let value = '';
    let quoted = false;
    let angle = false;
    let atValueStart = true;
    let plain = '';
    /** True while `plain` (non-empty) matches a key: a letter, then letters, `_` or `-`. */
    let keyish = false;
    const flush = (): void => {
      value += decodeSlackEntities(plain);
      plain = '';
      keyish = false;
    };
    while (i < chars.length && !isSpace(chars[i] as string)) {
      const ch = chars[i] as string;
      if (atValueStart && (DOUBLE_OPEN.has(ch) || SINGLE_OPEN.has(ch))) {
        const closers = DOUBLE_OPEN.has(ch) ? DOUBLE_CLOSE : SINGLE_CLOSE;
        i++;
        let inner = '';
        let closed = false;
        while (i < chars.length) {
          const c = chars[i] as string;
          const next = chars[i + 1];
          if (c === '\\' && next !== undefined && (next === '\\' || ALL_QUOTES.has(next))) {
            inner += next;
            i += 2;
            continue;
          }
          if (closers.has(c)) {
            closed = true;
            i++;
            break;
          }
          inner += c;
          i++;
        }
        if (!closed) {
          const raw = chars.slice(start).join('');
          return {
            ok: false,
            error: {
              code: 'unterminated_quote',
              message: `The quote in “${raw}” is never closed. Close it, like tag:"hot lead".`,
              input: raw,
              suggestions: [],
            },
          };
        }
        flush();
        value += decodeSlackEntities(inner);
        quoted = true;
        atValueStart = false;
        continue;
      }
      if (atValueStart && ch === '<') {
        const end = nextGt(i);
        if (end !== -1) {
          flush();
          value += chars.slice(i, end + 1).join('');
          angle = true;
          i = end + 1;
          atValueStart = false;
          continue;
        }
      }
      if (ch === ':' && key === null && !quoted && !angle && value === '' && keyish) {
        if (!(chars[i + 1] === '/' && chars[i + 2] === '/')) {
          key = plain.toLowerCase();
          plain = '';
          keyish = false;
          i++;
          atValueStart = true;
          continue;
        }
      }
      keyish = plain === '' ? KEY_START.test(ch) : keyish && KEY_PART.test(ch);
      plain += ch;
      atValueStart = false;
      i++;
    }
    flush();
    const raw = chars.slice(start, i).join('');
    tokens.push({ raw, key, value, quoted, angle });
  }
  return { ok: true, tokens };
}
