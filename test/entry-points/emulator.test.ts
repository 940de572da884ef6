/**
 * `npm run emulator` as a process: on a port that is taken it moves to a free port and prints it; a bad port
 * setting is one line, never a stack trace.
 */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_INBOX_TOKEN } from '../../sandbox/demo-team.js';
import { killChildren, startNode } from '../support/child-process.js';

const EMULATOR = ['--import', 'tsx', 'sandbox/inbox-emulator/main.ts'];

function occupyPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

afterEach(() => killChildren());

describe('npm run emulator', () => {
  it('moves to a free port when its port is taken, says so, and serves the API there', async () => {
    const { server, port } = await occupyPort();
    try {
      const run = startNode(EMULATOR, { INBOX_EMULATOR_PORT: String(port) });
      const [line, url, newPort] = await run.waitFor(
        /^Port (?:\d+) is taken, so it moved to a free port\. Inbox API emulator at (http:\/\/127\.0\.0\.1:(\d+)\/api\/v1) .*$/m,
      );
      expect(line).toContain(`Port ${port} is taken`);
      expect(Number(newPort)).not.toBe(port);
      const res = await fetch(`${url}/team`, { headers: { authorization: `Bearer ${DEMO_INBOX_TOKEN}` } });
      expect(res.status).toBe(200);
      expect(run.stderr()).toBe('');
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      server.close();
    }
  });

  it('refuses a port setting that is not a number in one line, with no stack trace', async () => {
    const run = startNode(EMULATOR, { INBOX_EMULATOR_PORT: 'forty-ten' });
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toBe('INBOX_EMULATOR_PORT must be a port number (0 to 65535); unset it for 4010.\n');
    expect(run.stdout()).toBe('');
  });
});
