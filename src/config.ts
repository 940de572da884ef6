/**
 * The environment, validated once with zod into a typed Config. Every problem is listed at once and no
 * value is ever echoed back (a mistyped token must not end up in a log). Only main.ts passes process.env.
 */
import { existsSync } from 'node:fs';
import { Cron } from 'croner';
import { z } from 'zod';
import { parseDuration } from './commands/duration.js';
import type { LogFormat } from './logger.js';
import type { Campaign } from './services/directory.js';

/**
 * "Open in Inbox": Inbox documents no deep link to a thread (reference §1.4), so the default names the thread in a
 * query parameter of the web app's root: each card links to its own thread, and if Inbox ignores the parameter
 * the link still opens Inbox (never a 404). Teams that know their path set INBOX_APP_URL with `{threadId}`.
 */
export const DEFAULT_INBOX_APP_URL = 'https://inboxapp.com/?thread={threadId}';

export type RunMode = 'sandbox' | 'http' | 'socket';
export type ActionPolicy = 'members' | 'anyone';
/** Who may read threads (lists, who, thread, View, the digest preview): Inbox members only, or anyone. */
export type ReadPolicy = 'members' | 'anyone';
export type LogLevelName = 'debug' | 'info' | 'warn' | 'error';

export interface DigestConfig {
  /** Channel ID; null means there is no scheduled digest. */
  channel: string | null;
  schedule: string;
  timezone: string;
  skipEmpty: boolean;
  /** Account handles (without @) the digest is limited to; empty means every account. */
  accounts: string[];
  /** Only threads waiting at least this long; null means no minimum. */
  minAgeMs: number | null;
  /** Only threads with one of these tags (Inbox IDs; set from Slack, `/inbox settings`). */
  tagIds?: string[];
  /** Only threads assigned to one of these members (Inbox IDs; set from Slack). */
  assigneeIds?: string[];
  /** How late a missed run may still be posted after a restart. */
  graceMs: number;
  /** A run's claim expires this long after its last heartbeat (its owner crashed): another copy may take over. */
  claimTtlMs: number;
}

export interface StoreConfig {
  /** postgres://… → PostgreSQL shared by every replica; null → SQLite in stateDir. */
  databaseUrl: string | null;
  /** Directory of the SQLite file (inbox-slack.sqlite). */
  stateDir: string;
}

export interface InboxSettings {
  token: string;
  apiUrl: string;
  /** "Open in Inbox" link template; `{threadId}` is replaced. */
  appUrl: string;
}

export interface LogSettings {
  logLevel: LogLevelName;
  /** null: not set, so the entry point decides (pretty on a terminal, JSON otherwise). */
  logFormat: LogFormat | null;
}

/** What `npm start` (the app) reads. */
export interface Config extends LogSettings {
  mode: RunMode;
  port: number;
  slack: {
    botToken: string;
    signingSecret: string | null;
    appToken: string | null;
    /** Base URL of the Web API, always with a trailing slash; null means Slack itself. */
    apiUrl: string | null;
  };
  inbox: InboxSettings;
  /** Slack user ID → Inbox member ID overrides; they win over the email match. */
  memberMap: Record<string, string>;
  actionPolicy: ActionPolicy;
  readPolicy: ReadPolicy;
  /** ADMIN_USERS: who may change the settings in Slack; empty means whoever ACTION_POLICY lets act. */
  adminUsers: string[];
  campaigns: Campaign[];
  digest: DigestConfig;
  store: StoreConfig;
  events: EventsConfig;
}

/** What `npm run digest` (a one-shot poster) reads: no signing secret, app token, port or member map. */
export interface DigestRunConfig extends LogSettings {
  slack: Pick<Config['slack'], 'botToken' | 'apiUrl'>;
  inbox: InboxSettings;
  campaigns: Campaign[];
  digest: DigestConfig & { channel: string };
  store: StoreConfig;
}

