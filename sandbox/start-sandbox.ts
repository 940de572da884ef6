/**
 * The local sandbox: the Inbox emulator (seeded demo team), the Slack emulator with its playground page, and
 * the real app wired to both over real HTTP — signed requests into the app's HTTP receiver, its Web API calls
 * to the Slack emulator, its Inbox calls to the Inbox emulator. `npm start` with no credentials runs this.
 */
import { randomBytes } from 'node:crypto';
import { LogLevel } from '@slack/bolt';
import { type Config, DIGEST_DEFAULTS, STORE_DEFAULTS } from '../src/config.js';
import { createLogger, type LogFormat } from '../src/logger.js';
import { startRuntime } from '../src/runtime.js';
import { DEMO_CAMPAIGNS, DEMO_DIGEST_CHANNEL, DEMO_INBOX_TOKEN } from './demo-team.js';
import { startInboxEmulator } from './inbox-emulator/index.js';
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
    inbox: { token: DEMO_INBOX_TOKEN, apiUrl: urls.inboxApiUrl, appUrl: 'https://inboxapp.com/' },
    memberMap: {},
    actionPolicy: 'members',
    readPolicy: 'members',
    adminUsers: [],
    campaigns: DEMO_CAMPAIGNS.map((c) => ({ ...c })),
    digest: { ...DIGEST_DEFAULTS, channel: DEMO_DIGEST_CHANNEL },
    store: { ...STORE_DEFAULTS, stateDir },
    logLevel: 'info',
    logFormat: 'pretty',
  };
}

export interface SandboxSecrets {
  botToken: string;
  signingSecret: string;
}

export function sandboxSecrets(): SandboxSecrets {
  return {
    botToken: `xoxb-sandbox-${randomBytes(12).toString('hex')}`,
    signingSecret: randomBytes(24).toString('hex'),
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
    startSlackEmulator({ port, signingSecret: secrets.signingSecret, botToken: secrets.botToken }),
  );
  const config = sandboxConfig(
    { slackApiUrl: slack.apiUrl, inboxApiUrl: inbox.url },
    secrets,
    options.stateDir ?? '.state/sandbox',
  );
  const runtime = await startRuntime(config, { logger });
  slack.setAppUrl(`http://127.0.0.1:${runtime.port}/slack/events`);

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
