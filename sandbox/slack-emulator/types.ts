export type Json = Record<string, unknown>;

export interface EmulatorUser {
  id: string;
  /** Slack handle (`user_name` in payloads, `name` in users.info). */
  name: string;
  realName: string;
  email: string;
  tz: string;
  title?: string;
  isBot?: boolean;
}

export interface EmulatorChannel {
  id: string;
  name: string;
  /** Whether the bot is in the channel (else chat.postMessage → not_in_channel). */
  isMember: boolean;
  isPrivate?: boolean;
  /** A direct message between the bot and `user`. */
  isIm?: boolean;
  user?: string;
}

export interface StoredMessage {
  type: 'message';
  channel: string;
  ts: string;
  /** Author: the bot's user ID for app messages, USLACKBOT for Slack's own notices. */
  user: string;
  bot_id?: string;
  app_id?: string;
  text: string;
  blocks: Json[];
  metadata?: { event_type: string; event_payload: Json };
  thread_ts?: string;
  /** Set on ephemeral messages: the only user who sees it. */
  ephemeralTo?: string;
  edited?: { user: string; ts: string };
  /** How it got there. */
  source: 'chat.postMessage' | 'chat.postEphemeral' | 'response_url' | 'ack' | 'slackbot';
  /** What a Slack user would see next to it after an unacknowledged click (⚠️ operation_timeout). */
  warning?: string;
  /** 0 when posted, +1 on each edit. */
  revision: number;
}

export interface StoredView {
  id: string;
  userId: string;
  type: 'modal' | 'home';
  /** Position in the user's modal stack (0 = root); -1 for home. */
  stackIndex: number;
  /** The view as views.* return it (id, hash, blocks, state, title, …). */
  view: Json;
}

export type RecordedCall =
  | { kind: 'api'; method: string; args: Json; response: Json; at: Date }
  | {
      kind: 'response_url';
      method: 'response_url';
      url: string;
      args: Json;
      response: { status: number; body: Json };
      at: Date;
    };

export interface DeliveryResult {
  /** The app's HTTP status (0 when it did not answer in time or could not be reached). */
  status: number;
  body: string;
  /** What Slack would show the user when the delivery failed: operation_timeout, dispatch_failed. */
  error?: string;
}
