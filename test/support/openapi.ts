/**
 * The vendor's Inbox API v1 OpenAPI document (spec/inbox-openapi-v1.json in this repository; see spec/README.md),
 * compiled into one Ajv validator per (method, path template, status).
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const SPEC_URL = new URL('../../spec/inbox-openapi-v1.json', import.meta.url);
const SCHEMA_ID = 'inbox-openapi-v1';

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >;
  components: { schemas: Record<string, unknown> };
}

export const openApiSpec: OpenApiDocument = JSON.parse(readFileSync(SPEC_URL, 'utf8'));

/**
 * The vendor's generator writes "any value" as `{"not": {}}` (Message.entities/attachment/reactions
 * items, replyData/forwardData, the DELETE 200 body), which in JSON Schema means "no value is valid".
 * We read it as intended: drop the `not: {}` (keeping annotations such as `description`), leaving
 * "anything". `$ref`s are pointed at the components registered below.
 */
function preprocess(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(preprocess);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node).filter(([key, value]) => !(key === 'not' && isEmptyObject(value)));
  return Object.fromEntries(
    entries.map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string'
        ? value.replace('#/components/schemas/', `${SCHEMA_ID}#/$defs/`)
        : preprocess(value),
    ]),
  );
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

// strict: false — the vendor schemas carry `x-native-type` and other `x-*` keywords.
const ajv = new Ajv2020({ strict: false, allErrors: true });
const addFormats = addFormatsModule as unknown as (instance: Ajv2020) => Ajv2020;
addFormats(ajv);
ajv.addSchema({ $id: SCHEMA_ID, $defs: preprocess(openApiSpec.components.schemas) });

const cache = new Map<string, ValidateFunction | null>();

/** The validator for one response, or null when the spec declares no JSON schema for it. */
export function responseValidator(method: string, template: string, status = 200): ValidateFunction | null {
  const key = `${method.toUpperCase()} ${template} ${status}`;
  if (!cache.has(key)) {
    const schema =
      openApiSpec.paths[template]?.[method.toLowerCase()]?.responses?.[String(status)]?.content?.['application/json']
        ?.schema;
    cache.set(key, schema === undefined ? null : ajv.compile(preprocess(schema) as object));
  }
  return cache.get(key) ?? null;
}

/** Problems with `body` as the (method, template, status) response; [] when it conforms. */
export function validateResponse(method: string, template: string, body: unknown, status = 200): string[] {
  const validate = responseValidator(method, template, status);
  if (!validate) return [`the spec declares no ${status} JSON response for ${method.toUpperCase()} ${template}`];
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
}

/** Property names a component schema declares (for "no unknown fields" checks). */
export function declaredProperties(component: string): string[] {
  const schema = openApiSpec.components.schemas[component] as { properties?: Record<string, unknown> } | undefined;
  return Object.keys(schema?.properties ?? {});
}
