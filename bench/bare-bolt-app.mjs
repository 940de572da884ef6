/**
 * The startup baseline: a bare Bolt app, compiled (plain JavaScript, as tsc would emit it), started as its own
 * process with `node`. The same HTTPReceiver settings as the app (signed requests at /slack/events, a /healthz
 * route, 256 KB bodies) and listeners that only ack. Reads PORT, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and
 * SLACK_API_URL; prints one line when it listens.
 */
import bolt from '@slack/bolt';

const { App, HTTPReceiver, LogLevel } = bolt;
const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  endpoints: ['/slack/events'],
  bodyLimit: 256 * 1024,
  customRoutes: [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      },
    },
  ],
});
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  logLevel: LogLevel.INFO,
  clientOptions: process.env.SLACK_API_URL ? { slackApiUrl: process.env.SLACK_API_URL } : {},
});
app.command('/inbox', async ({ ack }) => {
  await ack();
});
app.action(/.*/, async ({ ack }) => {
  await ack();
});
await app.start(Number(process.env.PORT ?? 3000));
process.stdout.write(`bare Bolt app listening on port ${process.env.PORT ?? 3000}\n`);
process.once('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
