/**
 * The emulated workspace: users, channels, messages, views, triggers, response_urls and the call log,
 * plus the Web API methods that read and change them. No HTTP here (see server.ts).
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { DEMO_BOT, DEMO_TEAM } from '../demo-team.js';
import { checkMessage, validateView } from './block-validation.js';
import type { EmulatorChannel, EmulatorUser, Json, RecordedCall, StoredMessage, StoredView } from './types.js';

export const TRIGGER_TTL_MS = 3000;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
export const RESPONSE_URL_MAX_USES = 5;
export const VIEW_STACK_LIMIT = 3;
export const SLACKBOT_USER_ID = 'USLACKBOT';

export interface ApiResult {
  status: number;
  body: Json;
  headers?: Record<string, string>;
}

interface Trigger {
  userId: string;
  createdAt: number;
  used: boolean;
}

export interface ResponseUrlRecord {
  id: string;
  createdAt: number;
  uses: number;
  userId: string;
  channelId: string;
  /** The message an interaction came from (replace_original / delete_original act on it). */
  source?: { channel: string; ts: string };
}

interface Failure {
  error: string;
  remaining: number;
  retryAfterSeconds?: number;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function bool(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

function ok(body: Json = {}): ApiResult {
  return { status: 200, body: { ok: true, ...body } };
}

function fail(error: string, extra: Json = {}): ApiResult {
  return { status: 200, body: { ok: false, error, ...extra } };
}

function randomBlockId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(5);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** Slack fills in a block_id (and action_ids) that the app left out. */
function withIds(blocks: Json[]): Json[] {
  return blocks.map((block) => {
    const copy: Json = structuredClone(block);
    if (copy.block_id === undefined) copy.block_id = randomBlockId();
    const elements = Array.isArray(copy.elements) ? copy.elements : [];
    const candidates = [...elements, copy.accessory, copy.element];
    for (const el of candidates) {
      if (isObject(el) && el.type !== 'image' && el.type !== 'mrkdwn' && el.type !== 'plain_text') {
        if (el.action_id === undefined) el.action_id = randomBlockId();
      }
    }
    return copy;
  });
}

export class Workspace extends EventEmitter {
  readonly team = { id: DEMO_TEAM.slackTeamId, domain: DEMO_TEAM.slackTeamDomain, name: DEMO_TEAM.name };
  readonly bot = { userId: DEMO_BOT.userId, botId: DEMO_BOT.botId, appId: DEMO_BOT.appId, name: 'inbox' };
  readonly users: EmulatorUser[];
  readonly channels: EmulatorChannel[];
  private readonly initialChannelCount: number;
  private messagesByChannel = new Map<string, StoredMessage[]>();
  private viewsById = new Map<string, StoredView>();
  private modalStacks = new Map<string, string[]>();
  private homeViews = new Map<string, string>();
  private triggers = new Map<string, Trigger>();
  private responseUrls = new Map<string, ResponseUrlRecord>();
  private failures = new Map<string, Failure[]>();
  /** Slack's "about one message per second per channel" for chat.postMessage, when enforced (token bucket). */
  private postRate: { perSecond: number; burst: number } | null = null;
  private postBuckets = new Map<string, { tokens: number; at: number }>();
  private readonly initialMembership: boolean[];
  private log: RecordedCall[] = [];
  private tsCounter = 0;
  private lastTsSec = 0;
  private viewCounter = 0;
  version = 0;

  constructor(
    users: EmulatorUser[],
    channels: EmulatorChannel[],
    readonly now: () => Date,
  ) {
    super();
    this.setMaxListeners(0);
    this.users = users;
    this.channels = channels.map((c) => ({ ...c }));
    this.initialChannelCount = this.channels.length;
    this.initialMembership = this.channels.map((c) => c.isMember);
  }

  /** Enforce a chat.postMessage rate per channel (null: never rate-limit). */
  setPostRate(rate: { perSecond: number; burst: number } | null): void {
    this.postRate = rate;
    this.postBuckets.clear();
  }

  /** Seconds to wait when this post exceeds the channel's rate, else 0 (and a token is taken). */
  private postRateWait(channelId: string): number {
    if (!this.postRate) return 0;
    const { perSecond, burst } = this.postRate;
    const now = this.now().getTime();
    const bucket = this.postBuckets.get(channelId) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.postBuckets.set(channelId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
  }

  // ── change notification ──────────────────────────────────────────────

  changed(): void {
    this.version += 1;
    this.emit('change', this.version);
  }

  // ── lookups ──────────────────────────────────────────────────────────

  user(id: string): EmulatorUser | undefined {
    return this.users.find((u) => u.id === id);
  }

  channel(id: string): EmulatorChannel | undefined {
    return this.channels.find((c) => c.id === id);
  }

  /** A user ID used as a channel means the DM between the bot and that user (as in Slack). */
  resolveChannel(idOrUser: string): EmulatorChannel | undefined {
    const existing = this.channel(idOrUser);
    if (existing) return existing;
    const user = this.user(idOrUser);
    if (!user || user.isBot) return undefined;
    return this.openDm(user.id);
  }

  openDm(userId: string): EmulatorChannel {
    const id = `D${userId.slice(1)}`;
    let dm = this.channel(id);
    if (!dm) {
      dm = { id, name: 'directmessage', isMember: true, isIm: true, user: userId };
      this.channels.push(dm);
      this.changed();
    }
    return dm;
  }

  nextTs(): string {
    const sec = Math.floor(this.now().getTime() / 1000);
    if (sec !== this.lastTsSec) {
      this.lastTsSec = sec;
      this.tsCounter = 0;
    }
    this.tsCounter += 1;
    return `${sec}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  findMessage(ts: string, channelId?: string): StoredMessage | undefined {
    const lists = channelId ? [this.messagesByChannel.get(channelId) ?? []] : [...this.messagesByChannel.values()];
    for (const list of lists) {
      const found = list.find((m) => m.ts === ts);
      if (found) return found;
    }
    return undefined;
  }

  messages(channelId: string, viewerUserId?: string): StoredMessage[] {
    const list = this.messagesByChannel.get(channelId) ?? [];
    return list
      .filter((m) => viewerUserId === undefined || m.ephemeralTo === undefined || m.ephemeralTo === viewerUserId)
      .map((m) => structuredClone(m));
  }

  views(userId?: string): StoredView[] {
    const result: StoredView[] = [];
    for (const [uid, stack] of this.modalStacks) {
      if (userId !== undefined && uid !== userId) continue;
      for (const id of stack) {
        const v = this.viewsById.get(id);
        if (v) result.push(structuredClone(v));
      }
    }
    for (const [uid, id] of this.homeViews) {
      if (userId !== undefined && uid !== userId) continue;
      const v = this.viewsById.get(id);
      if (v) result.push(structuredClone(v));
    }
    return result;
  }

  view(id: string): StoredView | undefined {
    return this.viewsById.get(id);
  }

  calls(): RecordedCall[] {
    return this.log.map((c) => structuredClone(c));
  }

  clearCalls(): void {
    this.log = [];
  }

  record(call: RecordedCall): void {
    this.log.push(call);
    this.changed();
  }

  failNext(method: string, error: string, opts: { count?: number; retryAfterSeconds?: number } = {}): void {
    const list = this.failures.get(method) ?? [];
    list.push({ error, remaining: opts.count ?? 1, retryAfterSeconds: opts.retryAfterSeconds });
    this.failures.set(method, list);
  }

  reset(): void {
    this.messagesByChannel.clear();
    this.viewsById.clear();
    this.modalStacks.clear();
    this.homeViews.clear();
    this.triggers.clear();
    this.responseUrls.clear();
    this.failures.clear();
    this.postRate = null;
    this.postBuckets.clear();
    this.channels.splice(this.initialChannelCount);
    this.channels.forEach((c, i) => {
      c.isMember = this.initialMembership[i] ?? c.isMember;
    });
    this.log = [];
    this.changed();
  }

  // ── triggers and response_urls (minted by the request sender) ─────────

  mintTrigger(userId: string): string {
    const id = `${Math.floor(this.now().getTime() / 1000)}.${this.tsCounter}.${randomBytes(8).toString('hex')}`;
    this.triggers.set(id, { userId, createdAt: this.now().getTime(), used: false });
    return id;
  }

  mintResponseUrl(userId: string, channelId: string, source?: { channel: string; ts: string }): string {
    const id = randomBytes(12).toString('hex');
    this.responseUrls.set(id, { id, createdAt: this.now().getTime(), uses: 0, userId, channelId, source });
    return id;
  }

  responseUrl(id: string): ResponseUrlRecord | undefined {
    return this.responseUrls.get(id);
  }

  private exchangeTrigger(triggerId: unknown): { userId: string } | { error: string } {
    const id = str(triggerId);
    if (!id) return { error: 'invalid_arguments' };
    const trigger = this.triggers.get(id);
    if (!trigger) return { error: 'invalid_trigger_id' };
    if (trigger.used) return { error: 'exchanged_trigger_id' };
    if (this.now().getTime() - trigger.createdAt > TRIGGER_TTL_MS) return { error: 'expired_trigger_id' };
    trigger.used = true;
    return { userId: trigger.userId };
  }

  // ── messages ─────────────────────────────────────────────────────────

  addMessage(message: Omit<StoredMessage, 'type' | 'ts' | 'revision'> & { ts?: string }): StoredMessage {
    const stored: StoredMessage = {
      type: 'message',
      ...message,
      ts: message.ts ?? this.nextTs(),
      blocks: withIds(message.blocks),
      revision: 0,
    };
    const list = this.messagesByChannel.get(stored.channel) ?? [];
    list.push(stored);
    this.messagesByChannel.set(stored.channel, list);
    this.changed();
    return stored;
  }

  replaceMessage(target: StoredMessage, changes: { text: string; blocks?: Json[]; metadata?: unknown }): void {
    target.text = changes.text;
    if (changes.blocks !== undefined) target.blocks = withIds(changes.blocks);
    if (changes.metadata !== undefined) {
      if (isObject(changes.metadata) && typeof changes.metadata.event_type === 'string') {
        target.metadata = {
          event_type: changes.metadata.event_type,
          event_payload: isObject(changes.metadata.event_payload) ? changes.metadata.event_payload : {},
        };
      } else {
        target.metadata = undefined;
      }
    }
    target.edited = { user: this.bot.userId, ts: this.nextTs() };
    target.warning = undefined;
    target.revision += 1;
    this.changed();
  }

  deleteMessage(target: StoredMessage): void {
    const list = this.messagesByChannel.get(target.channel) ?? [];
    this.messagesByChannel.set(
      target.channel,
      list.filter((m) => m !== target),
    );
    this.changed();
  }

  /** The message as the Web API (history, postMessage responses) shows it. */
  apiMessage(m: StoredMessage, includeMetadata = true): Json {
    const out: Json = { type: 'message', user: m.user, text: m.text, ts: m.ts, team: this.team.id };
    if (m.bot_id) {
      out.bot_id = m.bot_id;
      out.app_id = m.app_id;
      out.bot_profile = { id: m.bot_id, app_id: m.app_id, name: 'Inbox', team_id: this.team.id };
    }
    if (m.blocks.length > 0) out.blocks = structuredClone(m.blocks);
    if (m.thread_ts) out.thread_ts = m.thread_ts;
    if (m.edited) out.edited = { ...m.edited };
    if (includeMetadata && m.metadata) out.metadata = structuredClone(m.metadata);
    return out;
  }

  private botAuthor(): Pick<StoredMessage, 'user' | 'bot_id' | 'app_id'> {
    return { user: this.bot.userId, bot_id: this.bot.botId, app_id: this.bot.appId };
  }

  // ── Web API ──────────────────────────────────────────────────────────

  static readonly METHODS = [
    'auth.test',
    'chat.postMessage',
    'chat.postEphemeral',
    'chat.update',
    'chat.delete',
    'views.open',
    'views.push',
    'views.update',
    'views.publish',
    'users.info',
    'users.list',
    'users.lookupByEmail',
    'conversations.info',
    'conversations.history',
    'conversations.open',
    'conversations.join',
    'chat.getPermalink',
  ] as const;

  /** Runs one Web API method (auth already checked). Records the call. */
  callMethod(method: string, args: Json): ApiResult {
    const result = this.dispatch(method, args);
    this.record({
      kind: 'api',
      method,
      args: structuredClone(args),
      response: structuredClone(result.body),
      at: this.now(),
    });
    return result;
  }

  private dispatch(method: string, args: Json): ApiResult {
    if (!(Workspace.METHODS as readonly string[]).includes(method)) return fail('unknown_method');
    const failures = this.failures.get(method);
    const failure = failures?.[0];
    if (failures && failure) {
      failure.remaining -= 1;
      if (failure.remaining <= 0) failures.shift();
      if (failure.error === 'ratelimited') {
        const retryAfter = failure.retryAfterSeconds ?? 1;
        return {
          status: 429,
          body: { ok: false, error: 'ratelimited' },
          headers: { 'Retry-After': String(retryAfter) },
        };
      }
      return fail(failure.error);
    }
    switch (method) {
      case 'auth.test':
        return ok({
          url: `https://${this.team.domain}.slack.com/`,
          team: this.team.name,
          user: this.bot.name,
          team_id: this.team.id,
          user_id: this.bot.userId,
          bot_id: this.bot.botId,
          is_enterprise_install: false,
        });
      case 'chat.postMessage':
        return this.postMessage(args);
      case 'chat.postEphemeral':
        return this.postEphemeral(args);
      case 'chat.update':
        return this.updateMessage(args);
      case 'chat.delete':
        return this.chatDelete(args);
      case 'views.open':
        return this.viewsOpen(args, false);
      case 'views.push':
        return this.viewsOpen(args, true);
      case 'views.update':
        return this.viewsUpdate(args);
      case 'views.publish':
        return this.viewsPublish(args);
      case 'users.info': {
        const user = this.user(str(args.user) ?? '');
        return user ? ok({ user: this.apiUser(user) }) : fail('user_not_found');
      }
      case 'users.list':
        return ok({
          members: [...this.users.map((u) => this.apiUser(u)), this.apiBotUser()],
          cache_ts: Math.floor(this.now().getTime() / 1000),
          response_metadata: { next_cursor: '' },
        });
      case 'users.lookupByEmail': {
        const email = (str(args.email) ?? '').toLowerCase();
        const user = this.users.find((u) => u.email.toLowerCase() === email);
        return user ? ok({ user: this.apiUser(user) }) : fail('users_not_found');
      }
      case 'conversations.info': {
        const channel = this.channel(str(args.channel) ?? '');
        return channel ? ok({ channel: this.apiChannel(channel) }) : fail('channel_not_found');
      }
      case 'conversations.open': {
        const users = (str(args.users) ?? '').split(',').filter(Boolean);
        const first = users[0];
        if (users.length !== 1 || !first || !this.user(first)) return fail('user_not_found');
        return ok({ channel: { id: this.openDm(first).id } });
      }
      case 'conversations.history':
        return this.history(args);
      case 'conversations.join': {
        const channel = this.channel(str(args.channel) ?? '');
        if (!channel) return fail('channel_not_found');
        if (channel.isIm || channel.isPrivate) return fail('method_not_supported_for_channel_type');
        channel.isMember = true;
        this.changed();
        return ok({ channel: this.apiChannel(channel) });
      }
      case 'chat.getPermalink': {
        const channel = this.resolveChannel(str(args.channel) ?? '');
        const ts = str(args.message_ts) ?? '';
        const found = channel && (this.messagesByChannel.get(channel.id) ?? []).some((m) => m.ts === ts);
        if (!channel || !found) return fail(channel ? 'message_not_found' : 'channel_not_found');
        return ok({
          channel: channel.id,
          permalink: `https://${this.team.domain}.slack.com/archives/${channel.id}/p${ts.replace('.', '')}`,
        });
      }
      default:
        return fail('unknown_method');
    }
  }

