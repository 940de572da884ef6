export { closestMatch, editDistance, rankByCloseness } from './closeness.js';
export {
  type AssigneeRef,
  type Command,
  emptyListQuery,
  ID_PATTERN,
  LIST_VIEWS,
  type ListQuery,
  type ListView,
  MAX_LIMIT,
  type ParseError,
  type ParseErrorCode,
  type ParseResult,
  SLACK_USER_ID_PATTERN,
  type WhoTarget,
  X_USERNAME_PATTERN,
} from './grammar.js';
export { HELP_EXAMPLES, HELP_PAGES, HELP_START, HELP_TEXT, HELP_TITLE, type HelpEntry, type HelpPage } from './help.js';
export { COMMAND_WORDS, FILTER_KEYS, FILTER_WORDS, isListView, parseCommand, parseXHandle } from './parse-command.js';
export { describeNoResults, describeQuery, formatQuery, formatValue } from './query-text.js';
