/**
 * Block Kit validation with the limits Slack enforces (see reference/research/slack-platform.md §4).
 * Pure: no I/O. The emulator rejects what this module rejects (`invalid_blocks`), and the app's own tests
 * reuse it to assert that builder output would be accepted by Slack.
 *
 * Each problem is reported the way Slack words it in `response_metadata.messages`:
 * `[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]`.
 */

export type BlockSurface = 'message' | 'modal' | 'home';

export const BLOCK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  actionId: 255,
  blockId: 255,
  selectOptions: 100,
  overflowOptions: 5,
  /** Overflow option values: 75 in @slack/types (the stricter of the published figures). */
  overflowOptionValue: 75,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  externalId: 255,
  imageAltText: 2000,
  imageUrl: 3000,
  inputLabel: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** Longer message text is truncated by Slack, not rejected. */
  messageText: 40_000,
  /** chat.update rejects longer text with msg_too_long. */
  updateText: 4000,
} as const;

const BLOCK_TYPES = new Set([
  'section',
  'header',
  'context',
  'divider',
  'actions',
  'image',
  'input',
  'rich_text',
  'markdown',
  'file',
  'video',
  'table',
  'context_actions',
]);

const INTERACTIVE_ELEMENTS = new Set([
  'button',
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
  'overflow',
  'datepicker',
  'timepicker',
  'datetimepicker',
  'checkboxes',
  'radio_buttons',
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_text_input',
  'rich_text_input',
  'workflow_button',
  'file_input',
]);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Problems {
  readonly list: string[] = [];
  add(pointer: string, message: string): void {
    this.list.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  }
  maxLength(pointer: string, value: unknown, max: number): void {
    if (typeof value === 'string' && value.length > max) this.add(pointer, `must be less than ${max + 1} characters`);
  }
  maxItems(pointer: string, value: unknown, max: number): void {
    if (Array.isArray(value) && value.length > max) this.add(pointer, `must contain at most ${max} items`);
  }
}

function checkTextObject(
  p: Problems,
  pointer: string,
  value: unknown,
  max: number,
  opts: { plainOnly?: boolean; required?: boolean } = {},
): void {
  if (value === undefined) {
    if (opts.required) p.add(pointer, 'must provide an object');
    return;
  }
  if (!isObject(value)) {
    p.add(pointer, 'must be a text object');
    return;
  }
  if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
    p.add(`${pointer}/type`, 'must be one of "plain_text", "mrkdwn"');
  } else if (opts.plainOnly && value.type !== 'plain_text') {
    p.add(`${pointer}/type`, 'must be "plain_text"');
  }
  if (typeof value.text !== 'string') {
    p.add(`${pointer}/text`, 'must be a string');
    return;
  }
  if (value.text.length === 0) p.add(`${pointer}/text`, 'must be more than 0 characters');
  p.maxLength(`${pointer}/text`, value.text, max);
}

function checkOption(p: Problems, pointer: string, option: unknown): void {
  if (!isObject(option)) {
    p.add(pointer, 'must be an option object');
    return;
  }
  checkTextObject(p, `${pointer}/text`, option.text, BLOCK_LIMITS.optionText, { required: true });
  if (typeof option.value !== 'string') p.add(`${pointer}/value`, 'must be a string');
  p.maxLength(`${pointer}/value`, option.value, BLOCK_LIMITS.optionValue);
  if (option.description !== undefined) {
    checkTextObject(p, `${pointer}/description`, option.description, BLOCK_LIMITS.optionText);
  }
  p.maxLength(`${pointer}/url`, option.url, BLOCK_LIMITS.url);
}

function checkConfirm(p: Problems, pointer: string, confirm: unknown): void {
  if (confirm === undefined) return;
  if (!isObject(confirm)) {
    p.add(pointer, 'must be a confirm object');
    return;
  }
  checkTextObject(p, `${pointer}/title`, confirm.title, BLOCK_LIMITS.confirmTitle, { plainOnly: true, required: true });
  checkTextObject(p, `${pointer}/text`, confirm.text, BLOCK_LIMITS.confirmText, { required: true });
  checkTextObject(p, `${pointer}/confirm`, confirm.confirm, BLOCK_LIMITS.confirmButton, {
    plainOnly: true,
    required: true,
  });
  checkTextObject(p, `${pointer}/deny`, confirm.deny, BLOCK_LIMITS.confirmButton, { plainOnly: true, required: true });
}

