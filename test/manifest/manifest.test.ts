/**
 * manifest.yml against the code: the commands and actions the app registers, interactivity, and exactly the
 * bot scopes that the Web API methods the code calls need.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ActionIds } from '../../src/blocks/ids.js';
import type { AppDeps } from '../../src/deps.js';
import { registerListeners } from '../../src/listeners/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8')) as {
  features: {
    slash_commands: Array<{ command: string; usage_hint?: string }>;
    app_home?: { home_tab_enabled?: boolean };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    interactivity: { is_enabled: boolean; request_url: string; message_menu_options_url?: string };
    event_subscriptions?: { request_url?: string; bot_events?: string[] };
  };
};

/** What registerListeners registers, recorded by a stand-in for Bolt's App. */
function registrations() {
  const commands: string[] = [];
  const actions: string[] = [];
  const options: string[] = [];
  const events: string[] = [];
  const fake = {
    command: (name: string) => commands.push(name),
    action: (id: string) => actions.push(id),
    options: (id: string) => options.push(id),
    view: () => undefined,
    event: (name: string) => events.push(name),
  };
  registerListeners(fake as unknown as App, {} as AppDeps);
  return { commands, actions, options, events };
}

/** Scopes each Web API method needs (bot token). */
const SCOPES: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.getPermalink': [],
  'users.lookupByEmail': ['users:read.email'],
  'conversations.info': ['channels:read', 'groups:read'],
  'conversations.join': ['channels:join'],
  'users.info': ['users:read', 'users:read.email'],
  'conversations.history': ['channels:history', 'groups:history'],
  'views.open': [],
  'views.update': [],
  'views.publish': [],
  'views.push': [],
  'auth.test': [],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'sandbox' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every `x.chat.postMessage(`-style Web API call in the app's source (the emulators excluded). */
function webApiMethods(): string[] {
  const found = new Set<string>();
  for (const file of sourceFiles(join(root, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\.(chat|users|conversations|views|auth)\.(\w+)\(/g)) {
      found.add(`${m[1]}.${m[2]}`);
    }
  }
  return [...found].sort();
}

describe('manifest.yml', () => {
  it('declares exactly the slash commands the app registers', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(registrations().commands);
  });

  it('enables interactivity, since the app registers every action its blocks use', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(registrations().actions.sort()).toEqual(Object.values(ActionIds).sort());
  });

  it('declares the options load URL, at the same endpoint, since the app loads the Assign menu on demand', () => {
    expect(registrations().options).toEqual([ActionIds.assignSelect]);
    expect(manifest.settings.interactivity.message_menu_options_url).toBe(manifest.settings.interactivity.request_url);
  });

  it('subscribes to exactly the Events API events the app listens to, at the same URL, with the Home tab on', () => {
    const events = registrations().events;
    expect(events).toContain('app_home_opened');
    expect([...(manifest.settings.event_subscriptions?.bot_events ?? [])].sort()).toEqual([...events].sort());
    expect(manifest.settings.event_subscriptions?.request_url).toBe('https://YOUR-HOST/slack/events');
    expect(manifest.features.app_home?.home_tab_enabled).toBe(true);
  });

  it('requests exactly the bot scopes the Web API calls need, plus commands', () => {
    const methods = webApiMethods();
    expect(methods.length).toBeGreaterThan(3);
    const unknown = methods.filter((m) => !(m in SCOPES));
    expect(unknown, 'a Web API method with no scope mapping in this test').toEqual([]);
    const needed = new Set(['commands', ...methods.flatMap((m) => SCOPES[m] ?? [])]);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });
});
