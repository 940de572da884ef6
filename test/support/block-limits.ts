/**
 * Test helper: every Block Kit limit the builders promise to respect, checked by walking the blocks.
 * Returns the violations as words (empty when within limits).
 */
import type { KnownBlock, ModalView } from '@slack/types';
import { LIMITS } from '../../src/blocks/kit.js';

type Json = Record<string, unknown>;

function textOf(obj: unknown): string | undefined {
  return typeof obj === 'object' && obj !== null && typeof (obj as Json).text === 'string'
    ? ((obj as Json).text as string)
    : undefined;
}

export function blockLimitViolations(
  blocks: readonly KnownBlock[],
  surface: 'message' | 'modal' = 'message',
): string[] {
  const problems: string[] = [];
  const max = surface === 'message' ? LIMITS.messageBlocks : LIMITS.modalBlocks;
  if (blocks.length > max) problems.push(`${blocks.length} blocks > ${max}`);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const b = block as unknown as Json;
    const where = `block ${i} (${b.type}${b.block_id ? ` ${b.block_id}` : ''})`;
    if (typeof b.block_id === 'string') {
      if (blockIds.has(b.block_id)) problems.push(`${where}: duplicate block_id`);
      blockIds.add(b.block_id);
      if (b.block_id.length > 255) problems.push(`${where}: block_id > 255`);
    }
    if (b.type === 'section') {
      const text = textOf(b.text);
      if (text !== undefined && (text.length === 0 || text.length > LIMITS.sectionText)) {
        problems.push(`${where}: section text ${text.length}`);
      }
      const fields = (b.fields as unknown[] | undefined) ?? [];
      if (fields.length > 10) problems.push(`${where}: ${fields.length} fields`);
      for (const f of fields)
        if ((textOf(f) ?? '').length > LIMITS.sectionField) problems.push(`${where}: field too long`);
      if (b.accessory) problems.push(...elementViolations(b.accessory as Json, where));
    }
    if (b.type === 'header' && (textOf(b.text) ?? '').length > LIMITS.headerText)
      problems.push(`${where}: header > 150`);
    if (b.type === 'context') {
      const elements = b.elements as unknown[];
      if (elements.length === 0 || elements.length > LIMITS.contextElements) {
        problems.push(`${where}: ${elements.length} context elements`);
      }
      for (const e of elements) {
        const t = textOf(e) ?? '';
        if (t.length === 0 || t.length > LIMITS.contextText) problems.push(`${where}: context text ${t.length}`);
      }
    }
    if (b.type === 'actions') {
      const elements = b.elements as Json[];
      if (elements.length === 0 || elements.length > 25) problems.push(`${where}: ${elements.length} action elements`);
      const actionIds = new Set<string>();
      for (const e of elements) {
        if (typeof e.action_id === 'string') {
          if (actionIds.has(e.action_id)) problems.push(`${where}: duplicate action_id ${e.action_id}`);
          actionIds.add(e.action_id);
        }
        problems.push(...elementViolations(e, where));
      }
    }
  });
  return problems;
}

function elementViolations(e: Json, where: string): string[] {
  const problems: string[] = [];
  if (e.type === 'button') {
    if ((textOf(e.text) ?? '').length > LIMITS.buttonText) problems.push(`${where}: button text > 75`);
    if (typeof e.value === 'string' && e.value.length > 2000) problems.push(`${where}: button value > 2000`);
    if (typeof e.url === 'string' && e.url.length > LIMITS.url) problems.push(`${where}: url > 3000`);
  }
  const options = (e.options as Json[] | undefined) ?? [];
  if (e.type === 'static_select' && (options.length === 0 || options.length > LIMITS.selectOptions)) {
    problems.push(`${where}: ${options.length} select options`);
  }
  if (e.type === 'overflow' && (options.length === 0 || options.length > LIMITS.overflowOptions)) {
    problems.push(`${where}: ${options.length} overflow options`);
  }
  for (const o of options) {
    if ((textOf(o.text) ?? '').length > LIMITS.optionText) problems.push(`${where}: option text > 75`);
    if (typeof o.value === 'string' && o.value.length > LIMITS.optionValue)
      problems.push(`${where}: option value > 75`);
  }
  const initial = e.initial_option as Json | undefined;
  // An external_select's options come from the app's options load, so its initial option stands alone.
  if (initial && e.type !== 'external_select' && !options.some((o) => o.value === initial.value))
    problems.push(`${where}: initial_option not in options`);
  return problems;
}

export function viewLimitViolations(view: ModalView): string[] {
  const problems = blockLimitViolations(view.blocks as KnownBlock[], 'modal');
  if (view.title.text.length > LIMITS.modalTitle) problems.push('title > 24');
  if ((view.private_metadata ?? '').length > 3000) problems.push('private_metadata > 3000');
  if (JSON.stringify(view).length > 250_000) problems.push('view > 250 kB');
  return problems;
}
