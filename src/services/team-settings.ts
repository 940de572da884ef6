/**
 * Team settings made in Slack (`/inbox settings`): the channel digests (several, each with its channel, days,
 * times, zone, filters and skip-when-empty), the member links (Slack user → Inbox member, replacing MEMBER_MAP)
 * and the action and read policies. Kept per Slack team in the state store as one versioned record: a save is
 * a compare-and-set on the version it was based on, so two admins saving at once never mix their changes and
 * the one who was overtaken is told. Until someone saves in Slack, the environment variables are the settings;
 * after that, Slack wins.
 *
 * Every change is validated before anything is written; problems come back keyed by the field they belong to.
 */
import { Cron } from 'croner';
import { parseDuration } from '../commands/duration.js';
import { describeDays, formatTimeOfDay, parseTimeOfDay } from '../commands/remind.js';
import type { Directory, DirectoryService } from './directory.js';
import { isTimeZone } from './reminders.js';
import type { RecordsPort, StoreKey } from './store-ports.js';

export type Policy = 'members' | 'anyone';

export interface TimeOfDay {
  hour: number;
  minute: number;
}

export interface ChannelDigestSettings {
  /** Stable id within the team's settings (d1, d2…). */
  id: string;
  channel: string;
  /** Day numbers, 0 = Sunday. */
  days: number[];
  times: TimeOfDay[];
  timezone: string;
  /** A cron expression from DIGEST_SCHEDULE that days/times cannot express; editing in Slack replaces it. */
  cron?: string;
  accountIds: string[];
  /** Account handles from DIGEST_ACCOUNTS (the environment names accounts by handle); editing replaces them. */
  accountHandles?: string[];
  tagIds: string[];
  assigneeIds: string[];
  minAgeMs: number | null;
  skipEmpty: boolean;
}

export interface TeamSettings {
  digests: ChannelDigestSettings[];
  /** Slack user ID → Inbox member ID; wins over the email match. */
  memberLinks: Record<string, string>;
  actionPolicy: Policy;
  readPolicy: Policy;
}

export interface SettingsSnapshot {
  settings: TeamSettings;
  /** null: never saved in Slack (the environment's values). */
  version: number | null;
  updatedBy: string | null;
  updatedAt: Date | null;
}

export type SaveResult = { ok: true; snapshot: SettingsSnapshot } | { ok: false; current: SettingsSnapshot };

export const SETTINGS_SCOPE = 'settings';
export const MAX_DIGESTS = 10;
export const MAX_TIMES = 6;
export const MAX_LINKS = 200;

interface StoredSettings {
  settings: TeamSettings;
  updatedBy: string;
}

const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{2,20}$/;
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/** `0 9 * * 1-5` → weekdays at 09:00; null when the expression is more than minutes, hours and weekdays. */
export function cronToDaysTimes(expr: string): { days: number[]; times: TimeOfDay[] } | null {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [min, hour, dom, month, dow] = fields as [string, string, string, string, string];
  if (dom !== '*' || month !== '*') return null;
  const list = (f: string, max: number) => {
    if (!/^\d+(,\d+)*$/.test(f)) return null;
    const values = f.split(',').map(Number);
    return values.every((v) => v <= max) ? values : null;
  };
  const minutes = list(min, 59);
  const hours = list(hour, 23);
  if (!minutes || !hours) return null;
  let days: number[] | null;
  if (dow === '*') days = [0, 1, 2, 3, 4, 5, 6];
  else {
    days = [];
    for (const part of dow.split(',')) {
      const range = /^(\d)(?:-(\d))?$/.exec(part);
      if (!range) return null;
      const from = Number(range[1]);
      const to = Number(range[2] ?? range[1]);
      if (to > 7 || from > to) return null;
      for (let d = from; d <= to; d++) days.push(d % 7);
    }
    days = [...new Set(days)].sort((a, b) => a - b);
  }
  const times = hours.flatMap((h) => minutes.map((m) => ({ hour: h, minute: m })));
  return { days, times: times.sort((a, b) => a.hour * 60 + a.minute - (b.hour * 60 + b.minute)) };
}