  private apiUser(u: EmulatorUser): Json {
    const [first = '', ...rest] = u.realName.split(' ');
    return {
      id: u.id,
      team_id: this.team.id,
      name: u.name,
      deleted: false,
      real_name: u.realName,
      tz: u.tz,
      tz_label: u.tz,
      tz_offset: 0,
      is_admin: false,
      is_owner: false,
      is_bot: u.isBot === true,
      is_app_user: false,
      profile: {
        title: u.title ?? '',
        real_name: u.realName,
        real_name_normalized: u.realName,
        display_name: u.name,
        display_name_normalized: u.name,
        first_name: first,
        last_name: rest.join(' '),
        email: u.email,
        team: this.team.id,
      },
    };
  }

  private apiBotUser(): Json {
    return {
      id: this.bot.userId,
      team_id: this.team.id,
      name: this.bot.name,
      deleted: false,
      real_name: 'Inbox',
      is_bot: true,
      profile: { real_name: 'Inbox', display_name: 'Inbox', bot_id: this.bot.botId, api_app_id: this.bot.appId },
    };
  }

  apiChannel(c: EmulatorChannel): Json {
    if (c.isIm) return { id: c.id, is_im: true, user: c.user, is_open: true, created: 0 };
    return {
      id: c.id,
      name: c.name,
      name_normalized: c.name,
      is_channel: !c.isPrivate,
      is_group: false,
      is_im: false,
      is_private: c.isPrivate === true,
      is_archived: false,
      is_general: c.name === 'general',
      is_member: c.isMember,
      created: 0,
    };
  }

