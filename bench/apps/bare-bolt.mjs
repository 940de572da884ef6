/**
 * The benchmark's "bare Bolt" app: Bolt's HTTP receiver with its defaults and listeners that only ack. Plain
 * JavaScript run by node, as the compiled app is (no build step, no tsx). Env: PORT, SLACK_SIGNING_SECRET,
 * SLACK_BOT_TOKEN, SLACK_API_URL.
 */
import bolt from '@slack/bolt';

const { App, HTTPReceiver, LogLevel } = bolt;
const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  endpoints: ['/slack/events'],
  customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => res.end('{"ok":true}') }],
});
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
app.command('/inbox', async ({ ack }) => {
  await ack();
});
app.action(/.*/, async ({ ack }) => {
  await ack();
});
await app.start(Number(process.env.PORT));
process.once('SIGTERM', () => process.exit(0));