/** The cron expression of one digest time (croner computes its slots in the digest's zone). */
export function digestCron(digest: ChannelDigestSettings, time: TimeOfDay): string {
  return `${time.minute} ${time.hour} * * ${digest.days.join(',')}`;
}

/** Each schedule of a digest: one per time of day (or its verbatim cron). */
export function digestSchedules(digest: ChannelDigestSettings): string[] {
  return digest.cron ? [digest.cron] : digest.times.map((t) => digestCron(digest, t));
}

/** "weekdays at 09:00, 16:00 (Europe/Paris)". */
export function describeDigestSchedule(digest: ChannelDigestSettings): string {
  if (digest.cron) return `cron \`${digest.cron}\` (${digest.timezone})`;
  return `${describeDays(digest.days)} at ${digest.times.map((t) => formatTimeOfDay(t.hour, t.minute)).join(', ')} (${digest.timezone})`;
}

// ── the form: what a person typed, validated field by field ─────────────────────────────────────────────────

export interface DigestForm {
  channel: string | null;
  days: string[];
  times: string;
  timezone: string;
  accountIds: string[];
  tagIds: string[];
  assigneeIds: string[];
  minAge: string;
  skipEmpty: boolean;
}

export type DigestField = keyof DigestForm;

export type ChannelCheck = 'ok' | 'not_found' | 'not_member' | 'archived' | 'unchecked';

