/**
 * "Did you mean…": ranks known names by how close they are to what the user typed.
 */

/**
 * Characters of each word that take part in an edit distance. Nothing longer is a plausible typo of a name, and the
 * bound keeps the computation at most MAX_COMPARED² steps per candidate however long the input is.
 */
export const MAX_COMPARED = 64;

/** The first MAX_COMPARED code points of `text` (without splitting all of a long text first). */
function head(text: string): string[] {
  const chars: string[] = [];
  for (const ch of text) {
    if (chars.length === MAX_COMPARED) break;
    chars.push(ch);
  }
  return chars;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions) between the first MAX_COMPARED
 * characters of each word, in three rolling rows.
 */
export function editDistance(a: string, b: string): number {
  const s = head(a);
  const t = head(b);
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let before = new Array<number>(t.length + 1).fill(0);
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  let row = new Array<number>(t.length + 1).fill(0);
  for (let i = 1; i <= s.length; i++) {
    row[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        best = Math.min(best, (before[j - 2] as number) + 1);
      }
      row[j] = best;
    }
    [before, prev, row] = [prev, row, before];
  }
  return prev[t.length] as number;
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}

/**
 * All candidates, closest to `input` first: exact (case-insensitive) matches, then prefix matches, then substring
 * matches, then the rest by edit distance. Ties keep the candidates' original order. Duplicates are dropped.
 */
export function rankByCloseness(input: string, candidates: readonly string[]): string[] {
  const needle = fold(input);
  const seen = new Set<string>();
  const scored: { name: string; tier: number; distance: number; index: number }[] = [];
  candidates.forEach((name, index) => {
    if (seen.has(name)) return;
    seen.add(name);
    const hay = fold(name);
    let tier = 3;
    if (needle.length > 0) {
      if (hay === needle) tier = 0;
      else if (hay.startsWith(needle)) tier = 1;
      else if (hay.includes(needle)) tier = 2;
    }
    scored.push({ name, tier, distance: editDistance(needle, hay), index });
  });
  scored.sort((a, b) => a.tier - b.tier || a.distance - b.distance || a.index - b.index);
  return scored.map((entry) => entry.name);
}

/**
 * The single best guess when it is plausibly a typo (prefix/substring match, or few edits for the word's length);
 * undefined when nothing is close enough to suggest with confidence.
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  const best = rankByCloseness(input, candidates)[0];
  if (best === undefined) return undefined;
  const needle = fold(input);
  const hay = fold(best);
  if (needle.length === 0) return undefined;
  if (hay.includes(needle) && needle.length >= 2) return best;
  const allowed = Math.max(1, Math.min(3, Math.floor(Math.max(needle.length, hay.length) / 3)));
  return editDistance(needle, hay) <= allowed ? best : undefined;
}
