/**
 * The `/inbox help` messages, from the help content in commands/help.ts: a short one (what to type first) and one
 * per topic (`/inbox help filters`, `/inbox help buttons`). Placeholders such as `<name>` are escaped, so Slack
 * shows them instead of reading them as control sequences.
 */

import type { HelpTopic } from '../commands/grammar.js';
import { HELP_PAGES, HELP_START, HELP_TEXT, HELP_TITLE, type HelpEntry } from '../commands/help.js';
import { escapeMrkdwn, truncate } from './escape.js';
import { BlockIds } from './ids.js';
import { context, LIMITS, section } from './kit.js';
import type { SlackMessage } from './message.js';

const code = (text: string) => `\`${escapeMrkdwn(text)}\``;

function line(entry: HelpEntry): string {
  const examples = entry.examples.filter((e) => e !== entry.usage);
  const eg = examples.length > 0 ? `  e.g. ${examples.map(code).join(' · ')}` : '';
  const usage =
    entry.usage.startsWith('/') || /[:<]/.test(entry.usage) ? code(entry.usage) : `*${escapeMrkdwn(entry.usage)}*`;
  return `• ${usage} — ${entry.description}${eg}`;
}

export function buildHelp(topic?: HelpTopic): SlackMessage {
  if (topic === undefined) {
    const text = `*${HELP_TITLE}* — start with one of these:\n${HELP_START.map(line).join('\n')}`;
    return {
      text: truncate(escapeMrkdwn(HELP_TEXT), LIMITS.messageText),
      blocks: [
        section(text, { block_id: BlockIds.help }),
        context(['Only you see these answers. Buttons act as you in Inbox.']),
      ],
    };
  }
  const page = HELP_PAGES[topic];
  const text = `*${page.title}*\n${page.intro}\n\n${page.entries.map(line).join('\n')}`;
  return {
    text: truncate(`${page.title}: /inbox help ${topic}`, LIMITS.messageText),
    blocks: [
      section(text, { block_id: BlockIds.help }),
      context([
        `Type \`/inbox help\` for the short version${topic === 'filters' ? ', `/inbox help buttons` for the buttons' : ', `/inbox help filters` for lists and filters'}.`,
      ]),
    ],
  };
}