export interface ValidationContext {
  directory: Directory;
  /** conversations.info: does the channel exist, and is the bot in it? */
  checkChannel(channelId: string): Promise<ChannelCheck>;
}

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** Parses "9:00, 16:30" into times; an error in words when any of them is not a time of day. */
export function parseTimes(text: string): TimeOfDay[] | string {
  const parts = text
    .split(/[,;\s]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return 'Give at least one time, such as 9:00 or 9:00, 16:30.';
  if (parts.length > MAX_TIMES) return `At most ${MAX_TIMES} times a day.`;
  const times: TimeOfDay[] = [];
  for (const part of parts) {
    const t = parseTimeOfDay(part);
    if (t === null || t === 'invalid')
      return `“${part.slice(0, 20)}” is not a time of day (use 9:00, 17:30 or 5:30pm).`;
    if (!times.some((x) => x.hour === t.hour && x.minute === t.minute)) times.push(t);
  }
  return times.sort((a, b) => a.hour * 60 + a.minute - (b.hour * 60 + b.minute));
}

export async function validateDigestForm(
  form: DigestForm,
  id: string,
  others: readonly ChannelDigestSettings[],
  ctx: ValidationContext,
): Promise<{ ok: true; digest: ChannelDigestSettings } | { ok: false; errors: FieldErrors<DigestField> }> {
  const errors: FieldErrors<DigestField> = {};
  const { directory } = ctx;

  if (!form.channel) errors.channel = 'Pick the channel the digest goes to.';
  else if (!SLACK_CHANNEL_ID.test(form.channel)) errors.channel = 'That is not a channel the digest can post to.';
  else {
    const check = await ctx.checkChannel(form.channel);
    if (check === 'not_found')
      errors.channel = 'Slack does not know this channel (deleted, or a private one the bot cannot see).';
    else if (check === 'archived') errors.channel = 'This channel is archived.';
    else if (check === 'not_member')
      errors.channel = 'The bot is not in this channel: invite it with /invite @Inbox, then save again.';
    else if (check === 'unchecked') {
      errors.channel =
        'Slack did not let the app check this channel. Try again; if it persists, reinstall the app (it needs channels:read).';
    }
  }

  const days = [...new Set(form.days.map(Number))].filter((d) => Number.isInteger(d) && d >= 0 && d <= 6);
  if (days.length === 0 || days.length !== form.days.length) errors.days = 'Pick at least one day.';
  days.sort((a, b) => a - b);

  const times = parseTimes(form.times);
  if (typeof times === 'string') errors.times = times;

  const timezone = form.timezone.trim();
  if (!isTimeZone(timezone) || timezone === '') {
    errors.timezone = `“${timezone.slice(0, 40)}” is not a time zone. Use an IANA name such as Europe/Paris, America/New_York or UTC.`;
  }

  const unknownOf = (ids: string[], known: ReadonlyArray<{ id: string }>) =>
    ids.filter((i) => !known.some((k) => k.id === i));
  if (unknownOf(form.accountIds, directory.accountLinks).length > 0) {
    errors.accountIds = 'One of these accounts is no longer connected to Inbox. Pick again.';
  }
  if (unknownOf(form.tagIds, directory.tags).length > 0) errors.tagIds = 'One of these tags no longer exists in Inbox.';
  if (unknownOf(form.assigneeIds, directory.members).length > 0) {
    errors.assigneeIds = 'One of these people is no longer a member of the Inbox team.';
  }

  let minAgeMs: number | null = null;
  if (form.minAge.trim() !== '') {
    minAgeMs = parseDuration(form.minAge);
    if (minAgeMs === null || minAgeMs <= 0 || minAgeMs > 30 * 86_400_000) {
      errors.minAge = 'Use a duration between 1m and 30d, such as 30m, 2h or 1d; or leave it empty.';
    }
  }

  if (!errors.channel && !errors.days && typeof times !== 'string' && form.channel) {
    const clash = others.find(
      (o) =>
        o.id !== id &&
        o.channel === form.channel &&
        !o.cron &&
        o.days.some((d) => days.includes(d)) &&
        o.times.some((t) => times.some((x) => x.hour === t.hour && x.minute === t.minute)),
    );
    if (clash) errors.times = 'Another digest already posts to this channel at one of these times. Pick another time.';
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    digest: {
      id,
      channel: form.channel as string,
      days,
      times: times as TimeOfDay[],
      timezone,
      accountIds: form.accountIds,
      tagIds: form.tagIds,
      assigneeIds: form.assigneeIds,
      minAgeMs,
      skipEmpty: form.skipEmpty,
    },
  };
}

export interface GeneralForm {
  actionPolicy: string | null;
  readPolicy: string | null;
  linkUser: string | null;
  linkMember: string | null;
}

export type GeneralField = keyof GeneralForm;

/** The policies and a new member link; returns the settings with them applied, or errors by field. */
export function validateGeneralForm(
  form: GeneralForm,
  base: TeamSettings,
  directory: Directory,
): { ok: true; settings: TeamSettings } | { ok: false; errors: FieldErrors<GeneralField> } {
  const errors: FieldErrors<GeneralField> = {};
  const policy = (v: string | null): Policy | null => (v === 'members' || v === 'anyone' ? v : null);
  const actionPolicy = policy(form.actionPolicy);
  const readPolicy = policy(form.readPolicy);
  if (!actionPolicy) errors.actionPolicy = 'Pick who may assign, archive and reopen.';
  if (!readPolicy) errors.readPolicy = 'Pick who may read threads.';
  const links = { ...base.memberLinks };
  if (form.linkUser && !form.linkMember) errors.linkMember = 'Pick the Inbox member this Slack user is.';
  if (form.linkMember && !form.linkUser) errors.linkUser = 'Pick the Slack user to link.';
  if (form.linkUser && form.linkMember) {
    if (!SLACK_USER_ID.test(form.linkUser)) errors.linkUser = 'That is not a Slack user.';
    else if (!directory.members.some((m) => m.id === form.linkMember)) {
      errors.linkMember = 'This person is no longer a member of the Inbox team.';
    } else if (!(form.linkUser in links) && Object.keys(links).length >= MAX_LINKS) {
      errors.linkUser = `At most ${MAX_LINKS} member links.`;
    } else links[form.linkUser] = form.linkMember;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: { ...base, memberLinks: links, actionPolicy: actionPolicy as Policy, readPolicy: readPolicy as Policy },
  };
}

/** The environment's values as settings: what a team has until someone saves in Slack. */
export function settingsFromEnvironment(env: {
  digest: {
    channel: string | null;
    schedule: string;
    timezone: string;
    skipEmpty: boolean;
    accounts: string[];
    minAgeMs: number | null;
  };
  memberMap: Record<string, string>;
  actionPolicy: Policy;
  readPolicy?: Policy;
}): TeamSettings {
  const { digest } = env;
  const digests: ChannelDigestSettings[] = [];
  if (digest.channel) {
    const simple = cronToDaysTimes(digest.schedule);
    digests.push({
      id: 'd1',
      channel: digest.channel,
      days: simple?.days ?? [],
      times: simple?.times ?? [],
      timezone: digest.timezone,
      ...(simple ? {} : { cron: digest.schedule }),
      accountIds: [],
      ...(digest.accounts.length ? { accountHandles: [...digest.accounts] } : {}),
      tagIds: [],
      assigneeIds: [],
      minAgeMs: digest.minAgeMs,
      skipEmpty: digest.skipEmpty,
    });
  }
  return {
    digests,
    memberLinks: { ...env.memberMap },
    actionPolicy: env.actionPolicy,
    readPolicy: env.readPolicy ?? 'members',
  };
}

/** A fresh id for a new digest (d1, d2…). */
export function nextDigestId(digests: readonly ChannelDigestSettings[]): string {
  const used = new Set(digests.map((d) => d.id));
  for (let i = 1; ; i++) if (!used.has(`d${i}`)) return `d${i}`;
}

/** True when `expr` is a cron expression croner accepts. */
export function isValidCron(expr: string, timezone: string): boolean {
  try {
    new Cron(expr, { timezone, paused: true }).nextRun();
    return true;
  } catch {
    return false;
  }
}

// ── the service ─────────────────────────────────────────────────────────────────────────────────────────────

export interface TeamSettingsDeps {
  records: RecordsPort;
  /** The environment's values: the settings of a team that has never saved in Slack. */
  defaults: TeamSettings;
  /** ADMIN_USERS: when set, only these Slack users may change settings. */
  adminUsers: readonly string[];
  directory: DirectoryService;
  /** Whether the Slack user is linked to an Inbox member (for "ACTION_POLICY-allowed" when there is no ADMIN_USERS). */
  isLinked(slackUserId: string): Promise<boolean>;
}

export function createTeamSettingsService(deps: TeamSettingsDeps) {
  const key = (teamId: string): StoreKey => ({ teamId, scope: SETTINGS_SCOPE, key: 'team' });
  const fromEnv = (): SettingsSnapshot => ({
    settings: structuredClone(deps.defaults),
    version: null,
    updatedBy: null,
    updatedAt: null,
  });
  const snapshotOf = (r: { value: StoredSettings; version: number; updatedAt: Date }): SettingsSnapshot => ({
    settings: r.value.settings,
    version: r.version,
    updatedBy: r.value.updatedBy,
    updatedAt: r.updatedAt,
  });

  return {
    async get(teamId: string): Promise<SettingsSnapshot> {
      const record = await deps.records.get<StoredSettings>(key(teamId));
      return record ? snapshotOf(record) : fromEnv();
    },

    /**
     * Writes `next` only if the stored version is still `basedOn` (null: nothing saved yet). Otherwise nothing is
     * written and the current settings come back, so the caller can tell the person who was overtaken.
     */
    async save(teamId: string, basedOn: number | null, next: TeamSettings, by: string): Promise<SaveResult> {
      const result = await deps.records.put<StoredSettings>(
        key(teamId),
        { settings: next, updatedBy: by },
        { expectedVersion: basedOn },
      );
      if (result.ok) {
        return {
          ok: true,
          snapshot: { settings: next, version: result.version, updatedBy: by, updatedAt: new Date() },
        };
      }
      return { ok: false, current: result.current ? snapshotOf(result.current) : fromEnv() };
    },

    /** ADMIN_USERS when set; otherwise whoever the action policy lets act (a linked member, or anyone). */
    async canManage(teamId: string, slackUserId: string): Promise<boolean> {
      if (deps.adminUsers.length > 0) return deps.adminUsers.includes(slackUserId);
      const { settings } = await this.get(teamId);
      return settings.actionPolicy === 'anyone' || (await deps.isLinked(slackUserId));
    },

    directory: deps.directory,
  };
}

export type TeamSettingsService = ReturnType<typeof createTeamSettingsService>;
