/**
 * A tiny scripted node:http server for client tests that need behaviour the emulator does not offer
 * (a repeated cursor, a dripping body, echoed secrets). Records every request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: RecordedRequest, res: ServerResponse, index: number) => void;

export async function startLocalServer(handler: Handler) {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(recorded);
      handler(recorded, res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export const threadFixture = (id: string, username = 'jordanrivera') => ({
  id,
  platform: 'twitter',
  platformId: '1566123362161725440:1876543210987654321',
  done: false,
  assigneeId: null,
  lastMessageTimestamp: '2025-01-15T15:30:00.000Z',
  computedSortTimestamp: '2025-01-15T15:30:00.000Z',
  createdAt: '2025-01-10T10:00:00.000Z',
  status: 'active',
  variant: 'unencrypted',
  accountLinkId: 'df6jbw4h36qm5d9iu2sgn7kx',
  isSyncing: false,
  isRequest: false,
  typingIndicatorsEnabled: null,
  lastMessage: null,
  prospect: {
    platform: 'twitter',
    platformId: '1876543210987654321',
    externalId: 'hzcai5t59nn9vsck3rbuepyg',
    displayName: 'Jordan Rivera',
    username,
    context: { tags: [], statusId: null, valuation: null, notes: null },
  },
});
