/**
 * response_url semantics (slack-platform.md §2): up to 5 uses within 30 minutes; ephemeral by default,
 * `in_channel` posts to the channel; `replace_original` / `delete_original` act on the source message
 * (ephemeral ones included, which chat.update cannot reach).
 */
import { checkMessage } from './block-validation.js';
import type { Json } from './types.js';
import { RESPONSE_URL_MAX_USES, RESPONSE_URL_TTL_MS, type Workspace } from './workspace.js';

export interface ResponseUrlResult {
  status: number;
  body: Json;
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

export function handleResponseUrl(ws: Workspace, id: string, url: string, args: Json): ResponseUrlResult {
  const result = apply(ws, id, args);
  ws.record({
    kind: 'response_url',
    method: 'response_url',
    url,
    args: structuredClone(args),
    response: result,
    at: ws.now(),
  });
  return result;
}

function apply(ws: Workspace, id: string, args: Json): ResponseUrlResult {
  const record = ws.responseUrl(id);
  if (!record) return { status: 404, body: { ok: false, error: 'invalid_url' } };
  if (ws.now().getTime() - record.createdAt > RESPONSE_URL_TTL_MS) {
    return { status: 404, body: { ok: false, error: 'expired_url' } };
  }
  if (record.uses >= RESPONSE_URL_MAX_USES) return { status: 404, body: { ok: false, error: 'used_url' } };

  const source = record.source ? ws.findMessage(record.source.ts, record.source.channel) : undefined;
  if (isTrue(args.delete_original)) {
    record.uses += 1;
    if (!source) return { status: 404, body: { ok: false, error: 'message_not_found' } };
    ws.deleteMessage(source);
    return { status: 200, body: { ok: true } };
  }

  const check = checkMessage({ text: args.text, blocks: args.blocks });
  if (check.error === 'invalid_blocks') {
    return {
      status: 400,
      body: { ok: false, error: 'invalid_blocks', response_metadata: { messages: check.messages } },
    };
  }
  if (check.error) return { status: 400, body: { ok: false, error: check.error } };
  record.uses += 1;
  const blocks = Array.isArray(args.blocks) ? (args.blocks as Json[]) : [];

  if (isTrue(args.replace_original) && record.source) {
    if (!source) return { status: 404, body: { ok: false, error: 'message_not_found' } };
    ws.replaceMessage(source, { text: check.text, blocks });
    return { status: 200, body: { ok: true } };
  }

  ws.addMessage({
    channel: record.channelId,
    user: ws.bot.userId,
    bot_id: ws.bot.botId,
    app_id: ws.bot.appId,
    text: check.text,
    blocks,
    thread_ts: typeof args.thread_ts === 'string' ? args.thread_ts : undefined,
    ephemeralTo: args.response_type === 'in_channel' ? undefined : record.userId,
    source: 'response_url',
  });
  return { status: 200, body: { ok: true } };
}
