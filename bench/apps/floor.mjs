/**
 * The benchmark's "floor" app: bare Bolt (defaults, as bare-bolt.mjs) plus the least a command needs: one Inbox
 * call (GET /threads on the no-reply view over a keep-alive socket) and one answer at the response_url. Plain
 * JavaScript run by node, as the compiled app is. Env: as bare-bolt.mjs plus INBOX_API_URL, INBOX_API_TOKEN.
 */
import { Agent, request } from 'node:http';
import bolt from '@slack/bolt';

const { App, HTTPReceiver, LogLevel } = bolt;
const inboxUrl = `${process.env.INBOX_API_URL}/threads?inbox=no-reply&limit=10`;
const headers = { authorization: `Bearer ${process.env.INBOX_API_TOKEN}`, accept: 'application/json' };
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

function listThreads() {
  return new Promise((resolve, reject) => {
    const req = request(inboxUrl, { headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

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
app.command('/inbox', async ({ ack, respond }) => {
  await ack();
  const page = await listThreads();
  await respond({ response_type: 'ephemeral', text: `${page.threads.length} threads awaiting a reply` });
});
await app.start(Number(process.env.PORT));
process.once('SIGTERM', () => process.exit(0));
