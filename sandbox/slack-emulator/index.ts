/**
 * A local Slack: the Web API the app calls (/api/<method>), the response_urls it posts to (/response/<id>),
 * a sender of signed slash commands and interactions, and the playground page (/) that drives it all.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_CHANNELS, DEMO_PEOPLE, type DemoPerson } from '../demo-team.js';
import { parseArgs, readBody, sendJson } from './http-util.js';
import { createPlayground } from './playground-server.js';
import { handleResponseUrl } from './response-url.js';
import { type ClickArgs, type CommandArgs, type OptionsArgs, type OptionsResult, Sender } from './sender.js';
import type {
  DeliveryResult,
  EmulatorChannel,
  EmulatorUser,
  Json,
  RecordedCall,
  StoredMessage,
  StoredView,
} from './types.js';
import { Workspace } from './workspace.js';

export { BLOCK_LIMITS, checkMessage, validateBlocks, validateView } from './block-validation.js';
export { signSlackRequest, slackSignatureHeaders } from './signing.js';
export type {
  DeliveryResult,
  EmulatorChannel,
  EmulatorUser,
  RecordedCall,
  StoredMessage,
  StoredView,
} from './types.js';

export const DEFAULT_USER_TZ = 'America/New_York';

export interface SlackEmulatorOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Used to sign requests sent to the app. */
  signingSecret: string;
  /** Web API calls must carry `Authorization: Bearer <botToken>`. */
  botToken: string;
  /** Where signed requests go, e.g. http://127.0.0.1:3000/slack/events (or later: setAppUrl). */
  appUrl?: string;
  /** Default: DEMO_PEOPLE (tz America/New_York). */
  users?: readonly (EmulatorUser | DemoPerson)[];
  /** Default: DEMO_CHANNELS (isMember says whether the bot is in it). */
  channels?: readonly EmulatorChannel[];
  now?: () => Date;
  /** Help text shown under the playground's composer. */
  commandHint?: string;
  /** The playground's "A prospect writes" button (the sandbox wires it to the Inbox emulator). */
  simulateProspect?: () => Promise<string>;
  /** How long the app has to ack (default 3000 ms, like Slack). */
  ackTimeoutMs?: number;
}

export interface SlackEmulator {
  /** Origin, e.g. http://127.0.0.1:4000. */
  url: string;
  /** `${url}/api/` — give it to the app as SLACK_API_URL / clientOptions.slackApiUrl. */
  apiUrl: string;
  playgroundUrl: string;
  setAppUrl(url: string): void;
  /** Sends a signed slash command as that user, like Slack does; resolves with the app's HTTP status + body (the ack). */
  sendCommand(args: CommandArgs): Promise<DeliveryResult>;
  /** Clicks a button / picks a select or overflow option on a stored message or open view, as that user. */
  clickAction(args: ClickArgs): Promise<DeliveryResult>;
  /** Opens (or types in) an external_select as that user: a signed block_suggestion; resolves with the options. */
  loadOptions(args: OptionsArgs): Promise<OptionsResult>;
  /** Opens the app's Home tab as that user: a signed `app_home_opened` event; resolves with the app's answer. */
  openHome(args: { userId: string; tab?: 'home' | 'messages' }): Promise<DeliveryResult>;
  /** The Home view the app last published for the user, if any. */
  home(userId: string): StoredView | undefined;
  /** Submits an open modal (view_submission) with optional state values; honours the ack's response_action. */
  submitView(args: {
    userId: string;
    viewId: string;
    values?: Record<string, Record<string, Json>>;
  }): Promise<DeliveryResult & { errors?: Record<string, string> }>;
  /** Closes the user's modal stack (sends view_closed when the view has notify_on_close). */
  closeView(args: { userId: string; viewId: string }): Promise<DeliveryResult | undefined>;
  /** Everything the app did: each Web API call and each response_url post, in order. */
  calls(): RecordedCall[];
  clearCalls(): void;
  /** Messages of a channel, oldest first. With a viewer: as that user sees them (others' ephemerals hidden). */
  messages(channelId: string, viewerUserId?: string): StoredMessage[];
  views(userId?: string): StoredView[];
  /** Next Web API responses for a method return this error ('ratelimited' → HTTP 429 with Retry-After). */
  failNext(method: string, error: string, opts?: { count?: number; retryAfterSeconds?: number }): void;
  /** Rate-limit chat.postMessage per channel like Slack (about 1/s with a short burst); null turns it off. */
  setPostRate(rate: { perSecond: number; burst: number } | null): void;
  /** The next `count` calls of a method never get an answer (the connection stays open until reset or close). */
  hangNext(method: string, count?: number): void;
  /** Resolves with the predicate's first non-undefined value, re-checked on every change. */
  waitFor<T>(predicate: () => T | undefined, timeoutMs?: number): Promise<T>;
  reset(): void;
  close(): Promise<void>;
}