function checkElement(p: Problems, pointer: string, element: unknown, actionIds: Set<string>): void {
  if (!isObject(element)) {
    p.add(pointer, 'must be an element object');
    return;
  }
  const type = element.type;
  if (typeof type !== 'string' || (!INTERACTIVE_ELEMENTS.has(type) && type !== 'image')) {
    p.add(`${pointer}/type`, `unsupported element type ${JSON.stringify(type)}`);
    return;
  }
  if (type === 'image') {
    checkImageFields(p, pointer, element);
    return;
  }
  if (element.action_id !== undefined) {
    if (typeof element.action_id !== 'string' || element.action_id.length === 0) {
      p.add(`${pointer}/action_id`, 'must be a non-empty string');
    } else {
      p.maxLength(`${pointer}/action_id`, element.action_id, BLOCK_LIMITS.actionId);
      if (actionIds.has(element.action_id)) p.add(`${pointer}/action_id`, 'action_id must be unique in the block');
      actionIds.add(element.action_id);
    }
  }
  checkConfirm(p, `${pointer}/confirm`, element.confirm);
  if (element.placeholder !== undefined) {
    checkTextObject(p, `${pointer}/placeholder`, element.placeholder, BLOCK_LIMITS.placeholder, { plainOnly: true });
  }
  switch (type) {
    case 'button':
      checkTextObject(p, `${pointer}/text`, element.text, BLOCK_LIMITS.buttonText, { plainOnly: true, required: true });
      p.maxLength(`${pointer}/value`, element.value, BLOCK_LIMITS.buttonValue);
      p.maxLength(`${pointer}/url`, element.url, BLOCK_LIMITS.url);
      if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
        p.add(`${pointer}/style`, 'must be one of "primary", "danger"');
      }
      break;
    case 'static_select':
    case 'multi_static_select': {
      if (element.min_query_length !== undefined) p.add(`${pointer}/min_query_length`, 'is only for external selects');
      const hasOptions = Array.isArray(element.options);
      const hasGroups = Array.isArray(element.option_groups);
      if (hasOptions === hasGroups) p.add(pointer, 'must provide exactly one of options, option_groups');
      if (hasOptions) {
        p.maxItems(`${pointer}/options`, element.options, BLOCK_LIMITS.selectOptions);
        (element.options as unknown[]).forEach((o, i) => {
          checkOption(p, `${pointer}/options/${i}`, o);
        });
      }
      if (hasGroups) {
        p.maxItems(`${pointer}/option_groups`, element.option_groups, BLOCK_LIMITS.selectOptions);
        (element.option_groups as unknown[]).forEach((g, gi) => {
          const gp = `${pointer}/option_groups/${gi}`;
          if (!isObject(g) || !Array.isArray(g.options)) {
            p.add(gp, 'must be an option group');
            return;
          }
          checkTextObject(p, `${gp}/label`, g.label, BLOCK_LIMITS.optionText, { plainOnly: true, required: true });
          p.maxItems(`${gp}/options`, g.options, BLOCK_LIMITS.selectOptions);
          g.options.forEach((o, i) => {
            checkOption(p, `${gp}/options/${i}`, o);
          });
        });
      }
      if (element.initial_option !== undefined) checkOption(p, `${pointer}/initial_option`, element.initial_option);
      break;
    }
    case 'external_select':
    case 'multi_external_select':
      // Slack loads the options from the app's options load URL: a list in the element is refused.
      if (element.options !== undefined) p.add(`${pointer}/options`, 'is not allowed on an external_select');
      if (element.option_groups !== undefined) {
        p.add(`${pointer}/option_groups`, 'is not allowed on an external_select');
      }
      if (
        element.min_query_length !== undefined &&
        (typeof element.min_query_length !== 'number' ||
          !Number.isInteger(element.min_query_length) ||
          element.min_query_length < 0)
      ) {
        p.add(`${pointer}/min_query_length`, 'must be an integer of 0 or more');
      }
      if (type === 'external_select' && element.initial_option !== undefined) {
        checkOption(p, `${pointer}/initial_option`, element.initial_option);
      }
      if (type === 'multi_external_select' && element.initial_options !== undefined) {
        if (!Array.isArray(element.initial_options)) p.add(`${pointer}/initial_options`, 'must provide an array');
        else {
          element.initial_options.forEach((o, i) => {
            checkOption(p, `${pointer}/initial_options/${i}`, o);
          });
        }
      }
      break;
    case 'overflow':
      if (!Array.isArray(element.options) || element.options.length === 0) {
        p.add(`${pointer}/options`, 'must provide at least 1 option');
        break;
      }
      p.maxItems(`${pointer}/options`, element.options, BLOCK_LIMITS.overflowOptions);
      element.options.forEach((o, i) => {
        checkOption(p, `${pointer}/options/${i}`, o);
        if (isObject(o)) p.maxLength(`${pointer}/options/${i}/value`, o.value, BLOCK_LIMITS.overflowOptionValue);
      });
      // An overflow menu is a list of actions: it has no placeholder, no selection and no option groups.
      for (const key of ['placeholder', 'initial_option', 'option_groups'] as const) {
        if (element[key] !== undefined) p.add(`${pointer}/${key}`, `is not allowed on an overflow`);
      }
      break;
    case 'plain_text_input': {
      // Slack caps a text box at 3000 characters; an initial_value longer than max_length is refused too.
      const max = element.max_length;
      if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 3000)) {
        p.add(`${pointer}/max_length`, 'must be an integer from 1 to 3000');
      }
      const initial = element.initial_value;
      if (initial !== undefined && typeof initial !== 'string') p.add(`${pointer}/initial_value`, 'must be a string');
      const cap = typeof max === 'number' ? Math.min(max, 3000) : 3000;
      if (typeof initial === 'string' && initial.length > cap) {
        p.add(`${pointer}/initial_value`, `must be at most ${cap} characters`);
      }
      break;
    }
    case 'checkboxes':
    case 'radio_buttons':
      if (Array.isArray(element.options)) {
        p.maxItems(`${pointer}/options`, element.options, 10);
        element.options.forEach((o, i) => {
          checkOption(p, `${pointer}/options/${i}`, o);
        });
      } else {
        p.add(`${pointer}/options`, 'must provide an array');
      }
      break;
    default:
      break;
  }
}

