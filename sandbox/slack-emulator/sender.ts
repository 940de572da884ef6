/**
 * Sends what Slack sends to an app: signed slash commands, block_actions and view_submission/view_closed payloads,
 * and applies what Slack does with the app's answer (an ack body for a command becomes a message; no answer in
 * 3 s becomes `operation_timeout`).
 */
import { checkMessage } from './block-validation.js';
import { slackSignatureHeaders } from './signing.js';
import type { DeliveryResult, Json, StoredMessage, StoredView } from './types.js';
import { SLACKBOT_USER_ID, type Workspace } from './workspace.js';

export const ACK_TIMEOUT_MS = 3000;

export interface SenderOptions {
  signingSecret: string;
  appUrl: () => string | undefined;
  origin: () => string;
  ackTimeoutMs?: number;
}

export interface CommandArgs {
  userId: string;
  channelId: string;
  text: string;
  command?: string;
}

export interface ClickArgs {
  userId: string;
  messageTs?: string;
  viewId?: string;
  actionId: string;
  blockId?: string;
  value?: string;
  selectedValue?: string;
  /** For an external_select: what the user had typed when they picked the option (the options load's `value`). */
  query?: string;
}

export interface OptionsArgs {
  userId: string;
  messageTs?: string;
  viewId?: string;
  actionId: string;
  blockId?: string;
  /** What the user typed in the menu ('' when they just opened it). */
  query?: string;
}

export interface OptionsResult extends DeliveryResult {
  /** The options the app answered with (option groups flattened), or [] when it did not answer properly. */
  options: Json[];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface FoundElement {
  blockId: string;
  element: Json;
}

/** Finds an interactive element by action_id (and block_id) in a list of blocks. */
export function findElement(blocks: Json[], actionId: string, blockId?: string): FoundElement | undefined {
  for (const block of blocks) {
    const id = String(block.block_id ?? '');
    if (blockId !== undefined && id !== blockId) continue;
    const candidates = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory, block.element];
    for (const el of candidates) {
      if (isObject(el) && el.action_id === actionId) return { blockId: id, element: el };
    }
  }
  return undefined;
}

function allOptions(element: Json): Json[] {
  const options = Array.isArray(element.options) ? (element.options as Json[]) : [];
  const groups = Array.isArray(element.option_groups) ? (element.option_groups as Json[]) : [];
  return [...options, ...groups.flatMap((g) => (Array.isArray(g.options) ? (g.options as Json[]) : []))];
}

export class Sender {
  constructor(
    private readonly ws: Workspace,
    private readonly opts: SenderOptions,
  ) {}

  private userPayload(userId: string): Json {
    const user = this.ws.user(userId);
    if (!user) throw new Error(`Unknown Slack user ${userId}`);
    return { id: user.id, username: user.name, name: user.name, team_id: this.ws.team.id };
  }

  private channelName(channelId: string): string {
    const channel = this.ws.channel(channelId);
    if (!channel) throw new Error(`Unknown Slack channel ${channelId}`);
    return channel.isIm ? 'directmessage' : channel.name;
  }

  private responseUrl(id: string): string {
    return `${this.opts.origin()}/response/${id}`;
  }

