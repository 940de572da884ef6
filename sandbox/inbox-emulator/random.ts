/** A small seeded PRNG (mulberry32) and the helpers the seed needs. Never Math.random: same seed → same data. */
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  /** Log-uniform in [min, max]: spreads ages evenly over minutes, hours and weeks. */
  logUniform(min: number, max: number): number;
  /** A 24-char lowercase cuid2-like ID: a letter then 23 of [0-9a-z]. */
  id(): string;
  /** A numeric string of `length` digits (X snowflake-like), not starting with 0. */
  digits(length: number): string;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new Error('pick() from an empty list');
    return item;
  };
  return {
    next,
    int,
    pick,
    chance: (probability) => next() < probability,
    logUniform: (min, max) => Math.exp(Math.log(min) + next() * (Math.log(max) - Math.log(min))),
    id: () => {
      let out = pick(LETTERS.split(''));
      for (let i = 0; i < 23; i++) out += ALPHABET[Math.floor(next() * 36)];
      return out;
    },
    digits: (length) => {
      let out = String(int(1, 9));
      for (let i = 1; i < length; i++) out += String(int(0, 9));
      return out;
    },
  };
}

/** A readable fixed ID: `seedId('lacmehq', 1)` → `lacmehq00000000000000001` (24 chars). */
export function seedId(prefix: string, n: number): string {
  return prefix + String(n).padStart(24 - prefix.length, '0');
}