function toUser(u: EmulatorUser | DemoPerson): EmulatorUser {
  if ('slackUserId' in u) {
    return {
      id: u.slackUserId,
      name: u.slackHandle,
      realName: u.name,
      email: u.email,
      tz: DEFAULT_USER_TZ,
      title: u.title,
    };
  }
  return { ...u };
}

export async function startSlackEmulator(options: SlackEmulatorOptions): Promise<SlackEmulator> {
  const now = options.now ?? (() => new Date());
  const ws = new Workspace(
    (options.users ?? DEMO_PEOPLE).map(toUser),
    (options.channels ?? DEMO_CHANNELS).map((c) => ({ ...c })),
    now,
  );
  let appUrl = options.appUrl;
  let origin = '';
  const sender = new Sender(ws, {
    signingSecret: options.signingSecret,
    appUrl: () => appUrl,
    origin: () => origin,
    ackTimeoutMs: options.ackTimeoutMs,
  });
  const playground = await createPlayground({
    ws,
    sender,
    commandHint: options.commandHint,
    ...(options.simulateProspect ? { simulateProspect: options.simulateProspect } : {}),
  });

  const hangs = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const releaseHanging = () => {
    for (const res of hanging) res.destroy();
    hanging.clear();
    hangs.clear();
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void> => {
    const raw = await readBody(req);
    let args: Json;
    try {
      args = parseArgs(raw, req.headers['content-type'], url.searchParams);
    } catch {
      sendJson(res, 200, { ok: false, error: 'invalid_json' });
      return;
    }
    const header = req.headers.authorization;
    const bodyToken = typeof args.token === 'string' ? args.token : undefined;
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : bodyToken;
    delete args.token;
    if (!(Workspace.METHODS as readonly string[]).includes(method)) {
      sendJson(res, 200, { ok: false, error: 'unknown_method', req_method: method });
      return;
    }
    if (!token) {
      sendJson(res, 200, { ok: false, error: 'not_authed' });
      return;
    }
    if (token !== options.botToken) {
      sendJson(res, 200, { ok: false, error: 'invalid_auth' });
      return;
    }
    const hang = hangs.get(method) ?? 0;
    if (hang > 0) {
      hangs.set(method, hang - 1);
      hanging.add(res);
      return;
    }
    const result = ws.callMethod(method, args);
    sendJson(res, result.status, result.body, {
      'X-OAuth-Scopes': 'commands,chat:write,chat:write.public,users:read,users:read.email,channels:history,im:write',
      ...(result.headers ?? {}),
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origin || 'http://localhost');
    const path = url.pathname;
    if (path.startsWith('/api/')) {
      await handleApi(req, res, decodeURIComponent(path.slice('/api/'.length)), url);
      return;
    }
    if (path.startsWith('/response/') && req.method === 'POST') {
      const raw = await readBody(req);
      let args: Json;
      try {
        args = parseArgs(raw, req.headers['content-type'] ?? 'application/json');
        if (typeof args.payload === 'object' && args.payload !== null) args = args.payload as Json;
      } catch {
        sendJson(res, 400, { ok: false, error: 'invalid_json' });
        return;
      }
      const result = handleResponseUrl(ws, path.slice('/response/'.length), `${origin}${path}`, args);
      sendJson(res, result.status, result.body);
      return;
    }
    if (await playground.handle(req, res, url)) return;
    sendJson(res, 404, { ok: false, error: 'not_found' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('slack-emulator: request failed', error instanceof Error ? error.message : error);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error' });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;

  const waitFor = <T>(predicate: () => T | undefined, timeoutMs = 5000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const check = (): boolean => {
        const value = predicate();
        if (value === undefined) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const onChange = (): void => {
        check();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`slack-emulator: waitFor timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const poll = setInterval(onChange, 50);
      const cleanup = (): void => {
        clearTimeout(timer);
        clearInterval(poll);
        ws.off('change', onChange);
      };
      ws.on('change', onChange);
      check();
    });

  return {
    url: origin,
    apiUrl: `${origin}/api/`,
    playgroundUrl: `${origin}/`,
    setAppUrl: (next) => {
      appUrl = next;
    },
    sendCommand: (args) => sender.sendCommand(args),
    clickAction: (args) => sender.clickAction(args),
    loadOptions: (args) => sender.loadOptions(args),
    openHome: (args) => sender.openHome(args),
    home: (userId) => ws.views(userId).find((v) => v.type === 'home'),
    submitView: (args) => sender.submitView(args),
    closeView: (args) => sender.closeView(args),
    calls: () => ws.calls(),
    clearCalls: () => ws.clearCalls(),
    messages: (channelId, viewerUserId) => ws.messages(channelId, viewerUserId),
    views: (userId) => ws.views(userId),
    failNext: (method, error, opts) => ws.failNext(method, error, opts),
    setPostRate: (rate) => ws.setPostRate(rate),
    hangNext: (method, count = 1) => {
      hangs.set(method, (hangs.get(method) ?? 0) + count);
    },
    waitFor,
    reset: () => {
      releaseHanging();
      ws.reset();
    },
    close: async () => {
      releaseHanging();
      playground.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
