/**
 * POST /inbox/webhooks, on the same HTTP server as /slack/events: read the raw body (bounded), verify the
 * signature, answer at once (before any Slack call) and hand the event to the pipeline. A bad or stale
 * signature gets 401 and nothing else happens; a signed body that is not an event gets 400.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@slack/bolt';
import { type InboxEvent, InboxEventSchema } from '../inbox/schemas.js';
import { SIGNATURE_HEADER, verifyInboxSignature } from './signature.js';

export const INBOX_WEBHOOK_PATH = '/inbox/webhooks';
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export interface WebhookRouteDeps {
  secrets: readonly string[];
  receive(event: InboxEvent): void;
  clock: () => Date;
  logger: Logger;
  maxBodyBytes?: number;
}

export function inboxWebhookHandler(deps: WebhookRouteDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const limit = deps.maxBodyBytes ?? MAX_WEBHOOK_BODY_BYTES;
  const reply = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  return (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => {
      if (!res.headersSent) reply(res, 400, '{"ok":false}');
    });
    req.on('end', () => {
      if (tooLarge) return reply(res, 413, '{"ok":false,"error":"body too large"}');
      const raw = Buffer.concat(chunks);
      const check = verifyInboxSignature({
        header: req.headers[SIGNATURE_HEADER],
        rawBody: raw,
        secrets: deps.secrets,
        nowSeconds: Math.floor(deps.clock().getTime() / 1000),
      });
      if (!check.ok) {
        deps.logger.warn(`Inbox webhook refused: ${check.reason} signature`);
        return reply(res, 401, '{"ok":false,"error":"invalid signature"}');
      }
      let parsed: ReturnType<typeof InboxEventSchema.safeParse>;
      try {
        parsed = InboxEventSchema.safeParse(JSON.parse(raw.toString('utf8')));
      } catch {
        return reply(res, 400, '{"ok":false,"error":"body is not JSON"}');
      }
      if (!parsed.success) return reply(res, 400, '{"ok":false,"error":"body is not an Inbox event"}');
      reply(res, 200, '{"ok":true}');
      deps.receive(parsed.data);
    });
  };
}