function checkImageFields(p: Problems, pointer: string, image: Json): void {
  if (typeof image.alt_text !== 'string' || image.alt_text.length === 0) {
    p.add(`${pointer}/alt_text`, 'must be a non-empty string');
  }
  p.maxLength(`${pointer}/alt_text`, image.alt_text, BLOCK_LIMITS.imageAltText);
  if (typeof image.image_url !== 'string' && !isObject(image.slack_file)) {
    p.add(`${pointer}/image_url`, 'must provide image_url or slack_file');
  }
  p.maxLength(`${pointer}/image_url`, image.image_url, BLOCK_LIMITS.imageUrl);
}

function checkBlock(p: Problems, pointer: string, block: unknown, surface: BlockSurface, blockIds: Set<string>): void {
  if (!isObject(block)) {
    p.add(pointer, 'must be a block object');
    return;
  }
  const type = block.type;
  if (typeof type !== 'string' || !BLOCK_TYPES.has(type)) {
    p.add(`${pointer}/type`, `unsupported block type ${JSON.stringify(type)}`);
    return;
  }
  if (block.block_id !== undefined) {
    if (typeof block.block_id !== 'string' || block.block_id.length === 0) {
      p.add(`${pointer}/block_id`, 'must be a non-empty string');
    } else {
      p.maxLength(`${pointer}/block_id`, block.block_id, BLOCK_LIMITS.blockId);
      if (blockIds.has(block.block_id)) p.add(`${pointer}/block_id`, 'duplicate block_id');
      blockIds.add(block.block_id);
    }
  }
  const actionIds = new Set<string>();
  switch (type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) {
        p.add(pointer, 'must provide text or fields');
      }
      if (block.text !== undefined) checkTextObject(p, `${pointer}/text`, block.text, BLOCK_LIMITS.sectionText);
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields) || block.fields.length === 0) {
          p.add(`${pointer}/fields`, 'must provide a non-empty array');
        } else {
          p.maxItems(`${pointer}/fields`, block.fields, BLOCK_LIMITS.sectionFields);
          block.fields.forEach((f, i) => {
            checkTextObject(p, `${pointer}/fields/${i}`, f, BLOCK_LIMITS.fieldText);
          });
        }
      }
      if (block.accessory !== undefined) checkElement(p, `${pointer}/accessory`, block.accessory, actionIds);
      break;
    }
    case 'header':
      checkTextObject(p, `${pointer}/text`, block.text, BLOCK_LIMITS.headerText, { plainOnly: true, required: true });
      break;
    case 'context':
      if (!Array.isArray(block.elements) || block.elements.length === 0) {
        p.add(`${pointer}/elements`, 'must provide a non-empty array');
        break;
      }
      p.maxItems(`${pointer}/elements`, block.elements, BLOCK_LIMITS.contextElements);
      block.elements.forEach((e, i) => {
        const ep = `${pointer}/elements/${i}`;
        if (isObject(e) && e.type === 'image') checkImageFields(p, ep, e);
        else checkTextObject(p, ep, e, BLOCK_LIMITS.sectionText);
      });
      break;
    case 'actions':
      if (!Array.isArray(block.elements) || block.elements.length === 0) {
        p.add(`${pointer}/elements`, 'must provide a non-empty array');
        break;
      }
      p.maxItems(`${pointer}/elements`, block.elements, BLOCK_LIMITS.actionsElements);
      block.elements.forEach((e, i) => {
        checkElement(p, `${pointer}/elements/${i}`, e, actionIds);
      });
      break;
    case 'image':
      checkImageFields(p, pointer, block);
      if (block.title !== undefined) {
        checkTextObject(p, `${pointer}/title`, block.title, BLOCK_LIMITS.imageAltText, { plainOnly: true });
      }
      break;
    case 'input':
      if (surface === 'message') p.add(`${pointer}/type`, 'input blocks are only allowed in modals and Home tabs');
      checkTextObject(p, `${pointer}/label`, block.label, BLOCK_LIMITS.inputLabel, { plainOnly: true, required: true });
      if (block.hint !== undefined) {
        checkTextObject(p, `${pointer}/hint`, block.hint, BLOCK_LIMITS.inputLabel, { plainOnly: true });
      }
      if (block.element === undefined) p.add(`${pointer}/element`, 'must provide an object');
      else checkElement(p, `${pointer}/element`, block.element, actionIds);
      break;
    default:
      break;
  }
}