  /** POSTs a signed body to the app; resolves with its status and body, or an error Slack would show. */
  async deliver(rawBody: string, contentType: string): Promise<DeliveryResult> {
    const url = this.opts.appUrl();
    if (!url) return { status: 0, body: '', error: 'dispatch_failed' };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.opts.ackTimeoutMs ?? ACK_TIMEOUT_MS);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': contentType,
          'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
          ...slackSignatureHeaders(this.opts.signingSecret, rawBody),
        },
        body: rawBody,
        signal: controller.signal,
      });
      const body = await response.text();
      return response.ok
        ? { status: response.status, body }
        : { status: response.status, body, error: 'dispatch_failed' };
    } catch {
      // No answer in time is what Slack shows as operation_timeout; an unreachable app is dispatch_failed.
      return { status: 0, body: '', error: controller.signal.aborted ? 'operation_timeout' : 'dispatch_failed' };
    } finally {
      clearTimeout(timer);
    }
  }

  async sendCommand(args: CommandArgs): Promise<DeliveryResult> {
    const command = args.command ?? '/inbox';
    const user = this.userPayload(args.userId);
    const channelName = this.channelName(args.channelId);
    const responseId = this.ws.mintResponseUrl(args.userId, args.channelId);
    const fields: Record<string, string> = {
      token: 'emulator-verification-token',
      team_id: this.ws.team.id,
      team_domain: this.ws.team.domain,
      channel_id: args.channelId,
      channel_name: channelName,
      user_id: args.userId,
      user_name: String(user.username),
      command,
      text: args.text,
      api_app_id: this.ws.bot.appId,
      is_enterprise_install: 'false',
      response_url: this.responseUrl(responseId),
      trigger_id: this.ws.mintTrigger(args.userId),
    };
    const result = await this.deliver(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
    if (result.error) {
      this.slackbotNotice(args.channelId, args.userId, `${command} failed with the error "${result.error}"`);
      return result;
    }
    this.applyCommandAck(args, result.body);
    return result;
  }

  /** Slack shows a command's ack body as a message: ephemeral unless response_type is in_channel. */
  private applyCommandAck(args: CommandArgs, body: string): void {
    if (body.trim() === '') return;
    let message: Json;
    try {
      const parsed: unknown = JSON.parse(body);
      message = isObject(parsed) ? parsed : { text: String(parsed) };
    } catch {
      message = { text: body };
    }
    const check = checkMessage({ text: message.text, blocks: message.blocks });
    if (check.error) {
      this.slackbotNotice(
        args.channelId,
        args.userId,
        `${args.command ?? '/inbox'} failed with the error "invalid_blocks"`,
      );
      return;
    }
    this.ws.addMessage({
      channel: args.channelId,
      user: this.ws.bot.userId,
      bot_id: this.ws.bot.botId,
      app_id: this.ws.bot.appId,
      text: check.text,
      blocks: Array.isArray(message.blocks) ? (message.blocks as Json[]) : [],
      ephemeralTo: message.response_type === 'in_channel' ? undefined : args.userId,
      source: 'ack',
    });
  }

  private slackbotNotice(channelId: string, userId: string, text: string): void {
    this.ws.addMessage({
      channel: channelId,
      user: SLACKBOT_USER_ID,
      text,
      blocks: [],
      ephemeralTo: userId,
      source: 'slackbot',
    });
  }

  /** Where an element lives: a message the user can see, or one of their open views. */
  private locate(args: { userId: string; messageTs?: string; viewId?: string; actionId: string; blockId?: string }) {
    if (args.viewId) {
      const stored = this.ws.view(args.viewId);
      if (!stored || stored.userId !== args.userId) throw new Error(`No open view ${args.viewId} for ${args.userId}`);
      const found = findElement(stored.view.blocks as Json[], args.actionId, args.blockId);
      if (!found) throw new Error(`No element with action_id ${args.actionId} in view ${args.viewId}`);
      return { found, view: stored, message: undefined };
    }
    if (!args.messageTs) throw new Error('needs messageTs or viewId');
    const message = this.ws.findMessage(args.messageTs);
    if (!message || (message.ephemeralTo && message.ephemeralTo !== args.userId)) {
      throw new Error(`No message ${args.messageTs} visible to ${args.userId}`);
    }
    const found = findElement(message.blocks, args.actionId, args.blockId);
    if (!found) throw new Error(`No element with action_id ${args.actionId} in message ${args.messageTs}`);
    return { found, view: undefined, message };
  }

  /**
   * The user opened (or typed in) an external_select: Slack sends the app a signed `block_suggestion` at the
   * options load URL and shows the options it answers with (within 3 s), at most 100.
   */
  async loadOptions(args: OptionsArgs): Promise<OptionsResult> {
    const { found, view, message } = this.locate(args);
    const type = found.element.type;
    if (type !== 'external_select' && type !== 'multi_external_select') {
      throw new Error(`${args.actionId} is a ${String(type)}, not an external select`);
    }
    const payload: Json = {
      type: 'block_suggestion',
      user: this.userPayload(args.userId),
      container: view
        ? { type: 'view', view_id: view.id }
        : {
            type: 'message',
            message_ts: message?.ts,
            channel_id: message?.channel,
            is_ephemeral: Boolean(message?.ephemeralTo),
          },
      api_app_id: this.ws.bot.appId,
      token: 'emulator-verification-token',
      action_id: args.actionId,
      block_id: found.blockId,
      value: args.query ?? '',
      team: { id: this.ws.team.id, domain: this.ws.team.domain },
      enterprise: null,
      is_enterprise_install: false,
      ...(message ? { channel: { id: message.channel, name: this.channelName(message.channel) } } : {}),
      ...(view ? { view: structuredClone(view.view) } : {}),
    };
    const result = await this.deliver(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );
    if (result.error) return { ...result, options: [] };
    let body: unknown;
    try {
      body = JSON.parse(result.body);
    } catch {
      return { ...result, error: 'invalid_options_response', options: [] };
    }
    const options = isObject(body) ? allOptions(body).filter(isObject).slice(0, 100) : [];
    return { ...result, options };
  }

  private buildAction(found: FoundElement, args: ClickArgs, actionTs: string, loaded: Json[] = []): Json {
    const el = found.element;
    const action: Json = { type: el.type, action_id: args.actionId, block_id: found.blockId, action_ts: actionTs };
    if (el.type === 'button') {
      action.text = el.text;
      if (el.value !== undefined || args.value !== undefined) action.value = args.value ?? el.value;
      if (el.style !== undefined) action.style = el.style;
      if (el.url !== undefined) action.url = el.url;
      return action;
    }
    const wanted = args.selectedValue ?? args.value;
    if (wanted !== undefined) {
      const option = [...allOptions(el), ...loaded].find((o) => o.value === wanted);
      if (!option) throw new Error(`No option with value ${wanted} in ${args.actionId}`);
      action.selected_option = structuredClone(option);
    }
    if (el.placeholder !== undefined) action.placeholder = el.placeholder;
    return action;
  }

  private stateValue(action: Json): Json {
    const value: Json = { type: action.type };
    if (action.selected_option !== undefined) value.selected_option = action.selected_option;
    if (action.value !== undefined && action.type !== 'button') value.value = action.value;
    return value;
  }

  async clickAction(args: ClickArgs): Promise<DeliveryResult> {
    const user = this.userPayload(args.userId);
    // An external_select's options are whatever the app answered when the user opened it.
    let loaded: Json[] = [];
    const wanted = args.selectedValue ?? args.value;
    if (wanted !== undefined && this.locate(args).found.element.type === 'external_select') {
      loaded = (await this.loadOptions({ ...args, query: args.query ?? '' })).options;
    }
    const actionTs = this.ws.nextTs();
    let payload: Json;
    let message: StoredMessage | undefined;
    if (args.viewId) {
      const stored = this.ws.view(args.viewId);
      if (!stored || stored.userId !== args.userId) throw new Error(`No open view ${args.viewId} for ${args.userId}`);
      const found = findElement(stored.view.blocks as Json[], args.actionId, args.blockId);
      if (!found) throw new Error(`No element with action_id ${args.actionId} in view ${args.viewId}`);
      const action = this.buildAction(found, args, actionTs, loaded);
      if (action.type !== 'button')
        this.ws.setViewState(stored.id, found.blockId, args.actionId, this.stateValue(action));
      payload = {
        type: 'block_actions',
        user,
        api_app_id: this.ws.bot.appId,
        token: 'emulator-verification-token',
        container: { type: 'view', view_id: stored.id },
        trigger_id: this.ws.mintTrigger(args.userId),
        team: { id: this.ws.team.id, domain: this.ws.team.domain },
        enterprise: null,
        is_enterprise_install: false,
        view: structuredClone(stored.view),
        actions: [action],
      };
    } else {
      if (!args.messageTs) throw new Error('clickAction needs messageTs or viewId');
      message = this.ws.findMessage(args.messageTs);
      if (!message || (message.ephemeralTo && message.ephemeralTo !== args.userId)) {
        throw new Error(`No message ${args.messageTs} visible to ${args.userId}`);
      }
      const found = findElement(message.blocks, args.actionId, args.blockId);
      if (!found) throw new Error(`No element with action_id ${args.actionId} in message ${args.messageTs}`);
      const action = this.buildAction(found, args, actionTs, loaded);
      const values: Json = {};
      if (action.type !== 'button') values[found.blockId] = { [args.actionId]: this.stateValue(action) };
      const responseId = this.ws.mintResponseUrl(args.userId, message.channel, {
        channel: message.channel,
        ts: message.ts,
      });
      payload = {
        type: 'block_actions',
        user,
        api_app_id: this.ws.bot.appId,
        token: 'emulator-verification-token',
        container: {
          type: 'message',
          message_ts: message.ts,
          channel_id: message.channel,
          is_ephemeral: message.ephemeralTo !== undefined,
        },
        trigger_id: this.ws.mintTrigger(args.userId),
        team: { id: this.ws.team.id, domain: this.ws.team.domain },
        enterprise: null,
        is_enterprise_install: false,
        channel: { id: message.channel, name: this.channelName(message.channel) },
        message: this.ws.apiMessage(message),
        state: { values },
        response_url: this.responseUrl(responseId),
        actions: [action],
      };
    }
    const rawBody = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const result = await this.deliver(rawBody, 'application/x-www-form-urlencoded');
    if (result.error && message) {
      const live = this.ws.findMessage(message.ts, message.channel);
      if (live) {
        live.warning = result.error;
        this.ws.changed();
      }
    }
    return result;
  }

  /**
   * The user opened the app's Home (or Messages) tab: a signed Events API `event_callback` carrying
   * `app_home_opened`, with the Home view the user has now (if any), as Slack sends it.
   */
  async openHome(args: { userId: string; tab?: 'home' | 'messages' }): Promise<DeliveryResult> {
    const user = this.ws.user(args.userId);
    if (!user) throw new Error(`Unknown Slack user ${args.userId}`);
    const home = this.ws.views(args.userId).find((v) => v.type === 'home');
    const eventTs = this.ws.nextTs();
    const payload = {
      token: 'emulator-verification-token',
      team_id: this.ws.team.id,
      api_app_id: this.ws.bot.appId,
      event: {
        type: 'app_home_opened',
        user: args.userId,
        channel: this.ws.openDm(args.userId).id,
        tab: args.tab ?? 'home',
        event_ts: eventTs,
        ...(home ? { view: structuredClone(home.view) } : {}),
      },
      type: 'event_callback',
      event_id: `Ev${eventTs.replace('.', '')}`,
      event_time: Math.floor(this.ws.now().getTime() / 1000),
      authorizations: [{ enterprise_id: null, team_id: this.ws.team.id, user_id: this.ws.bot.userId, is_bot: true }],
      is_ext_shared_channel: false,
    };
    return this.deliver(JSON.stringify(payload), 'application/json');
  }

  /** The user pressed a modal's submit button: view_submission; the ack may clear/update/push or return errors. */
  async submitView(args: {
    userId: string;
    viewId: string;
    values?: Record<string, Record<string, Json>>;
  }): Promise<DeliveryResult & { errors?: Record<string, string> }> {
    const stored = this.ws.view(args.viewId);
    if (!stored || stored.userId !== args.userId) throw new Error(`No open view ${args.viewId} for ${args.userId}`);
    const view = structuredClone(stored.view);
    if (args.values) view.state = { values: args.values };
    const payload = {
      type: 'view_submission',
      team: { id: this.ws.team.id, domain: this.ws.team.domain },
      user: this.userPayload(args.userId),
      api_app_id: this.ws.bot.appId,
      token: 'emulator-verification-token',
      trigger_id: this.ws.mintTrigger(args.userId),
      view,
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const rawBody = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const result = await this.deliver(rawBody, 'application/x-www-form-urlencoded');
    if (result.error) return result;
    let ack: Json = {};
    try {
      const parsed: unknown = result.body.trim() ? JSON.parse(result.body) : {};
      if (isObject(parsed)) ack = parsed;
    } catch {
      ack = {};
    }
    switch (ack.response_action) {
      case 'errors':
        return { ...result, errors: (ack.errors as Record<string, string>) ?? {} };
      case 'update':
        if (isObject(ack.view)) this.ws.replaceViewFromAck(args.userId, args.viewId, ack.view);
        break;
      case 'push':
        if (isObject(ack.view)) this.ws.pushViewFromAck(args.userId, ack.view);
        break;
      case 'clear':
        this.ws.closeViews(args.userId);
        break;
      default:
        this.ws.popView(args.userId, args.viewId);
    }
    return result;
  }

  /** The user closed a modal; Slack sends view_closed only when the view asked for notify_on_close. */
  async closeView(args: { userId: string; viewId: string }): Promise<DeliveryResult | undefined> {
    const stored: StoredView | undefined = this.ws.view(args.viewId);
    const closed = this.ws.closeViews(args.userId);
    if (!stored || !closed.some((v) => v.view.notify_on_close === true)) return undefined;
    const payload = {
      type: 'view_closed',
      team: { id: this.ws.team.id, domain: this.ws.team.domain },
      user: this.userPayload(args.userId),
      api_app_id: this.ws.bot.appId,
      token: 'emulator-verification-token',
      view: stored.view,
      is_cleared: closed.length > 1,
      is_enterprise_install: false,
      enterprise: null,
    };
    return this.deliver(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );
  }
}
