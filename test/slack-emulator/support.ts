import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import {
  type SlackEmulator,
  type SlackEmulatorOptions,
  startSlackEmulator,
} from '../../sandbox/slack-emulator/index.js';

export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const TEST_BOT_TOKEN = 'xoxb-test-emulator-token';

export async function startTestEmulator(overrides: Partial<SlackEmulatorOptions> = {}): Promise<SlackEmulator> {
  return startSlackEmulator({ signingSecret: TEST_SIGNING_SECRET, botToken: TEST_BOT_TOKEN, ...overrides });
}

export function webClient(emu: SlackEmulator, token = TEST_BOT_TOKEN): WebClient {
  return new WebClient(token, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 }, logLevel: 'error' as never });
}

export interface TestBoltApp {
  app: App;
  url: string;
  stop(): Promise<void>;
}

/** A real Bolt App (HTTPReceiver on port 0) wired to the emulator: signing secret, token and Web API URL. */
export async function startBoltApp(emu: SlackEmulator, register: (app: App) => void): Promise<TestBoltApp> {
  const app = new App({
    token: TEST_BOT_TOKEN,
    signingSecret: TEST_SIGNING_SECRET,
    clientOptions: { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } },
    logLevel: LogLevel.ERROR,
  });
  register(app);
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/slack/events`;
  emu.setAppUrl(url);
  return {
    app,
    url,
    stop: async () => {
      server.closeAllConnections();
      await app.stop();
    },
  };
}
