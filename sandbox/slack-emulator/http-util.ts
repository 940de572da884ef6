import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Json } from './types.js';

/** Fields that Slack clients send JSON-encoded inside form bodies (web-api 8 stringifies any non-scalar value). */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata', 'view', 'payload']);

export async function readBody(req: IncomingMessage, limit = 5_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON or form-encoded body into arguments; JSON-encoded form fields (blocks, view, …) are decoded. */
export function parseArgs(raw: string, contentType: string | undefined, query?: URLSearchParams): Json {
  const args: Json = {};
  if (query) for (const [k, v] of query) args[k] = v;
  if (raw.trim() === '') return args;
  if ((contentType ?? '').includes('application/json')) {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) Object.assign(args, parsed);
    return args;
  }
  for (const [k, v] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.has(k)) {
      try {
        args[k] = JSON.parse(v);
        continue;
      } catch {
        // Slack would answer invalid_arguments / invalid_blocks_format; keep the string so validation reports it.
      }
    }
    args[k] = v;
  }
  return args;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}