/** Validates a `blocks` array for a message (≤50 blocks) or a view (≤100). Returns Slack-style problems; [] = valid. */
export function validateBlocks(blocks: unknown, surface: BlockSurface = 'message'): string[] {
  const p = new Problems();
  if (!Array.isArray(blocks)) {
    p.add('/blocks', 'must provide an array');
    return p.list;
  }
  const max = surface === 'message' ? BLOCK_LIMITS.messageBlocks : BLOCK_LIMITS.viewBlocks;
  p.maxItems('/blocks', blocks, max);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    checkBlock(p, `/blocks/${i}`, block, surface, blockIds);
  });
  return p.list;
}

/** Validates a view object (modal or home) as views.open / views.update / views.push / views.publish do. */
export function validateView(view: unknown): string[] {
  const p = new Problems();
  if (!isObject(view)) {
    p.add('/view', 'must provide an object');
    return p.list;
  }
  if (view.type !== 'modal' && view.type !== 'home') {
    p.add('/view/type', 'must be one of "modal", "home"');
    return p.list;
  }
  if (view.type === 'modal') {
    checkTextObject(p, '/view/title', view.title, BLOCK_LIMITS.viewTitle, { plainOnly: true, required: true });
    if (view.submit !== undefined) {
      checkTextObject(p, '/view/submit', view.submit, BLOCK_LIMITS.viewButton, { plainOnly: true });
    }
    if (view.close !== undefined) {
      checkTextObject(p, '/view/close', view.close, BLOCK_LIMITS.viewButton, { plainOnly: true });
    }
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInput && view.submit === undefined)
      p.add('/view/submit', 'submit is required when the view has input blocks');
  }
  p.maxLength('/view/private_metadata', view.private_metadata, BLOCK_LIMITS.privateMetadata);
  p.maxLength('/view/callback_id', view.callback_id, BLOCK_LIMITS.callbackId);
  p.maxLength('/view/external_id', view.external_id, BLOCK_LIMITS.externalId);
  const blockProblems = validateBlocks(view.blocks, view.type === 'modal' ? 'modal' : 'home');
  return [...p.list, ...blockProblems.map((m) => m.replace('[json-pointer:/blocks', '[json-pointer:/view/blocks'))];
}

export interface MessageCheck {
  /** Slack error code, or undefined when the message is accepted. */
  error?: 'invalid_blocks' | 'no_text' | 'msg_too_long';
  messages: string[];
  /** The text as Slack stores it (truncated past 40,000 characters). */
  text: string;
}

/**
 * Checks a message the way chat.postMessage / chat.update / response_url do:
 * neither text nor blocks → no_text; invalid blocks → invalid_blocks; text past 40,000 → truncated
 * (or, with `update: true`, past 4,000 → msg_too_long).
 */
export function checkMessage(
  args: { text?: unknown; blocks?: unknown },
  opts: { update?: boolean } = {},
): MessageCheck {
  const text = typeof args.text === 'string' ? args.text : '';
  const hasBlocks = Array.isArray(args.blocks) && args.blocks.length > 0;
  if (args.blocks !== undefined) {
    const problems = validateBlocks(args.blocks, 'message');
    if (problems.length > 0) return { error: 'invalid_blocks', messages: problems, text };
  }
  if (text.length === 0 && !hasBlocks) return { error: 'no_text', messages: [], text };
  if (opts.update && text.length > BLOCK_LIMITS.updateText) {
    return { error: 'msg_too_long', messages: ['The `text` field cannot exceed 4,000 characters'], text };
  }
  return { messages: [], text: text.slice(0, BLOCK_LIMITS.messageText) };
}
