/**
 * Query-string reading with the API's encodings: arrays as `a=1&a=2`, `a[]=1` or `a[0]=1`, objects in
 * bracket notation (`filters[tags][noTags]=true`); `%5B`/`%5D` in keys arrive decoded via URLSearchParams.
 * Empty values count as absent (the spec allows empty values everywhere).
 */
import { validationError } from './errors.js';

const INDEXED = /^(.*)\[(\d*)\]$/;
export const ID_PATTERN = /^[0-9a-z]+$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export class QueryParams {
  private readonly entries: [string, string][];

  constructor(search: URLSearchParams) {
    this.entries = [...search.entries()];
  }

  has(name: string): boolean {
    return this.entries.some(([key]) => key === name || key.startsWith(`${name}[`));
  }

  string(name: string): string | undefined {
    const values = this.entries.filter(([key, value]) => key === name && value !== '').map(([, value]) => value);
    if (values.length > 1) throw validationError(`'${name}' must be given once`);
    return values[0];
  }

  /** All values of an array parameter in any of the three encodings, in index order for `a[i]`. */
  array(name: string): string[] | undefined {
    const found: { index: number; value: string }[] = [];
    this.entries.forEach(([key, value], position) => {
      if (value === '') return;
      if (key === name) found.push({ index: position, value });
      const indexed = INDEXED.exec(key);
      if (indexed && indexed[1] === name) {
        found.push({ index: indexed[2] ? Number(indexed[2]) * 1e6 + position : position, value });
      }
    });
    return found.length ? found.sort((a, b) => a.index - b.index).map((f) => f.value) : undefined;
  }

  boolean(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false') throw validationError(`'${name}' must be true or false`);
    return value === 'true';
  }

  id(name: string): string | undefined {
    const value = this.string(name);
    if (value !== undefined) assertId(name, value);
    return value;
  }

  ids(name: string): string[] | undefined {
    const values = this.array(name);
    for (const value of values ?? []) assertId(name, value);
    return values;
  }

  dateTime(name: string): string | undefined {
    const value = this.string(name);
    return value === undefined ? undefined : parseDateTime(name, value);
  }

  /** For the request log: every key with its value, repeated keys as arrays. */
  toRecord(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [key, value] of this.entries) {
      const prev = out[key];
      out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
    return out;
  }
}

export function assertId(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw validationError(`'${name}' must match ^[0-9a-z]+$`);
  }
}

/** An RFC 3339 date-time, normalised to the API's `YYYY-MM-DDTHH:mm:ss.sssZ`. */
export function parseDateTime(name: string, value: string): string {
  const ms = DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw validationError(`'${name}' must be an ISO 8601 date-time`);
  return new Date(ms).toISOString();
}
