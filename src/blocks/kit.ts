/**
 * The few Block Kit helpers that remove real noise. Text limits are enforced here so no builder can exceed
 * them by accident: section text 3000, header 150, context element 2000 (each), plain text for buttons 75.
 */
import type {
  ContextBlock,
  ContextBlockElement,
  DividerBlock,
  HeaderBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from '@slack/types';
import { stripControls, truncate } from './escape.js';

export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  sectionField: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  buttonText: 75,
  optionText: 75,
  optionValue: 75,
  overflowOptions: 5,
  selectOptions: 100,
  url: 3000,
  modalTitle: 24,
  /** Top-level message `text`: chat.update rejects more than 4000. */
  messageText: 4000,
} as const;

/** A mrkdwn text object. The text must already be escaped where it came from outside. */
export function mrkdwn(text: string, max: number = LIMITS.sectionText): MrkdwnElement {
  return { type: 'mrkdwn', text: nonEmpty(truncate(text, max)) };
}

/** A plain_text object (emoji shortcodes on), without bidi or zero-width controls, truncated to `max`. */
export function plain(text: string, max: number = LIMITS.buttonText): PlainTextElement {
  return { type: 'plain_text', text: nonEmpty(truncate(stripControls(text), max)), emoji: true };
}

export function section(text: string, extra: Omit<SectionBlock, 'type' | 'text'> = {}): SectionBlock {
  return { type: 'section', text: mrkdwn(text), ...extra };
}

export function header(text: string, blockId?: string): HeaderBlock {
  return { type: 'header', text: plain(text, LIMITS.headerText), ...(blockId ? { block_id: blockId } : {}) };
}

/** A context block of mrkdwn strings (empty strings dropped; at most 10 elements). */
export function context(texts: readonly string[], blockId?: string): ContextBlock {
  const elements: ContextBlockElement[] = texts
    .filter((t) => t.trim() !== '')
    .slice(0, LIMITS.contextElements)
    .map((t) => mrkdwn(t, LIMITS.contextText));
  return {
    type: 'context',
    elements: elements.length > 0 ? elements : [mrkdwn(' ')],
    ...(blockId ? { block_id: blockId } : {}),
  };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

/** `value` when `cond`, else nothing: for optional blocks and elements in literals. */
export function addIf<T>(cond: boolean, value: () => T): T[] {
  return cond ? [value()] : [];
}

function nonEmpty(text: string): string {
  return text.trim() === '' ? '—' : text;
}