/** The digest settings when nothing is configured (no channel means no digest). */
export const DIGEST_DEFAULTS: DigestConfig = {
  channel: null,
  schedule: '0 9 * * 1-5',
  timezone: 'UTC',
  skipEmpty: false,
  accounts: [],
  minAgeMs: null,
  graceMs: 3 * 3_600_000,
  claimTtlMs: 2 * 60_000,
};

export const STORE_DEFAULTS: StoreConfig = { databaseUrl: null, stateDir: '.state' };

export type EventsMode = 'webhook' | 'poll' | 'off';

export interface EventsConfig {
  /** webhook: POST /inbox/webhooks; poll: GET /events every pollSeconds; off: no live events. */
  mode: EventsMode;
  /** INBOX_WEBHOOK_SECRET, comma-separated during a rotation (current first). */
  webhookSecrets: string[];
  pollSeconds: number;
  /** Later changes to one thread within this window become one update. */
  coalesceMs: number;
}

export const EVENTS_DEFAULTS: EventsConfig = { mode: 'poll', webhookSecrets: [], pollSeconds: 15, coalesceMs: 10_000 };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The credentials whose presence decides the mode: none of them → the local sandbox. */
export const CREDENTIAL_KEYS = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'INBOX_API_TOKEN',
] as const;

