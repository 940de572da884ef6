/**
 * Text safety for Slack mrkdwn: escaping, truncation that never splits a character, block quotes, and Slack's
 * `<!date>` tokens. Pure.
 */
import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';

/**
 * Escapes the three characters Slack treats as control characters in mrkdwn, so text from outside
 * (`<!channel>`, `<@U123>`, `<https://evil|click>`) renders literally and never pings or links.
 */
export function escapeMrkdwn(text: string): string {
  return stripControls(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Bidirectional controls (LRE…RLO, LRI…PDI, LRM, RLM, ALM) and invisible characters (zero-width space,
 * word joiner, BOM, soft hyphen, and a zero-width joiner that does not join two emoji): they can reverse or hide
 * the text around them ("moc.evil" shown as "live.com"). Right-to-left *letters* are kept.
 */
const CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B\u2060\uFEFF\u00AD\u180E]/gu;
const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F/u;

/** Strips bidi controls and zero-width characters from text that came from outside (see CONTROLS). */
export function stripControls(text: string): string {
  let out = text.replace(CONTROLS, '');
  if (out.includes('\u200D') || out.includes('\u200C')) {
    const chars = Array.from(out);
    out = chars
      .filter((ch, i) => {
        if (ch !== '\u200D' && ch !== '\u200C') return true;
        // A joiner inside an emoji sequence (👩‍💻) is part of the emoji; anywhere else it only hides things.
        return ch === '\u200D' && PICTOGRAPHIC.test(chars[i - 1] ?? '') && PICTOGRAPHIC.test(chars[i + 1] ?? '');
      })
      .join('');
  }
  return out;
}

const JOINER = '\u200D';

/**
 * Neutralises mrkdwn's formatting characters (`*bold*`, `_italic_`, `~strike~`, backticks) in a name that came
 * from outside: mrkdwn has no escape for them, so each one that could open or close a format gets an invisible zero-width joiner on both sides, which
 * keeps Slack from reading it as the start or end of a format. The text reads the same.
 */
export function neutraliseFormatting(text: string): string {
  // Inside a word (`jo_acme`, `a*b`) Slack formats nothing, and the name stays copyable as it is.
  return text.replace(/[*_~`]/g, (ch, at: number) =>
    WORD_CHAR.test(text[at - 1] ?? '') && WORD_CHAR.test(text[at + 1] ?? '') ? ch : `${JOINER}${ch}${JOINER}`,
  );
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const ELLIPSIS = '…';

/**
 * Shortens `text` to at most `max` characters (counted in UTF-16 code units, which is at least as strict as
 * code points), ending with "…". Cuts only between grapheme clusters, so a surrogate pair, an emoji with a
 * skin tone or ZWJ sequence, or a combining accent is never split.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    if (out.length + segment.length + ELLIPSIS.length > max) break;
    out += segment;
  }
  return `${out.trimEnd()}${ELLIPSIS}`;
}

/**
 * Escapes then truncates so that the *escaped* result fits in `max` (an `&` costs 5 characters once escaped),
 * without ever cutting an entity such as `&amp;` in half.
 */
export function escapeTruncate(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  if (max <= 0) return '';
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    const piece = escapeMrkdwn(segment);
    if (out.length + piece.length + ELLIPSIS.length > max) break;
    out += piece;
  }
  return `${out.trimEnd()}${ELLIPSIS}`;
}

/** Collapses newlines and runs of whitespace: for names and other one-line fields. */
export function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * Escaped, one-line, truncated, with mrkdwn's formatting characters neutralised: the form for names, handles and
 * labels from outside (which the card puts inside its own `*bold*` and `_italic_`).
 */
export function safeName(text: string, max = 80): string {
  return neutraliseFormatting(escapeTruncate(oneLine(stripControls(text)), max));
}

/**
 * A mrkdwn block quote of (already escaped) multi-line text: every line starts with `>`, blank lines included,
 * so the quote never ends early.
 */
export function quote(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Nov 24, 09:12 UTC": the fallback shown by clients that cannot render a `<!date>` token. */
export function utcFallback(date: Date): string {
  const hh = String(date.getUTCHours()).padStart(2, '0');
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${hh}:${mm} UTC`;
}

/**
 * Slack's date token `<!date^unix^{tokens}|fallback>`: each reader sees the time in their own zone.
 * Tokens such as `{date_short_pretty} at {time}`; the fallback defaults to a UTC rendering.
 */
export function slackDate(date: Date, tokens = '{date_short_pretty} at {time}', fallback = utcFallback(date)): string {
  const unix = Math.floor(date.getTime() / 1000);
  const safeFallback = escapeMrkdwn(fallback).replace(/\|/g, '/');
  return `<!date^${unix}^${tokens}|${safeFallback}>`;
}

/** "3 hours", "2 days", or "less than a minute" (never negative: a clock skew reads as "less than a minute"). */
export function durationBetween(since: Date, now: Date): string {
  const ms = now.getTime() - since.getTime();
  if (!Number.isFinite(ms) || ms < 60_000) return 'less than a minute';
  return formatDistanceStrict(since, now, { roundingMethod: 'floor' });
}

/** "waiting 3 hours (since <!date^…^{date_short_pretty} at {time}|Nov 24, 09:12 UTC>)". */
export function waitingFor(since: Date, now: Date): string {
  return `waiting ${durationBetween(since, now)} (since ${slackDate(since)})`;
}

/** Parses an API timestamp; null when missing or not a date. */
export function parseTimestamp(value: string | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
