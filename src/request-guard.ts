/**
 * The gate in front of Bolt's HTTP receiver: every POST to the events path is read (up to the body limit), its
 * signature checked, and its body parsed and checked against the shapes Slack sends, before Bolt sees it. Bolt reads
 * fields of the parsed body outside its own error handling (`payload=null` or the JSON body `null` threw inside the
 * receiver and killed the process), so anything that is not one of those shapes is refused here with 400.
 *
 * Order and answers mirror Bolt's: too large → 413, no valid signature → 401, malformed → 400. `ssl_check=1` is
 * unsigned by design and goes straight to Bolt (which strips anything smuggled with it). Other methods and paths
 * are Bolt's business (404, the custom routes).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { type Logger, verifySlackRequest } from '@slack/bolt';
import { z } from 'zod';

export interface RequestGuardOptions {
  signingSecret: string;
  /** The path Slack posts to (commands, interactivity, events). */
  path: string;
  bodyLimit: number;
  logger: Logger;
  /** Bolt's own request listener: gets the request with the body already read (`rawBody`). */
  next: RequestListener;
}

const FORM = 'application/x-www-form-urlencoded';

const user = z.looseObject({ id: z.string().min(1) });
/** `team` is null on org-wide installs; the other objects are absent or objects. */
const team = z.looseObject({}).nullish();
const optionalObject = z.looseObject({}).optional();

/** A slash command: every field Slack sends once, as a string (repeated fields were refused before). */
const SlashCommand = z.looseObject({
  command: z.string().regex(/^\/\S+$/),
  text: z.string(),
  user_id: z.string().min(1),
  team_id: z.string().min(1),
  channel_id: z.string().min(1),
  response_url: z.string().min(1),
});

const action = z.looseObject({ action_id: z.string().min(1), block_id: z.string().optional() });

/** Interactivity payloads (the `payload` form field), with the fields Bolt and the listeners read typed. */
const Interaction = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('block_actions'),
    user,
    actions: z.array(action).min(1),
    team,
    container: optionalObject,
    channel: optionalObject,
    message: optionalObject,
    view: optionalObject,
    response_url: z.string().optional(),
    trigger_id: z.string().optional(),
  }),
  z.looseObject({
    type: z.enum(['view_submission', 'view_closed']),
    user,
    team,
    view: z.looseObject({ id: z.string(), callback_id: z.string().optional() }),
  }),
  z.looseObject({
    type: z.literal('block_suggestion'),
    user,
    team,
    action_id: z.string().min(1),
    value: z.string(),
  }),
  z.looseObject({
    type: z.enum(['shortcut', 'message_action']),
    user,
    team,
    callback_id: z.string(),
    trigger_id: z.string(),
  }),
]);

/** Events API bodies (JSON). */
const EventsBody = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('url_verification'), challenge: z.string().min(1) }),
  z.looseObject({ type: z.literal('event_callback'), event: z.looseObject({ type: z.string().min(1) }) }),
  z.looseObject({ type: z.literal('app_rate_limited') }),
]);

class Refusal extends Error {
  constructor(
    readonly status: 400 | 401 | 413,
    reason: string,
  ) {
    super(reason);
  }
}

/** Reads the body, stopping (413) as soon as it passes `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new Refusal(413, `the body is larger than ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new Refusal(413, `the body is larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  if (typeof value !== 'string') throw new Refusal(401, `the ${name} header is missing`);
  return value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Refusal(400, 'the body is not JSON');
  }
}

/** "actions.0.action_id: expected string" — the path and the problem, never the value. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unexpected shape';
  return `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}

function check(schema: z.ZodType, value: unknown, what: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Refusal(400, `${what} is not an object`);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new Refusal(400, `${what}: ${describeIssue(result.error)}`);
}

/** Throws a Refusal unless `text` is one of the bodies Slack sends (as Bolt will parse it). */
export function checkSlackBody(text: string, contentType: string | undefined): void {
  if (contentType !== FORM) {
    // Bolt parses anything that is not exactly the form type as JSON.
    check(EventsBody, parseJson(text), 'the JSON body');
    return;
  }
  const form = new URLSearchParams(text);
  const fields = new Map<string, string>();
  for (const [key, value] of form) {
    if (fields.has(key)) throw new Refusal(400, `the form field "${key.slice(0, 40)}" is repeated`);
    fields.set(key, value);
  }
  const payload = fields.get('payload');
  if (payload !== undefined) {
    check(Interaction, parseJson(payload), 'the payload');
    return;
  }
  check(SlashCommand, Object.fromEntries(fields), 'the slash command');
}

/** Wraps Bolt's request listener (see the module comment). */
export function guardSlackRequests(options: RequestGuardOptions): RequestListener {
  const { logger } = options;
  const verify = (req: IncomingMessage, text: string) => {
    try {
      verifySlackRequest({
        signingSecret: options.signingSecret,
        body: text,
        headers: {
          'x-slack-signature': header(req, 'x-slack-signature'),
          'x-slack-request-timestamp': Number(header(req, 'x-slack-request-timestamp')),
        },
      });
    } catch (error) {
      if (error instanceof Refusal) throw error;
      throw new Refusal(401, error instanceof Error ? error.message : 'the signature could not be verified');
    }
  };

  const guard = async (req: IncomingMessage, res: ServerResponse) => {
    let raw: Buffer;
    try {
      raw = await readBody(req, options.bodyLimit);
      const text = raw.toString();
      const contentType = req.headers['content-type'];
      const sslCheck = contentType === FORM && new URLSearchParams(text).get('ssl_check') === '1';
      if (!sslCheck) {
        verify(req, text);
        checkSlackBody(text, contentType);
      }
    } catch (error) {
      const refusal = error instanceof Refusal ? error : new Refusal(400, 'the request could not be read');
      logger.warn(`Refused a request to ${options.path} (HTTP ${refusal.status}): ${refusal.message}`);
      if (!res.headersSent) {
        res.writeHead(refusal.status, refusal.status === 413 ? { connection: 'close' } : {});
        res.end();
      }
      return;
    }
    // Bolt reuses a body that was already read (its BufferedIncomingMessage).
    Object.assign(req, { rawBody: raw });
    options.next(req, res);
  };

  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || path !== options.path) {
      options.next(req, res);
      return;
    }
    guard(req, res).catch((error: unknown) => {
      // Bolt's listener threw synchronously (its own dispatch errors are handled inside it).
      logger.error(`The request to ${options.path} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) {
        res.writeHead(500);
        res.end();
      }
    });
  };
}
