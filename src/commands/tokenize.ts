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
const KEY_PATTERN = /^[A-Za-z][A-Za-z_-]*$/;

/** Decodes the three entities Slack escapes in command text (single pass, so `&amp;lt;` → `&lt;`). */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'));
}

function isSpace(ch: string): boolean {
  return /\s/u.test(ch);
}

export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; error: ParseError };

export function tokenize(input: string): TokenizeResult {
  const chars = Array.from(input);
  const tokens: Token[] = [];
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
    const flush = (): void => {
      value += decodeSlackEntities(plain);
      plain = '';
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
        const end = chars.indexOf('>', i);
        if (end !== -1) {
          flush();
          value += chars.slice(i, end + 1).join('');
          angle = true;
          i = end + 1;
          atValueStart = false;
          continue;
        }
      }
      if (ch === ':' && key === null && !quoted && !angle && value === '' && KEY_PATTERN.test(plain)) {
        const rest = chars.slice(i + 1, i + 3).join('');
        if (rest !== '//') {
          key = plain.toLowerCase();
          plain = '';
          i++;
          atValueStart = true;
          continue;
        }
      }
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
