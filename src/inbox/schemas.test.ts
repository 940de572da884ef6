import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  AccountLinkSchema,
  MemberSchema,
  MessageSchema,
  ProspectSchema,
  StatusSchema,
  TagSchema,
  TeamSchema,
  ThreadPageSchema,
  ThreadSchema,
} from './schemas.js';

type JsonSchema = {
  $ref?: string;
  examples?: unknown[];
  enum?: unknown[];
  type?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  not?: unknown;
};

const SPEC = new URL('../../spec/', import.meta.url);
const openapi = JSON.parse(readFileSync(new URL('inbox-openapi-v1.json', SPEC), 'utf8')) as {
  components: { schemas: Record<string, JsonSchema> };
};
const components = openapi.components.schemas;

/** An example value for a JSON schema: each property's `examples[0]`, composed through $ref/allOf/anyOf. */
function exampleFor(schema: JsonSchema): unknown {
  if (schema.$ref) return exampleFor(components[schema.$ref.split('/').pop() ?? ''] ?? {});
  if (schema.examples && schema.examples.length > 0) return schema.examples[0];
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => exampleFor(part)));
  if (schema.anyOf) {
    const branch = schema.anyOf.find((s) => s.type !== 'null') ?? schema.anyOf[0];
    return branch ? exampleFor(branch) : null;
  }
  if (schema.enum) return schema.enum[0];
  if (schema.not !== undefined) return undefined; // `not: {}` is the spec's "opaque/void": leave the key out
  if (schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(schema.properties)) {
      const value = exampleFor(prop);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  switch (schema.type) {
    case 'array':
      return schema.items ? [exampleFor(schema.items)].filter((v) => v !== undefined) : [];
    case 'string':
      return schema.format === 'date-time' ? '2025-08-22T12:00:00.000Z' : 'example';
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

const cases: Array<[string, z.ZodType]> = [
  ['Team', TeamSchema],
  ['Member', MemberSchema],
  ['AccountLink', AccountLinkSchema],
  ['Tag', TagSchema],
  ['Status', StatusSchema],
  ['Prospect', ProspectSchema.omit({ context: true })],
  ['Message', MessageSchema],
  ['Thread', ThreadSchema],
];

describe('schemas accept the vendor OpenAPI examples', () => {
  it('covers every component schema of the document', () => {
    expect(cases.map(([name]) => name).sort()).toEqual(Object.keys(components).sort());
  });

  it.each(cases)('%s', (name, schema) => {
    const example = exampleFor({ $ref: `#/components/schemas/${name}` });
    const result = schema.safeParse(example);
    expect(result.success ? 'ok' : result.error.issues).toBe('ok');
  });

  it('composes Thread with a nested prospect, its context and a lastMessage', () => {
    const thread = ThreadSchema.parse(exampleFor({ $ref: '#/components/schemas/Thread' }));
    expect(thread.prospect.username).toBe('InboxApp_');
    expect(thread.prospect.verified).toBe('business');
    expect(Array.isArray(thread.prospect.context.tags)).toBe(true);
    expect(thread.lastMessage).not.toBeNull();
    expect(thread.platformId).toBe('1234567890');
  });

  it('keeps tolerating unknown extra fields', () => {
    const team = exampleFor({ $ref: '#/components/schemas/Team' }) as Record<string, unknown>;
    expect(TeamSchema.parse({ ...team, brandNewField: { nested: true } })).not.toHaveProperty('brandNewField');
  });
});

describe('schemas accept the seed guide example', () => {
  const guide = readFileSync(new URL('seed-threads-guide.txt', SPEC), 'utf8');
  const start = guide.indexOf('{', guide.indexOf('Response:'));
  const end = guide.indexOf('The default page size');
  // The guide elides prospect fields with a bare "..." entry; drop it to get JSON.
  const json = guide.slice(start, end).replace(/,\s*"\.\.\."/g, '');

  it('parses the listed threads page', () => {
    const page = ThreadPageSchema.parse(JSON.parse(json));
    expect(page.threads).toHaveLength(1);
    const [thread] = page.threads;
    expect(thread?.id).toBe('l44e15irdq4db30i77cgphhx');
    expect(thread?.platformId).toBeNull();
    expect(thread?.prospect.username).toBe('jordanrivera');
    expect(thread?.lastMessage?.authorId).toBe('hzcai5t59nn9vsck3rbuepyg');
    expect(page.nextCursor).toEqual({ id: 'l44e15irdq4db30i77cgphhx', timestamp: '2025-01-15T15:30:00.000Z' });
  });
});