const INBOX_ID = /^[0-9a-z]+$/;
const SLACK_USER_ID = /^[UW][A-Z0-9]+$/;
const SLACK_CHANNEL_ID = /^[CGD][A-Z0-9]+$/;

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** `2h`, `90m`, `1d`, `30s` → milliseconds (the grammar's `min-age:` reads durations the same way). */
export { parseDuration };

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Checked by croner itself (the scheduler's library), so whatever passes here also schedules. */
function isValidCron(expr: string): boolean {
  try {
    new Cron(expr, { paused: true }).nextRun(new Date(0));
    return true;
  } catch {
    return false;
  }
}

/** `a:b,c:d` → pairs; each key and value validated by the caller. */
function parsePairs(text: string): Array<[string, string]> | null {
  const pairs: Array<[string, string]> = [];
  for (const item of text.split(',')) {
    const trimmed = item.trim();
    if (!trimmed) continue;
    const at = trimmed.indexOf(':');
    if (at <= 0 || at === trimmed.length - 1) return null;
    pairs.push([trimmed.slice(0, at).trim(), trimmed.slice(at + 1).trim()]);
  }
  return pairs;
}

/** Every variable, validated the same way for every entry point; each entry point picks the ones it reads. */
const FIELDS = {
  SLACK_BOT_TOKEN: optional(z.string().startsWith('xoxb-', 'must start with "xoxb-"')),
  SLACK_SIGNING_SECRET: optional(z.string().min(8, 'is too short to be a signing secret')),
  SLACK_APP_TOKEN: optional(z.string().startsWith('xapp-', 'must start with "xapp-"')),
  SLACK_API_URL: optional(httpUrl),
  PORT: z.preprocess(
    (v) => (v === undefined || v === '' ? undefined : Number(v)),
    z.number('must be a number').int('must be a whole number').min(0).max(65535).default(3000),
  ),
  INBOX_API_TOKEN: optional(z.string().min(1)),
  INBOX_API_URL: optional(httpUrl),
  INBOX_APP_URL: optional(httpUrl),
  MEMBER_MAP: optional(z.string()),
  ACTION_POLICY: optional(z.enum(['members', 'anyone'], 'must be "members" or "anyone"')),
  READ_POLICY: optional(z.enum(['members', 'anyone'], 'must be "members" or "anyone"')),
  ADMIN_USERS: optional(
    z
      .string()
      .refine(
        (v) => v.split(',').every((u) => u.trim() === '' || SLACK_USER_ID.test(u.trim())),
        'must be Slack user IDs separated by commas, such as U0123ABC,U0456DEF',
      ),
  ),
  CAMPAIGNS: optional(z.string()),
  DIGEST_CHANNEL: optional(z.string().regex(SLACK_CHANNEL_ID, 'must be a channel ID such as C0123456789')),
  DIGEST_SCHEDULE: optional(z.string().refine(isValidCron, 'must be a cron expression such as "0 9 * * 1-5"')),
  DIGEST_TIMEZONE: optional(z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Paris')),
  DIGEST_SKIP_EMPTY: optional(z.stringbool({ error: 'must be true or false' }).transform(String)),
  DIGEST_ACCOUNTS: optional(z.string()),
  DIGEST_MIN_AGE: optional(z.string().refine((v) => parseDuration(v) !== null, 'must be a duration such as 2h or 90m')),
  DIGEST_GRACE: optional(z.string().refine((v) => parseDuration(v) !== null, 'must be a duration such as 3h')),
  DIGEST_CLAIM_TTL: optional(
    z.string().refine((v) => (parseDuration(v) ?? 0) >= 5_000, 'must be a duration of at least 5s, such as 2m'),
  ),
  STATE_DIR: optional(z.string()),
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL (unset it for SQLite)'),
  ),
  INBOX_EVENTS: optional(z.enum(['webhook', 'poll', 'off'], 'must be webhook, poll or off')),
  INBOX_WEBHOOK_SECRET: optional(z.string().min(8, 'is too short to be a webhook signing secret')),
  INBOX_EVENTS_POLL_SECONDS: optional(
    z.coerce.number('must be a number').int('must be a whole number').min(5, 'must be at least 5').max(3600),
  ),
  INBOX_EVENTS_COALESCE_SECONDS: optional(z.coerce.number('must be a number').min(0).max(600)),
  LOG_LEVEL: optional(z.enum(['debug', 'info', 'warn', 'error'], 'must be debug, info, warn or error')),
  LOG_FORMAT: optional(z.enum(['json', 'pretty'], 'must be json or pretty')),
};

const AppEnvSchema = z.object(FIELDS);

/** The digest poster ignores what only the app uses (signing secret, app token, port, member map, policy). */
const DigestEnvSchema = AppEnvSchema.pick({
  SLACK_BOT_TOKEN: true,
  SLACK_API_URL: true,
  INBOX_API_TOKEN: true,
  INBOX_API_URL: true,
  INBOX_APP_URL: true,
  CAMPAIGNS: true,
  DIGEST_CHANNEL: true,
  DIGEST_SCHEDULE: true,
  DIGEST_TIMEZONE: true,
  DIGEST_SKIP_EMPTY: true,
  DIGEST_ACCOUNTS: true,
  DIGEST_MIN_AGE: true,
  DIGEST_GRACE: true,
  DIGEST_CLAIM_TTL: true,
  STATE_DIR: true,
  DATABASE_URL: true,
  LOG_LEVEL: true,
  LOG_FORMAT: true,
});

type AppEnv = z.infer<typeof AppEnvSchema>;
type DigestEnv = z.infer<typeof DigestEnvSchema>;
type Env = Record<string, string | undefined>;

/** Set to something other than blanks (what the schemas treat as "not set"). */
const isSet = (env: Env, key: string) => (env[key] ?? '').trim() !== '';

/** Format problems (one per bad key, never the value); the parsed values when there are none. */
function check<S extends z.ZodType>(schema: S, env: Env, problems: string[]): z.infer<S> | null {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')} ${issue.message}`);
  return null;
}

function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim().replace(/^@/, '').toLowerCase())
    .filter(Boolean);
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function readMemberMap(text: string | undefined, problems: string[]): Record<string, string> {
  // Null prototype: a Slack user ID is looked up in it, and `constructor` must not find Object's.
  const memberMap: Record<string, string> = Object.create(null);
  if (!text?.trim()) return memberMap;
  const pairs = parsePairs(text);
  if (!pairs) problems.push('MEMBER_MAP must look like U123ABC:memberid,U456DEF:memberid');
  for (const [slackId, memberId] of pairs ?? []) {
    if (!SLACK_USER_ID.test(slackId) || !INBOX_ID.test(memberId)) {
      problems.push('MEMBER_MAP has an entry that is not "SlackUserId:inboxMemberId"');
      break;
    }
    memberMap[slackId] = memberId;
  }
  return memberMap;
}

function readCampaigns(text: string | undefined, problems: string[]): Campaign[] {
  const campaigns: Campaign[] = [];
  if (!text?.trim()) return campaigns;
  const pairs = parsePairs(text);
  if (!pairs) problems.push('CAMPAIGNS must look like campaignid:Campaign name,campaignid2:Other name');
  for (const [id, name] of pairs ?? []) {
    if (!INBOX_ID.test(id)) {
      problems.push('CAMPAIGNS has an ID that is not an Inbox ID (lowercase letters and digits)');
      break;
    }
    campaigns.push({ id, name });
  }
  return campaigns;
}

function inboxSettings(e: AppEnv | DigestEnv): InboxSettings {
  return {
    token: e.INBOX_API_TOKEN ?? '',
    apiUrl: (e.INBOX_API_URL ?? 'https://inboxapp.com/api/v1').replace(/\/+$/, ''),
    appUrl: e.INBOX_APP_URL ?? DEFAULT_INBOX_APP_URL,
  };
}

function digestSettings(e: AppEnv | DigestEnv): DigestConfig {
  return {
    channel: e.DIGEST_CHANNEL ?? DIGEST_DEFAULTS.channel,
    schedule: e.DIGEST_SCHEDULE ?? DIGEST_DEFAULTS.schedule,
    timezone: e.DIGEST_TIMEZONE ?? DIGEST_DEFAULTS.timezone,
    skipEmpty: e.DIGEST_SKIP_EMPTY === 'true',
    accounts: splitList(e.DIGEST_ACCOUNTS),
    minAgeMs: e.DIGEST_MIN_AGE ? parseDuration(e.DIGEST_MIN_AGE) : DIGEST_DEFAULTS.minAgeMs,
    graceMs: (e.DIGEST_GRACE ? parseDuration(e.DIGEST_GRACE) : null) ?? DIGEST_DEFAULTS.graceMs,
    claimTtlMs: (e.DIGEST_CLAIM_TTL ? parseDuration(e.DIGEST_CLAIM_TTL) : null) ?? DIGEST_DEFAULTS.claimTtlMs,
  };
}

function storeSettings(e: AppEnv | DigestEnv): StoreConfig {
  return {
    databaseUrl: e.DATABASE_URL ?? STORE_DEFAULTS.databaseUrl,
    stateDir: e.STATE_DIR ?? STORE_DEFAULTS.stateDir,
  };
}

/** Live events: webhook when a secret is set, else polling; webhook needs a secret and a public HTTP URL. */
function eventsSettings(e: AppEnv | null, mode: RunMode, problems: string[]): EventsConfig {
  const webhookSecrets = (e?.INBOX_WEBHOOK_SECRET ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const eventsMode = e?.INBOX_EVENTS ?? (webhookSecrets.length > 0 ? 'webhook' : 'poll');
  if (eventsMode === 'webhook' && webhookSecrets.length === 0) {
    problems.push('INBOX_WEBHOOK_SECRET is missing (INBOX_EVENTS=webhook verifies every delivery with it)');
  }
  if (eventsMode === 'webhook' && mode === 'socket') {
    problems.push(
      'INBOX_EVENTS=webhook needs a public HTTP URL, which Socket Mode does not have: use INBOX_EVENTS=poll',
    );
  }
  const coalesce = e?.INBOX_EVENTS_COALESCE_SECONDS;
  return {
    mode: eventsMode,
    webhookSecrets,
    pollSeconds: e?.INBOX_EVENTS_POLL_SECONDS ?? EVENTS_DEFAULTS.pollSeconds,
    coalesceMs: coalesce === undefined ? EVENTS_DEFAULTS.coalesceMs : Math.round(coalesce * 1000),
  };
}

/** Loads `.env` into process.env when the file exists; variables already set in the environment win. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/**
 * `npm start`: validates `env` and returns the typed Config; throws one ConfigError listing every problem
 * (format and missing credentials alike, never a value).
 */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const e = check(AppEnvSchema, env, problems);

  const present = CREDENTIAL_KEYS.filter((k) => isSet(env, k));
  let mode: RunMode = 'sandbox';
  if (present.length > 0) {
    mode = isSet(env, 'SLACK_APP_TOKEN') ? 'socket' : 'http';
    const needed = ['SLACK_BOT_TOKEN', 'INBOX_API_TOKEN', ...(mode === 'http' ? ['SLACK_SIGNING_SECRET'] : [])];
    for (const key of needed) {
      if (!isSet(env, key)) {
        problems.push(
          `${key} is missing (some credentials are set, so the app runs against real Slack and Inbox and needs ${needed.join(', ')}${mode === 'http' ? '; or set SLACK_APP_TOKEN for Socket Mode' : ''})`,
        );
      }
    }
  }
  const memberMap = readMemberMap(env.MEMBER_MAP, problems);
  const campaigns = readCampaigns(env.CAMPAIGNS, problems);
  const events = eventsSettings(e, mode, problems);
  if (!e || problems.length > 0) throw new ConfigError(problems);

  return {
    mode,
    port: e.PORT,
    slack: {
      botToken: e.SLACK_BOT_TOKEN ?? '',
      signingSecret: e.SLACK_SIGNING_SECRET ?? null,
      appToken: e.SLACK_APP_TOKEN ?? null,
      apiUrl: e.SLACK_API_URL ? withTrailingSlash(e.SLACK_API_URL) : null,
    },
    inbox: inboxSettings(e),
    memberMap,
    actionPolicy: e.ACTION_POLICY ?? 'members',
    readPolicy: e.READ_POLICY ?? 'members',
    adminUsers: (e.ADMIN_USERS ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean),
    campaigns,
    digest: digestSettings(e),
    store: storeSettings(e),
    events,
    logLevel: e.LOG_LEVEL ?? 'info',
    logFormat: e.LOG_FORMAT ?? null,
  };
}

const DIGEST_NEEDS = {
  SLACK_BOT_TOKEN: 'the bot token it posts with',
  INBOX_API_TOKEN: 'the Inbox token it reads threads with',
  DIGEST_CHANNEL: 'the channel ID it posts to, such as C0123456789',
} as const;

/**
 * `npm run digest`: only what a one-shot poster uses — the bot token, the Inbox token, the channel, and the
 * optional URLs and digest settings. Throws one ConfigError listing every problem (never a value).
 */
export function loadDigestConfig(env: Env): DigestRunConfig {
  const problems: string[] = [];
  const e = check(DigestEnvSchema, env, problems);
  for (const [key, why] of Object.entries(DIGEST_NEEDS)) {
    if (!isSet(env, key)) problems.push(`${key} is missing (${why})`);
  }
  const campaigns = readCampaigns(env.CAMPAIGNS, problems);
  const digest = e ? digestSettings(e) : null;
  if (!e || !digest?.channel || problems.length > 0) throw new ConfigError(problems);

  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN ?? '',
      apiUrl: e.SLACK_API_URL ? withTrailingSlash(e.SLACK_API_URL) : null,
    },
    inbox: inboxSettings(e),
    campaigns,
    digest: { ...digest, channel: digest.channel },
    store: storeSettings(e),
    logLevel: e.LOG_LEVEL ?? 'info',
    logFormat: e.LOG_FORMAT ?? null,
  };
}
