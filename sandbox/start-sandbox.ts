/**
 * The local sandbox: the Inbox emulator (seeded demo team), the Slack emulator with its playground page, and
 * the real app wired to both over real HTTP — signed requests into the app's HTTP receiver, its Web API calls
 * to the Slack emulator, its Inbox calls to the Inbox emulator. `npm start` with no credentials runs this.
 */
import { randomBytes } from 'node:crypto';
import { LogLevel } from '@slack/bolt';
import { type Config, DEFAULT_INBOX_APP_URL, DIGEST_DEFAULTS, EVENTS_DEFAULTS, STORE_DEFAULTS } from '../src/config.js';
import { INBOX_WEBHOOK_PATH } from '../src/events/index.js';
import { createLogger, type LogFormat } from '../src/logger.js';
import { startRuntime } from '../src/runtime.js';
import { DEMO_CAMPAIGNS, DEMO_DIGEST_CHANNEL, DEMO_INBOX_TOKEN, DEMO_PEOPLE } from './demo-team.js';
import { type InboxEmulator, startInboxEmulator } from './inbox-emulator/index.js';
import { startOnPreferredPort } from './preferred-port.js';
import { startSlackEmulator } from './slack-emulator/index.js';

export interface SandboxOptions {
  /** Port of the playground page; taken → any free port (unless `portExplicit`). */
  port?: number;
  portExplicit?: boolean;
  /** Where the SQLite state store is kept. */
  stateDir?: string;
  logLevel?: LogLevel;
  /** Human-readable lines by default. */
  logFormat?: LogFormat;
  /** Print the playground line (default true). */
  announce?: boolean;
}

export interface Sandbox {
  playgroundUrl: string;
  stop(): Promise<void>;
}

/** The Config the sandbox runs the app with: real HTTP mode, pointed at the two emulators. */
export function sandboxConfig(
  urls: { slackApiUrl: string; inboxApiUrl: string },
  secrets: SandboxSecrets,
  stateDir: string,
): Config {
  return {
    mode: 'http',
    port: 0,
    slack: {
      botToken: secrets.botToken,
      signingSecret: secrets.signingSecret,
      appToken: null,
      apiUrl: urls.slackApiUrl,
    },
    inbox: { token: DEMO_INBOX_TOKEN, apiUrl: urls.inboxApiUrl, appUrl: DEFAULT_INBOX_APP_URL },
    memberMap: {},
    actionPolicy: 'members',
    readPolicy: 'members',
    adminUsers: [],
    campaigns: DEMO_CAMPAIGNS.map((c) => ({ ...c })),
    digest: { ...DIGEST_DEFAULTS, channel: DEMO_DIGEST_CHANNEL },
    store: { ...STORE_DEFAULTS, stateDir },
    // Live events by signed webhook from the Inbox emulator; a short coalescing window so a demo feels live.
    events: secrets.webhookSecret
      ? { ...EVENTS_DEFAULTS, mode: 'webhook', webhookSecrets: [secrets.webhookSecret], coalesceMs: 3_000 }
      : { ...EVENTS_DEFAULTS, mode: 'off' },
    logLevel: 'info',
    logFormat: 'pretty',
  };
}

export interface SandboxSecrets {
  botToken: string;
  signingSecret: string;
  /** Signs the Inbox emulator's webhooks; without it, live events are off. */
  webhookSecret?: string;
}

export function sandboxSecrets(): SandboxSecrets {
  return {
    botToken: `xoxb-sandbox-${randomBytes(12).toString('hex')}`,
    signingSecret: randomBytes(24).toString('hex'),
    webhookSecret: `ibt_wh_${randomBytes(16).toString('hex')}`,
  };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const secrets = sandboxSecrets();
  // Quiet by default: the sandbox prints one line (the playground URL); warnings and errors still show.
  const logger = createLogger({
    level: options.logLevel ?? LogLevel.WARN,
    format: options.logFormat ?? 'pretty',
    secrets: Object.values(secrets),
  });
  const inbox = await startInboxEmulator({ token: DEMO_INBOX_TOKEN });
  const { server: slack } = await startOnPreferredPort(options.port ?? 3000, options.portExplicit ?? false, (port) =>
    startSlackEmulator({
      port,
      signingSecret: secrets.signingSecret,
      botToken: secrets.botToken,
      simulateProspect: async () => prospectWrites(inbox),
    }),
  );
  const config = sandboxConfig(
    { slackApiUrl: slack.apiUrl, inboxApiUrl: inbox.url },
    secrets,
    options.stateDir ?? '.state/sandbox',
  );
  const runtime = await startRuntime(config, { logger });
  slack.setAppUrl(`http://127.0.0.1:${runtime.port}/slack/events`);
  connectWebhooks(inbox, config, runtime.port);
  // #sales-inbox follows live events from the start, subscribed the way a person would (Alice, /inbox subscribe).
  const alice = DEMO_PEOPLE.find((p) => p.memberId !== null);
  if (alice && config.events.mode !== 'off') {
    await slack.sendCommand({ userId: alice.slackUserId, channelId: DEMO_DIGEST_CHANNEL, text: 'subscribe' });
  }

  const playgroundUrl = slack.playgroundUrl.replace('127.0.0.1', 'localhost');
  if (options.announce ?? true) {
    process.stdout.write(`inbox-slack sandbox ready: open ${playgroundUrl} (Inbox emulator at ${inbox.url})\n`);
  }
  return {
    playgroundUrl,
    async stop() {
      await runtime.stop();
      await Promise.all([slack.close(), inbox.close()]);
    },
  };
}

const SIMULATED_LINES = [
  'Hey! Quick question about pricing for a 10-seat team?',
  'Following up — did you get a chance to look at my last message?',
  'We just closed our round, would love to chat about onboarding 🚀',
  'Can we move our call to Thursday?',
  'Sent you the deck, let me know what you think.',
];
let simulated = 0;

/** The playground's "A prospect writes" button: the next no-reply thread's prospect writes a line. */
function prospectWrites(inbox: { controls: InboxEmulator['controls'] }): string {
  const threads = inbox.controls.store.threads({ inbox: 'no-reply' }).slice(0, 5);
  const thread = threads[simulated % Math.max(1, threads.length)];
  const line = SIMULATED_LINES[simulated % SIMULATED_LINES.length] ?? 'Hello!';
  simulated++;
  if (!thread) return 'No thread to write on';
  inbox.controls.prospectWrites(thread.id, line);
  return `${thread.prospect.displayName} wrote on X: “${line}”`;
}

/** Points the Inbox emulator's signed webhooks at the app's POST /inbox/webhooks (webhook mode only). */
export function connectWebhooks(
  inbox: { controls: { setWebhook(target: { url: string; secrets: string[] } | null): void } },
  config: Config,
  appPort: number | null,
): void {
  if (config.events.mode !== 'webhook' || appPort === null) return;
  inbox.controls.setWebhook({
    url: `http://127.0.0.1:${appPort}${INBOX_WEBHOOK_PATH}`,
    secrets: config.events.webhookSecrets,
  });
}
