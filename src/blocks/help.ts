/** The `/inbox help` message, from the help content in commands/help.ts. */
import { HELP_INTRO, HELP_SECTIONS, HELP_TEXT, HELP_TITLE } from '../commands/help.js';
import { truncate } from './escape.js';
import { BlockIds } from './ids.js';
import { context, header, LIMITS, section } from './kit.js';
import type { SlackMessage } from './message.js';

export function buildHelp(): SlackMessage {
  return {
    text: truncate(HELP_TEXT, LIMITS.messageText),
    blocks: [
      header(HELP_TITLE, BlockIds.help),
      section(HELP_INTRO),
      ...HELP_SECTIONS.flatMap((helpSection) => [
        section(`*${helpSection.title}*`),
        ...helpSection.entries.map((entry) =>
          section(`\`${entry.usage}\`\n${entry.description}\n${entry.examples.map((e) => `\`${e}\``).join('  ·  ')}`),
        ),
      ]),
      context(['Names are case-insensitive. Buttons act as you in Inbox; only you see these results.']),
    ],
  };
}
