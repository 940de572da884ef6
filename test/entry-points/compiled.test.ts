/**
 * Production runs compiled JavaScript: `npm start` is `node --enable-source-maps dist/bundle/main.js` (tsc's output,
 * bundled with the app's pure-ESM dependencies; the sandbox stays in dist/sandbox/). Built here when
 * dist/ is older than its sources (the same step `npm start` runs first), then started as a user starts it:
 * - with no credentials it loads the compiled sandbox and serves the playground's page, script and styles;
 * - with credentials it answers /healthz and logs one JSON object a line;
 * - stack traces point at the TypeScript; the build holds no tests, fixtures or test limits.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_INBOX_TOKEN } from '../../sandbox/demo-team.js';
import { startSlackEmulator } from '../../sandbox/slack-emulator/index.js';
import { TEST_SECRETS } from '../support/app-stack.js';
import { killChildren, ROOT, startNode } from '../support/child-process.js';
import { startCheckedInboxEmulator } from '../support/inbox-emulator.js';
import { findSecrets } from '../support/secret-guard.js';

const run = promisify(execFile);
const START = ['--enable-source-maps', 'dist/bundle/main.js'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [relative(ROOT, join(dir, e.name))],
  );
}

beforeAll(async () => {
  await run(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT });
}, 120_000);
afterEach(() => killChildren());

describe('the build', () => {
  it('holds the app and the sandbox with source maps and the playground’s static files, and no tests', () => {
    const built = files(join(ROOT, 'dist'));
    expect(built).toEqual(
      expect.arrayContaining([
        'dist/bundle/main.js',
        'dist/bundle/main.js.map',
        'dist/bundle/digest.js',
        'dist/src/main.js',
        'dist/src/main.js.map',
        'dist/sandbox/start-sandbox.js',
        'dist/sandbox/inbox-emulator/main.js',
        'dist/sandbox/slack-emulator/playground/index.html',
        'dist/sandbox/slack-emulator/playground/playground.js',
        'dist/sandbox/slack-emulator/playground/playground.css',
      ]),
    );
    expect(built.filter((f) => /\.test\.|block-fixtures|block-limits|^dist\/test\//.test(f))).toEqual([]);
    expect(existsSync(join(ROOT, 'dist/test'))).toBe(false);
  });

  it('keeps the sandbox and the digest poster out of the app’s bundle, and the bundles’ own code tests-free', () => {
    const main = readFileSync(join(ROOT, 'dist/bundle/main.js'), 'utf8');
    expect(main).toContain('import("../sandbox/start-sandbox.js")');
    expect(main).not.toMatch(/startInboxEmulator|startSlackEmulator|block-fixtures/);
  });

  it('maps stack traces back to the TypeScript source', async () => {
    const script =
      "import('./dist/src/config.js').then((m) => { try { m.loadConfig({ PORT: 'x' }) } catch (e) { console.log(e.stack) } })";
    const { stdout } = await run(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
      cwd: ROOT,
    });
    expect(stdout).toMatch(/\/src\/config\.ts:\d+:\d+/);
    for (const bundle of ['main', 'digest']) {
      const map = JSON.parse(readFileSync(join(ROOT, `dist/bundle/${bundle}.js.map`), 'utf8')) as { sources: string[] };
      expect(map.sources).toContain('../../src/config.ts');
    }
  });
});

describe('compiled npm start', () => {
  it('runs the sandbox with no credentials: the playground page, script and styles are served', async () => {
    const app = startNode(START, { PORT: '0' });
    const [, url] = await app.waitFor(/sandbox ready: open (http:\/\/localhost:\d+)\//);
    for (const path of ['/', '/__playground/playground.js', '/__playground/playground.css']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(200);
      expect((await res.text()).length, path).toBeGreaterThan(100);
    }
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });

  it('answers /healthz with credentials and logs one JSON object a line, without secrets', async () => {
    const inbox = await startCheckedInboxEmulator({ token: DEMO_INBOX_TOKEN });
    const slack = await startSlackEmulator({
      signingSecret: TEST_SECRETS.signingSecret,
      botToken: TEST_SECRETS.botToken,
    });
    try {
      const app = startNode(START, {
        PORT: '0',
        SLACK_BOT_TOKEN: TEST_SECRETS.botToken,
        SLACK_SIGNING_SECRET: TEST_SECRETS.signingSecret,
        SLACK_API_URL: slack.apiUrl,
        INBOX_API_TOKEN: DEMO_INBOX_TOKEN,
        INBOX_API_URL: inbox.url,
      });
      const [, port] = await app.waitFor(/listening on port (\d+)/);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
      const lines = (app.stdout() + app.stderr()).trim().split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(2);
      for (const line of lines) {
        expect(JSON.parse(line)).toMatchObject({
          level: expect.any(String),
          time: expect.any(String),
          msg: expect.any(String),
        });
      }
      expect(findSecrets(lines.join('\n'))).toEqual([]);
    } finally {
      await Promise.all([inbox.close(), slack.close()]);
    }
  });
});

describe('compiled npm run digest', () => {
  it('runs from its bundle and lists every missing setting in one message', async () => {
    const digest = startNode(['--enable-source-maps', 'dist/bundle/digest.js'], {});
    expect(await digest.exited).toBe(2);
    expect(digest.stderr()).toMatch(/^Invalid configuration:\n {2}- SLACK_BOT_TOKEN is missing/);
    expect(digest.stderr()).toMatch(/INBOX_API_TOKEN is missing[\s\S]*DIGEST_CHANNEL is missing/);
  });
});