  private checkPostable(channelArg: unknown): EmulatorChannel | ApiResult {
    const id = str(channelArg);
    if (!id) return fail('channel_not_found');
    const channel = this.resolveChannel(id);
    if (!channel) return fail('channel_not_found');
    if (!channel.isMember) return fail('not_in_channel');
    return channel;
  }

  private messageProblem(args: Json, update = false): ApiResult | { text: string } {
    const check = checkMessage({ text: args.text, blocks: args.blocks }, { update });
    if (check.error === 'invalid_blocks') {
      return fail('invalid_blocks', { errors: check.messages, response_metadata: { messages: check.messages } });
    }
    if (check.error)
      return fail(check.error, check.messages.length ? { response_metadata: { messages: check.messages } } : {});
    return { text: check.text };
  }

  private metadataOf(value: unknown): StoredMessage['metadata'] | ApiResult | undefined {
    if (value === undefined) return undefined;
    if (!isObject(value) || typeof value.event_type !== 'string') return fail('invalid_metadata_format');
    return {
      event_type: value.event_type,
      event_payload: isObject(value.event_payload) ? structuredClone(value.event_payload) : {},
    };
  }

  private postMessage(args: Json): ApiResult {
    const channel = this.checkPostable(args.channel);
    if ('status' in channel) return channel;
    const wait = this.postRateWait(channel.id);
    if (wait > 0) {
      return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'Retry-After': String(wait) } };
    }
    const content = this.messageProblem(args);
    if ('status' in content) return content;
    const metadata = this.metadataOf(args.metadata);
    if (metadata && 'status' in metadata) return metadata;
    const stored = this.addMessage({
      channel: channel.id,
      ...this.botAuthor(),
      text: content.text,
      blocks: Array.isArray(args.blocks) ? (args.blocks as Json[]) : [],
      metadata,
      thread_ts: str(args.thread_ts),
      source: 'chat.postMessage',
    });
    return ok({ channel: channel.id, ts: stored.ts, message: this.apiMessage(stored) });
  }

  private postEphemeral(args: Json): ApiResult {
    const channel = this.checkPostable(args.channel);
    if ('status' in channel) return channel;
    const userId = str(args.user);
    if (!userId || !this.user(userId)) return fail('user_not_found');
    if (channel.isIm && channel.user !== userId) return fail('user_not_in_channel');
    const content = this.messageProblem(args);
    if ('status' in content) return content;
    const stored = this.addMessage({
      channel: channel.id,
      ...this.botAuthor(),
      text: content.text,
      blocks: Array.isArray(args.blocks) ? (args.blocks as Json[]) : [],
      thread_ts: str(args.thread_ts),
      ephemeralTo: userId,
      source: 'chat.postEphemeral',
    });
    return ok({ message_ts: stored.ts });
  }

  private updateMessage(args: Json): ApiResult {
    const channelId = str(args.channel);
    const channel = channelId ? this.resolveChannel(channelId) : undefined;
    if (!channel) return fail('channel_not_found');
    const target = this.findMessage(str(args.ts) ?? '', channel.id);
    // chat.update cannot reach ephemeral messages: Slack answers message_not_found.
    if (!target || target.ephemeralTo) return fail('message_not_found');
    if (target.bot_id !== this.bot.botId) return fail('cant_update_message');
    if (args.text === undefined && args.blocks === undefined) return fail('no_text');
    const content = this.messageProblem({ text: args.text ?? '', blocks: args.blocks ?? target.blocks }, true);
    if ('status' in content) return content;
    const metadata = this.metadataOf(args.metadata);
    const metadataEmpty = isObject(args.metadata) && Object.keys(args.metadata).length === 0;
    if (metadata && 'status' in metadata && !metadataEmpty) return metadata;
    this.replaceMessage(target, {
      text: content.text,
      blocks: Array.isArray(args.blocks) ? (args.blocks as Json[]) : undefined,
      metadata: metadataEmpty ? null : metadata,
    });
    return ok({ channel: channel.id, ts: target.ts, text: target.text, message: this.apiMessage(target) });
  }

  private chatDelete(args: Json): ApiResult {
    const channelId = str(args.channel);
    const channel = channelId ? this.resolveChannel(channelId) : undefined;
    if (!channel) return fail('channel_not_found');
    const target = this.findMessage(str(args.ts) ?? '', channel.id);
    if (!target || target.ephemeralTo) return fail('message_not_found');
    if (target.bot_id !== this.bot.botId) return fail('cant_delete_message');
    this.deleteMessage(target);
    return ok({ channel: channel.id, ts: target.ts });
  }

  // ── views ────────────────────────────────────────────────────────────

  private buildView(
    input: Json,
    userId: string,
    prior?: { id: string; rootViewId: string; previousViewId: string | null },
  ): Json {
    this.viewCounter += 1;
    const id = prior?.id || `V0${String(this.viewCounter).padStart(8, '0')}`;
    return {
      id,
      team_id: this.team.id,
      type: input.type,
      blocks: withIds(Array.isArray(input.blocks) ? (input.blocks as Json[]) : []),
      private_metadata: str(input.private_metadata) ?? '',
      callback_id: str(input.callback_id) ?? '',
      state: { values: {} },
      hash: `${Math.floor(this.now().getTime() / 1000)}.${randomBytes(4).toString('hex')}`,
      title: input.title ?? null,
      clear_on_close: bool(input.clear_on_close),
      notify_on_close: bool(input.notify_on_close),
      close: input.close ?? null,
      submit: input.submit ?? null,
      previous_view_id: prior?.previousViewId ?? null,
      root_view_id: prior?.rootViewId ?? id,
      app_id: this.bot.appId,
      external_id: str(input.external_id) ?? '',
      app_installed_team_id: this.team.id,
      bot_id: this.bot.botId,
      user_id: userId,
    };
  }

  private viewProblem(view: unknown): ApiResult | undefined {
    const problems = validateView(view);
    if (problems.length === 0) return undefined;
    return fail('invalid_arguments', { response_metadata: { messages: problems } });
  }

  private viewsOpen(args: Json, push: boolean): ApiResult {
    const problem = this.viewProblem(args.view);
    const view = args.view as Json;
    if (problem) return problem;
    if (view.type !== 'modal') return fail('invalid_arguments');
    const exchanged = this.exchangeTrigger(args.trigger_id);
    if ('error' in exchanged) return fail(exchanged.error);
    const stack = this.modalStacks.get(exchanged.userId) ?? [];
    if (push && stack.length === 0) return fail('not_found');
    if (push && stack.length >= VIEW_STACK_LIMIT) return fail('push_limit_reached');
    const top = stack[stack.length - 1];
    const built = this.buildView(
      view,
      exchanged.userId,
      push && top ? { id: '', rootViewId: stack[0] ?? top, previousViewId: top } : undefined,
    );
    const id = String(built.id);
    if (!push) {
      for (const old of stack) this.viewsById.delete(old);
      stack.length = 0;
      built.root_view_id = id;
    }
    stack.push(id);
    this.modalStacks.set(exchanged.userId, stack);
    this.viewsById.set(id, { id, userId: exchanged.userId, type: 'modal', stackIndex: stack.length - 1, view: built });
    this.changed();
    return ok({ view: structuredClone(built) });
  }

  private viewsUpdate(args: Json): ApiResult {
    const problem = this.viewProblem(args.view);
    if (problem) return problem;
    const viewId = str(args.view_id);
    const externalId = str(args.external_id);
    let stored: StoredView | undefined;
    if (viewId) stored = this.viewsById.get(viewId);
    else if (externalId) stored = [...this.viewsById.values()].find((v) => v.view.external_id === externalId);
    else return fail('invalid_arguments');
    if (!stored) return fail('not_found');
    const hash = str(args.hash);
    if (hash !== undefined && hash !== stored.view.hash) return fail('hash_conflict');
    const built = this.buildView(args.view as Json, stored.userId, {
      id: stored.id,
      rootViewId: String(stored.view.root_view_id),
      previousViewId: (stored.view.previous_view_id as string | null) ?? null,
    });
    stored.view = built;
    this.changed();
    return ok({ view: structuredClone(built) });
  }

  private viewsPublish(args: Json): ApiResult {
    const userId = str(args.user_id);
    if (!userId || !this.user(userId)) return fail('user_not_found');
    const problem = this.viewProblem(args.view);
    if (problem) return problem;
    if ((args.view as Json).type !== 'home') return fail('invalid_arguments');
    const existing = this.homeViews.get(userId);
    const built = this.buildView(
      args.view as Json,
      userId,
      existing ? { id: existing, rootViewId: existing, previousViewId: null } : undefined,
    );
    const id = String(built.id);
    this.homeViews.set(userId, id);
    this.viewsById.set(id, { id, userId, type: 'home', stackIndex: -1, view: built });
    this.changed();
    return ok({ view: structuredClone(built) });
  }

  /** The user closed a modal (the × button): the whole stack goes, as in Slack. */
  closeViews(userId: string): StoredView[] {
    const stack = this.modalStacks.get(userId) ?? [];
    const closed = stack.map((id) => this.viewsById.get(id)).filter((v): v is StoredView => v !== undefined);
    for (const id of stack) this.viewsById.delete(id);
    this.modalStacks.delete(userId);
    this.changed();
    return closed;
  }

  /** After a view_submission ack: clear / update / push the stack, as Slack does. */
  popView(userId: string, viewId: string): void {
    const stack = this.modalStacks.get(userId) ?? [];
    const index = stack.indexOf(viewId);
    if (index < 0) return;
    for (const id of stack.splice(index)) this.viewsById.delete(id);
    if (stack.length === 0) this.modalStacks.delete(userId);
    this.changed();
  }

  replaceViewFromAck(userId: string, viewId: string, view: Json): void {
    const stored = this.viewsById.get(viewId);
    if (!stored || stored.userId !== userId) return;
    stored.view = this.buildView(view, userId, {
      id: viewId,
      rootViewId: String(stored.view.root_view_id),
      previousViewId: (stored.view.previous_view_id as string | null) ?? null,
    });
    this.changed();
  }

  pushViewFromAck(userId: string, view: Json): void {
    const stack = this.modalStacks.get(userId) ?? [];
    const top = stack[stack.length - 1];
    const built = this.buildView(view, userId);
    const id = String(built.id);
    built.previous_view_id = top ?? null;
    built.root_view_id = stack[0] ?? id;
    stack.push(id);
    this.modalStacks.set(userId, stack);
    this.viewsById.set(id, { id, userId, type: 'modal', stackIndex: stack.length - 1, view: built });
    this.changed();
  }

  setViewState(viewId: string, blockId: string, actionId: string, value: Json): void {
    const stored = this.viewsById.get(viewId);
    if (!stored) return;
    const state = (stored.view.state as { values: Record<string, Record<string, Json>> }) ?? { values: {} };
    state.values[blockId] = { ...(state.values[blockId] ?? {}), [actionId]: value };
    stored.view.state = state;
  }

  // ── history ──────────────────────────────────────────────────────────

  private history(args: Json): ApiResult {
    const channel = this.channel(str(args.channel) ?? '');
    if (!channel) return fail('channel_not_found');
    if (!channel.isMember) return fail('not_in_channel');
    const includeMetadata = bool(args.include_all_metadata);
    const inclusive = bool(args.inclusive);
    const oldest = Number(str(args.oldest) ?? '0');
    const latestArg = str(args.latest);
    const latest = latestArg === undefined ? Number.POSITIVE_INFINITY : Number(latestArg);
    const limitArg = Number(str(args.limit) ?? '100');
    const limit = Number.isFinite(limitArg) && limitArg > 0 ? Math.min(limitArg, 999) : 100;
    const offset = Number(str(args.cursor) ? Buffer.from(String(args.cursor), 'base64').toString() : '0') || 0;
    const inRange = (m: StoredMessage): boolean => {
      const ts = Number(m.ts);
      const afterOldest = inclusive ? ts >= oldest : ts > oldest;
      const beforeLatest = inclusive ? ts <= latest : ts < latest;
      return afterOldest && beforeLatest;
    };
    const all = (this.messagesByChannel.get(channel.id) ?? [])
      .filter((m) => !m.ephemeralTo && m.source !== 'slackbot' && !m.thread_ts)
      .filter(inRange)
      .sort((a, b) => Number(b.ts) - Number(a.ts));
    const page = all.slice(offset, offset + limit);
    const hasMore = offset + limit < all.length;
    return ok({
      messages: page.map((m) => this.apiMessage(m, includeMetadata)),
      has_more: hasMore,
      pin_count: 0,
      response_metadata: { next_cursor: hasMore ? Buffer.from(String(offset + limit)).toString('base64') : '' },
    });
  }
}
