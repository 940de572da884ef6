import { describe, expect, it } from 'vitest';
import { checkMessage, validateBlocks, validateView } from './block-validation.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string) => ({ type: 'section', text: mrkdwn(text) });
const button = (extra: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: 'b',
  text: plain('Go'),
  ...extra,
});
const option = (text: string, value: string) => ({ text: plain(text), value });
const actions = (elements: unknown[]) => [{ type: 'actions', elements }];
const modal = (extra: Record<string, unknown> = {}) => ({ type: 'modal', title: plain('Title'), blocks: [], ...extra });

function problem(pointer: string, message: string): string {
  return `[ERROR] ${message} [json-pointer:${pointer}]`;
}

describe('Block Kit validation as Slack enforces it', () => {
  it('accepts a typical thread card', () => {
    const blocks = [
      { type: 'header', text: plain('3 new replies') },
      {
        type: 'section',
        block_id: 's1',
        text: mrkdwn('*Jane*'),
        fields: [mrkdwn('a'), mrkdwn('b')],
        accessory: button(),
      },
      { type: 'context', elements: [mrkdwn('ctx'), { type: 'image', image_url: 'https://x/y.png', alt_text: 'y' }] },
      { type: 'divider' },
      {
        type: 'actions',
        elements: [
          button({ style: 'primary' }),
          { type: 'static_select', action_id: 's', options: [option('Open', 'open')] },
          { type: 'overflow', action_id: 'o', options: [option('A', 'a')] },
        ],
      },
      { type: 'image', image_url: 'https://x/y.png', alt_text: 'chart' },
    ];
    expect(validateBlocks(blocks)).toEqual([]);
  });

  it('allows 50 blocks in a message and 100 in a view, no more', () => {
    const blocks = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
    expect(validateBlocks(blocks(50))).toEqual([]);
    expect(validateBlocks(blocks(51))).toEqual([problem('/blocks', 'must contain at most 50 items')]);
    expect(validateBlocks(blocks(100), 'modal')).toEqual([]);
    expect(validateBlocks(blocks(101), 'modal')).toEqual([problem('/blocks', 'must contain at most 100 items')]);
  });

  it('limits section text to 1–3000 characters', () => {
    expect(validateBlocks([section('a'.repeat(3000))])).toEqual([]);
    expect(validateBlocks([section('a'.repeat(3001))])).toEqual([
      problem('/blocks/0/text/text', 'must be less than 3001 characters'),
    ]);
    expect(validateBlocks([section('')])).toEqual([problem('/blocks/0/text/text', 'must be more than 0 characters')]);
  });

  it('limits header text to 150 plain_text characters', () => {
    expect(validateBlocks([{ type: 'header', text: plain('h'.repeat(150)) }])).toEqual([]);
    expect(validateBlocks([{ type: 'header', text: plain('h'.repeat(151)) }])).toEqual([
      problem('/blocks/0/text/text', 'must be less than 151 characters'),
    ]);
    expect(validateBlocks([{ type: 'header', text: mrkdwn('h') }])).toEqual([
      problem('/blocks/0/text/type', 'must be "plain_text"'),
    ]);
  });

  it('limits section fields to 10, each up to 2000 characters', () => {
    const fields = (n: number, len = 1) => Array.from({ length: n }, () => mrkdwn('f'.repeat(len)));
    expect(validateBlocks([{ type: 'section', fields: fields(10, 2000) }])).toEqual([]);
    expect(validateBlocks([{ type: 'section', fields: fields(11) }])).toEqual([
      problem('/blocks/0/fields', 'must contain at most 10 items'),
    ]);
    expect(validateBlocks([{ type: 'section', fields: fields(1, 2001) }])).toEqual([
      problem('/blocks/0/fields/0/text', 'must be less than 2001 characters'),
    ]);
  });

  it('limits context to 10 elements and actions to 25', () => {
    const ctx = (n: number) => [{ type: 'context', elements: Array.from({ length: n }, () => mrkdwn('c')) }];
    expect(validateBlocks(ctx(10))).toEqual([]);
    expect(validateBlocks(ctx(11))).toEqual([problem('/blocks/0/elements', 'must contain at most 10 items')]);
    const buttons = (n: number) => Array.from({ length: n }, (_, i) => button({ action_id: `b${i}` }));
    expect(validateBlocks(actions(buttons(25)))).toEqual([]);
    expect(validateBlocks(actions(buttons(26)))).toEqual([
      problem('/blocks/0/elements', 'must contain at most 25 items'),
    ]);
  });

  it('limits button text to 75, value to 2000 and url to 3000 characters', () => {
    expect(validateBlocks(actions([button({ text: plain('t'.repeat(75)), value: 'v'.repeat(2000) })]))).toEqual([]);
    expect(validateBlocks(actions([button({ text: plain('t'.repeat(76)) })]))).toEqual([
      problem('/blocks/0/elements/0/text/text', 'must be less than 76 characters'),
    ]);
    expect(validateBlocks(actions([button({ value: 'v'.repeat(2001) })]))).toEqual([
      problem('/blocks/0/elements/0/value', 'must be less than 2001 characters'),
    ]);
    expect(validateBlocks(actions([button({ url: `https://x/${'u'.repeat(3000)}` })]))).toEqual([
      problem('/blocks/0/elements/0/url', 'must be less than 3001 characters'),
    ]);
  });

  it('limits action_id and block_id to 255 characters and rejects duplicate block_ids', () => {
    expect(validateBlocks(actions([button({ action_id: 'a'.repeat(256) })]))).toEqual([
      problem('/blocks/0/elements/0/action_id', 'must be less than 256 characters'),
    ]);
    expect(validateBlocks([{ type: 'divider', block_id: 'b'.repeat(256) }])).toEqual([
      problem('/blocks/0/block_id', 'must be less than 256 characters'),
    ]);
    expect(
      validateBlocks([
        { type: 'divider', block_id: 'x' },
        { type: 'divider', block_id: 'x' },
      ]),
    ).toEqual([problem('/blocks/1/block_id', 'duplicate block_id')]);
  });

  it('limits select options to 100, overflow options to 5, option text to 75 and value to 150', () => {
    const opts = (n: number) => Array.from({ length: n }, (_, i) => option(`o${i}`, `v${i}`));
    const select = (options: unknown[]) => actions([{ type: 'static_select', action_id: 's', options }]);
    expect(validateBlocks(select(opts(100)))).toEqual([]);
    expect(validateBlocks(select(opts(101)))).toEqual([
      problem('/blocks/0/elements/0/options', 'must contain at most 100 items'),
    ]);
    const overflow = (options: unknown[]) => actions([{ type: 'overflow', action_id: 'o', options }]);
    expect(validateBlocks(overflow(opts(5)))).toEqual([]);
    expect(validateBlocks(overflow(opts(6)))).toEqual([
      problem('/blocks/0/elements/0/options', 'must contain at most 5 items'),
    ]);
    expect(validateBlocks(select([option('t'.repeat(76), 'v')]))).toEqual([
      problem('/blocks/0/elements/0/options/0/text/text', 'must be less than 76 characters'),
    ]);
    expect(validateBlocks(select([option('t', 'v'.repeat(150))]))).toEqual([]);
    expect(validateBlocks(select([option('t', 'v'.repeat(151))]))).toEqual([
      problem('/blocks/0/elements/0/options/0/value', 'must be less than 151 characters'),
    ]);
  });

  it('rejects unknown block types and input blocks in messages', () => {
    expect(validateBlocks([{ type: 'carousel' }])).toEqual([
      problem('/blocks/0/type', 'unsupported block type "carousel"'),
    ]);
    const input = { type: 'input', label: plain('Note'), element: { type: 'plain_text_input', action_id: 'n' } };
    expect(validateBlocks([input])).toEqual([
      problem('/blocks/0/type', 'input blocks are only allowed in modals and Home tabs'),
    ]);
    expect(validateBlocks([input], 'modal')).toEqual([]);
  });

  it('limits modal title, submit and close to 24 characters and private_metadata to 3000', () => {
    expect(validateView(modal({ title: plain('t'.repeat(24)), private_metadata: 'm'.repeat(3000) }))).toEqual([]);
    expect(validateView(modal({ title: plain('t'.repeat(25)) }))).toEqual([
      problem('/view/title/text', 'must be less than 25 characters'),
    ]);
    expect(validateView(modal({ submit: plain('s'.repeat(25)), close: plain('c'.repeat(25)) }))).toEqual([
      problem('/view/submit/text', 'must be less than 25 characters'),
      problem('/view/close/text', 'must be less than 25 characters'),
    ]);
    expect(validateView(modal({ private_metadata: 'm'.repeat(3001) }))).toEqual([
      problem('/view/private_metadata', 'must be less than 3001 characters'),
    ]);
    expect(validateView(modal({ blocks: [section('a'.repeat(3001))] }))).toEqual([
      problem('/view/blocks/0/text/text', 'must be less than 3001 characters'),
    ]);
  });

  it('checks a message like chat.postMessage: no_text, truncation at 40,000, msg_too_long on update past 4,000', () => {
    expect(checkMessage({})).toMatchObject({ error: 'no_text' });
    expect(checkMessage({ blocks: [section('x')] })).toEqual({ messages: [], text: '' });
    expect(checkMessage({ text: 'x'.repeat(40_001) }).text).toHaveLength(40_000);
    expect(checkMessage({ text: 'x'.repeat(4001) }, { update: true })).toMatchObject({ error: 'msg_too_long' });
    expect(checkMessage({ text: 'x', blocks: [section('')] })).toMatchObject({ error: 'invalid_blocks' });
  });

  describe('external_select and overflow, as Slack enforces them', () => {
    const ext = (extra: Record<string, unknown> = {}) => ({
      type: 'external_select',
      action_id: 'e',
      placeholder: plain('Assign…'),
      ...extra,
    });

    it('accepts an external_select with min_query_length 0 and an initial option', () => {
      const result = validateBlocks(actions([ext({ min_query_length: 0, initial_option: option('Alice', 'm1') })]));
      expect(result).toEqual([]);
    });

    it('refuses options or option groups in an external_select (they come from the options load URL)', () => {
      expect(validateBlocks(actions([ext({ options: [option('A', 'a')] })]))).toContain(
        problem('/blocks/0/elements/0/options', 'is not allowed on an external_select'),
      );
      expect(validateBlocks(actions([ext({ option_groups: [] })]))).toContain(
        problem('/blocks/0/elements/0/option_groups', 'is not allowed on an external_select'),
      );
    });

    it('refuses a negative or fractional min_query_length, and min_query_length on a static select', () => {
      expect(validateBlocks(actions([ext({ min_query_length: -1 })]))).toContain(
        problem('/blocks/0/elements/0/min_query_length', 'must be an integer of 0 or more'),
      );
      expect(validateBlocks(actions([ext({ min_query_length: 1.5 })]))).toHaveLength(1);
      expect(
        validateBlocks(
          actions([{ type: 'static_select', action_id: 's', options: [option('A', 'a')], min_query_length: 0 }]),
        ),
      ).toContain(problem('/blocks/0/elements/0/min_query_length', 'is only for external selects'));
    });

    it('checks the initial option of an external_select like any option', () => {
      expect(validateBlocks(actions([ext({ initial_option: option('x'.repeat(76), 'm1') })]))).toContain(
        problem('/blocks/0/elements/0/initial_option/text/text', 'must be less than 76 characters'),
      );
    });

    it('refuses an overflow with no options, more than 5, a value over 75 characters, or a placeholder', () => {
      const overflow = (extra: Record<string, unknown>) => ({ type: 'overflow', action_id: 'o', ...extra });
      expect(validateBlocks(actions([overflow({ options: [] })]))).toContain(
        problem('/blocks/0/elements/0/options', 'must provide at least 1 option'),
      );
      const six = Array.from({ length: 6 }, (_, i) => option(`O${i}`, `o${i}`));
      expect(validateBlocks(actions([overflow({ options: six })]))).toContain(
        problem('/blocks/0/elements/0/options', 'must contain at most 5 items'),
      );
      expect(validateBlocks(actions([overflow({ options: [option('A', 'v'.repeat(76))] })]))).toContain(
        problem('/blocks/0/elements/0/options/0/value', 'must be less than 76 characters'),
      );
      expect(
        validateBlocks(actions([overflow({ options: [option('A', 'a')], placeholder: plain('More') })])),
      ).toContain(problem('/blocks/0/elements/0/placeholder', 'is not allowed on an overflow'));
    });

    it('accepts url options in an overflow (links that need nothing from the app)', () => {
      const options = [option('View', 'view'), { ...option('Open on X', 'open_x'), url: 'https://x.com/i/chat/1:2' }];
      expect(validateBlocks(actions([{ type: 'overflow', action_id: 'o', options }]))).toEqual([]);
    });
  });
});
