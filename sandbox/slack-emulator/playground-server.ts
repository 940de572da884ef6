/**
 * Serves the playground page (/, /__playground/*) and its small JSON API:
 *   GET  /__playground/state?user=U…&channel=C…  → roster, channels, the channel's messages as that user sees them, open modals
 *   GET  /__playground/events                    → Server-Sent Events: `change` with the workspace version
 *   POST /__playground/command {userId, channelId, text}          → signed slash command
 *   POST /__playground/action  {userId, messageTs|viewId, actionId, blockId, value?, selectedValue?} → block_actions
 *   POST /__playground/view/submit {userId, viewId, values?} · POST /__playground/view/close {userId, viewId}
 *   POST /__playground/home {userId}             → signed app_home_opened event (the app publishes the Home tab)
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEMO_DIGEST_CHANNEL } from '../demo-team.js';
import { readBody, sendJson } from './http-util.js';
import type { Sender } from './sender.js';
import type { Json } from './types.js';
import type { Workspace } from './workspace.js';

const ASSETS = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/__playground/playground.js': { file: 'playground.js', type: 'text/javascript; charset=utf-8' },
  '/__playground/playground.css': { file: 'playground.css', type: 'text/css; charset=utf-8' },
} as const;

export const DEFAULT_COMMAND_HINT =
  'Try /inbox help · /inbox noreply · /inbox mine · /inbox who <username> · /inbox digest — Enter sends it as the selected user.';

export interface Playground {
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  close(): void;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export async function createPlayground(deps: {
  ws: Workspace;
  sender: Sender;
  commandHint?: string;
  /** The outside world (the sandbox wires it to the Inbox emulator): a prospect writes; says what happened. */
  simulateProspect?: () => Promise<string>;
}): Promise<Playground> {
  const { ws, sender } = deps;
  const dir = new URL('./playground/', import.meta.url);
  const assets = new Map<string, { body: string; type: string }>();
  for (const [path, asset] of Object.entries(ASSETS)) {
    assets.set(path, { body: await readFile(new URL(asset.file, dir), 'utf8'), type: asset.type });
  }
  const streams = new Set<ServerResponse>();
  const onChange = (version: number): void => {
    for (const res of streams) res.write(`event: change\ndata: ${version}\n\n`);
  };
  ws.on('change', onChange);
  const keepAlive = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, 15_000);
  keepAlive.unref();

  const state = (url: URL): Json => {
    const userId = url.searchParams.get('user') ?? ws.users[0]?.id ?? '';
    const channelId = url.searchParams.get('channel') ?? DEMO_DIGEST_CHANNEL;
    const channels = ws.channels.filter((c) => !c.isIm || c.user === userId);
    return {
      version: ws.version,
      team: ws.team,
      bot: ws.bot,
      digestChannel: DEMO_DIGEST_CHANNEL,
      canSimulate: deps.simulateProspect !== undefined,
      commandHint: deps.commandHint ?? DEFAULT_COMMAND_HINT,
      users: ws.users.map((u) => ({ id: u.id, name: u.name, realName: u.realName, title: u.title ?? '' })),
      channels: channels.map((c) => ({
        id: c.id,
        name: c.isIm ? 'Inbox (app)' : c.name,
        isIm: c.isIm === true,
        isMember: c.isMember,
      })),
      messages: ws.messages(channelId, userId),
      views: ws.views(userId).filter((v) => v.type === 'modal'),
      home: ws.views(userId).find((v) => v.type === 'home') ?? null,
    };
  };

  const post = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const raw = await readBody(req, 1_000_000);
    const body = (raw ? JSON.parse(raw) : {}) as Json;
    const userId = str(body.userId);
    if (!userId || !ws.user(userId)) {
      sendJson(res, 400, { ok: false, error: 'user_not_found' });
      return;
    }
    try {
      if (path === '/__playground/command') {
        const channelId = str(body.channelId);
        const text = typeof body.text === 'string' ? body.text : '';
        const match = /^(\/\S+)\s*([\s\S]*)$/.exec(text.trim());
        if (!channelId || !match?.[1]) {
          sendJson(res, 400, { ok: false, error: 'not_a_command' });
          return;
        }
        const result = await sender.sendCommand({ userId, channelId, command: match[1], text: match[2] ?? '' });
        sendJson(res, 200, { ok: !result.error, ...result });
        return;
      }
      if (path === '/__playground/action') {
        const actionId = str(body.actionId);
        if (!actionId) {
          sendJson(res, 400, { ok: false, error: 'invalid_arguments' });
          return;
        }
        const result = await sender.clickAction({
          userId,
          actionId,
          messageTs: str(body.messageTs),
          viewId: str(body.viewId),
          blockId: str(body.blockId),
          value: str(body.value),
          selectedValue: str(body.selectedValue),
          query: typeof body.query === 'string' ? body.query : undefined,
        });
        sendJson(res, 200, { ok: !result.error, ...result });
        return;
      }
      if (path === '/__playground/options') {
        const actionId = str(body.actionId);
        if (!actionId) {
          sendJson(res, 400, { ok: false, error: 'invalid_arguments' });
          return;
        }
        const result = await sender.loadOptions({
          userId,
          actionId,
          messageTs: str(body.messageTs),
          viewId: str(body.viewId),
          blockId: str(body.blockId),
          query: typeof body.query === 'string' ? body.query.slice(0, 150) : '',
        });
        sendJson(res, 200, { ok: !result.error, options: result.options, error: result.error });
        return;
      }
      if (path === '/__playground/simulate') {
        if (!deps.simulateProspect) {
          sendJson(res, 404, { ok: false, error: 'no_outside_world' });
          return;
        }
        sendJson(res, 200, { ok: true, description: await deps.simulateProspect() });
        return;
      }
      if (path === '/__playground/home') {
        const result = await sender.openHome({ userId });
        sendJson(res, 200, { ok: !result.error, ...result });
        return;
      }
      const viewId = str(body.viewId);
      if (!viewId) {
        sendJson(res, 400, { ok: false, error: 'invalid_arguments' });
        return;
      }
      if (path === '/__playground/view/submit') {
        const result = await sender.submitView({
          userId,
          viewId,
          values: body.values as Record<string, Record<string, Json>> | undefined,
        });
        sendJson(res, 200, { ok: !result.error && !result.errors, ...result });
        return;
      }
      if (path === '/__playground/view/close') {
        const result = await sender.closeView({ userId, viewId });
        sendJson(res, 200, { ok: true, ...(result ?? {}) });
        return;
      }
      sendJson(res, 404, { ok: false, error: 'not_found' });
    } catch (error) {
      sendJson(res, 400, { ok: false, error: error instanceof Error ? error.message : 'failed' });
    }
  };

  return {
    async handle(req, res, url) {
      const path = url.pathname;
      const asset = req.method === 'GET' ? assets.get(path) : undefined;
      if (asset) {
        res.writeHead(200, { 'Content-Type': asset.type, 'Cache-Control': 'no-store' });
        res.end(asset.body);
        return true;
      }
      if (!path.startsWith('/__playground/')) return false;
      if (req.method === 'GET' && path === '/__playground/state') {
        sendJson(res, 200, state(url), { 'Cache-Control': 'no-store' });
        return true;
      }
      if (req.method === 'GET' && path === '/__playground/events') {
        res.writeHead(200, {
          'Content-Type': 'text/event-stream',
          'Cache-Control': 'no-store',
          Connection: 'keep-alive',
        });
        res.write(`event: change\ndata: ${ws.version}\n\n`);
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return true;
      }
      if (req.method === 'POST') {
        await post(req, res, path);
        return true;
      }
      return false;
    },
    close() {
      clearInterval(keepAlive);
      ws.off('change', onChange);
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
