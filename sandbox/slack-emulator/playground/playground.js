// The playground page: a Slack-like channel view over the Slack emulator.
// Everything that came from the app is put on the page with DOM nodes and textContent, never as HTML.

const $ = (id) => document.getElementById(id);

/** The pseudo-channel that stands for the app's Home tab. */
const HOME = '__home';

const ui = {
  userId: '',
  channelId: '',
  data: null,
  rendered: new Map(),
  loading: false,
  reloadQueued: false,
};

// ── small DOM helpers ──────────────────────────────────────────────────────

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'testid') node.setAttribute('data-testid', value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

function decodeEntities(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function safeUrl(url) {
  const decoded = decodeEntities(url);
  return /^(https?:|mailto:)/i.test(decoded) ? decoded : undefined;
}

function userById(id) {
  return ui.data?.users.find((u) => u.id === id);
}

function channelById(id) {
  return ui.data?.channels.find((c) => c.id === id);
}

// ── dates: <!date^ts^format|fallback> in the browser's local time ─────────

function ordinal(n) {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] || s[v] || s[0]}`;
}

function sameDay(a, b) {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

function prettyDay(date, fallback) {
  const today = new Date();
  const yesterday = new Date(today.getTime() - 86_400_000);
  const tomorrow = new Date(today.getTime() + 86_400_000);
  if (sameDay(date, today)) return 'Today';
  if (sameDay(date, yesterday)) return 'Yesterday';
  if (sameDay(date, tomorrow)) return 'Tomorrow';
  return fallback;
}

function agoText(date) {
  const seconds = Math.round((Date.now() - date.getTime()) / 1000);
  const abs = Math.abs(seconds);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const units = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['week', 604_800],
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (abs >= size) return rtf.format(-Math.trunc(seconds / size), unit);
  }
  return rtf.format(-seconds, 'second');
}

function formatSlackDate(tsSeconds, format) {
  const date = new Date(tsSeconds * 1000);
  const month = (style) => date.toLocaleDateString(undefined, { month: style });
  const weekday = date.toLocaleDateString(undefined, { weekday: 'long' });
  const dateLong = `${weekday}, ${month('long')} ${ordinal(date.getDate())}, ${date.getFullYear()}`;
  const dateMid = `${month('long')} ${ordinal(date.getDate())}, ${date.getFullYear()}`;
  const dateShort = `${month('short')} ${date.getDate()}, ${date.getFullYear()}`;
  const pad = (n) => String(n).padStart(2, '0');
  const tokens = {
    date_num: `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`,
    date: dateMid,
    date_short: dateShort,
    date_long: dateLong,
    date_pretty: prettyDay(date, dateMid),
    date_short_pretty: prettyDay(date, dateShort),
    date_long_pretty: prettyDay(date, dateLong),
    time: date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' }),
    time_secs: date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit', second: '2-digit' }),
    ago: agoText(date),
  };
  return format.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(tokens, name) ? tokens[name] : whole));
}

// ── mrkdwn → DOM ───────────────────────────────────────────────────────────

function renderAngle(inner) {
  const pipe = inner.indexOf('|');
  const head = pipe >= 0 ? inner.slice(0, pipe) : inner;
  const label = pipe >= 0 ? inner.slice(pipe + 1) : undefined;
  if (head.startsWith('@')) {
    const user = userById(head.slice(1));
    const name = user ? user.realName : label ? decodeEntities(label) : head.slice(1);
    return el('span', { class: 'mention', testid: 'mention', text: `@${name}` });
  }
  if (head.startsWith('#')) {
    const channel = channelById(head.slice(1));
    const name = channel ? channel.name : label ? decodeEntities(label) : head.slice(1);
    return el('span', { class: 'mention', text: `#${name}` });
  }
  if (head.startsWith('!date^')) {
    const [, ts, format, link] = head.split('^');
    const seconds = Number(ts);
    const fallback = label ? decodeEntities(label) : '';
    const text = Number.isFinite(seconds) && format ? formatSlackDate(seconds, decodeEntities(format)) : fallback;
    const href = link ? safeUrl(link) : undefined;
    const node = href
      ? el('a', { href, target: '_blank', rel: 'noopener noreferrer', text })
      : el('time', { text, datetime: Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : undefined });
    node.setAttribute('data-testid', 'date');
    node.title = fallback;
    return node;
  }
  if (head.startsWith('!')) {
    const name = head.slice(1).split('^')[0];
    const special = ['here', 'channel', 'everyone'].includes(name)
      ? `@${name}`
      : label
        ? decodeEntities(label)
        : `@${name}`;
    return el('span', { class: 'mention mention-broadcast', text: special });
  }
  const href = safeUrl(head);
  const text = label ? decodeEntities(label) : decodeEntities(head);
  if (!href) return document.createTextNode(`<${decodeEntities(inner)}>`);
  return el('a', { href, target: '_blank', rel: 'noopener noreferrer', text });
}

const WORD = /[\p{L}\p{N}]/u;
/** The zero-width joiner the app puts around `*`, `_`, `~` and backticks in names: Slack then leaves them as text. */
const JOINER = '\u200D';

// A few of Slack's emoji shortcodes, enough for app messages; unknown ones stay as typed.
const EMOJI = {
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  warning: '⚠️',
  incoming_envelope: '📨',
  envelope: '✉️',
  email: '📧',
  inbox_tray: '📥',
  outbox_tray: '📤',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  alarm_clock: '⏰',
  clock3: '🕒',
  calendar: '📆',
  date: '📅',
  bell: '🔔',
  mega: '📣',
  loudspeaker: '📢',
  speech_balloon: '💬',
  label: '🏷️',
  bust_in_silhouette: '👤',
  busts_in_silhouette: '👥',
  wave: '👋',
  tada: '🎉',
  fire: '🔥',
  rocket: '🚀',
  eyes: '👀',
  thumbsup: '👍',
  '+1': '👍',
  thumbsdown: '👎',
  '-1': '👎',
  zzz: '💤',
  sleeping: '😴',
  memo: '📝',
  pushpin: '📌',
  link: '🔗',
  mag: '🔍',
  star: '⭐',
  sparkles: '✨',
  bar_chart: '📊',
  chart_with_upwards_trend: '📈',
  inbox: '📥',
  red_circle: '🔴',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  no_entry: '⛔',
  lock: '🔒',
  question: '❓',
  information_source: 'ℹ️',
  point_right: '👉',
  raised_hands: '🙌',
  handshake: '🤝',
  moneybag: '💰',
  dart: '🎯',
  file_folder: '📁',
  card_index_dividers: '🗂️',
  wastebasket: '🗑️',
};

function findClosing(src, mark, from) {
  for (let j = from; j < src.length; j++) {
    const ch = src[j];
    if (ch === '\n') return -1;
    if (
      ch === mark &&
      j > from &&
      src[j - 1] !== ' ' &&
      src[j - 1] !== JOINER &&
      src[j + 1] !== JOINER &&
      !WORD.test(src[j + 1] ?? '')
    ) {
      return j;
    }
  }
  return -1;
}

function renderInline(src, parent) {
  let buffer = '';
  const flush = () => {
    if (buffer) parent.append(document.createTextNode(decodeEntities(buffer)));
    buffer = '';
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '<') {
      const end = src.indexOf('>', i + 1);
      if (end > i + 1) {
        flush();
        parent.append(renderAngle(src.slice(i + 1, end)));
        i = end + 1;
        continue;
      }
    }
    if (ch === ':') {
      const match = /^:([a-z0-9_+-]+):/.exec(src.slice(i));
      const emoji = match && Object.hasOwn(EMOJI, match[1]) ? EMOJI[match[1]] : undefined;
      if (emoji) {
        flush();
        parent.append(el('span', { class: 'emoji', title: match[0], text: emoji }));
        i += match[0].length;
        continue;
      }
    }
    if (ch === '`' && src[i - 1] !== JOINER && src[i + 1] !== JOINER) {
      const end = src.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        parent.append(el('code', { text: decodeEntities(src.slice(i + 1, end)) }));
        i = end + 1;
        continue;
      }
    }
    if (
      (ch === '*' || ch === '_' || ch === '~') &&
      !WORD.test(src[i - 1] ?? '') &&
      src[i - 1] !== JOINER &&
      src[i + 1] !== JOINER &&
      src[i + 1] !== ' '
    ) {
      const end = findClosing(src, ch, i + 1);
      if (end > i + 1) {
        flush();
        const tag = ch === '*' ? 'strong' : ch === '_' ? 'em' : 'del';
        const node = el(tag);
        renderInline(src.slice(i + 1, end), node);
        parent.append(node);
        i = end + 1;
        continue;
      }
    }
    buffer += ch;
    i += 1;
  }
  flush();
}

function renderLines(text, parent) {
  const lines = text.split('\n');
  let quote = null;
  lines.forEach((line, index) => {
    const quoted = /^(>|&gt;) ?/.exec(line);
    if (quoted && line.startsWith('>')) {
      if (!quote) {
        quote = el('blockquote');
        parent.append(quote);
      } else {
        quote.append(el('br'));
      }
      renderInline(line.slice(quoted[0].length), quote);
      return;
    }
    quote = null;
    renderInline(line, parent);
    if (index < lines.length - 1 && !(lines[index + 1] ?? '').startsWith('>')) parent.append(el('br'));
  });
}

function renderMrkdwn(text, className) {
  const root = el('div', { class: `mrkdwn ${className ?? ''}` });
  const parts = text.split('```');
  parts.forEach((part, index) => {
    const isCode = index % 2 === 1 && index < parts.length - 1;
    if (isCode) {
      root.append(el('pre', { text: decodeEntities(part.replace(/^\n/, '').replace(/\n$/, '')) }));
      return;
    }
    const chunk = index % 2 === 1 ? `\`\`\`${part}` : part;
    renderLines(index > 0 ? chunk.replace(/^\n/, '') : chunk, root);
  });
  return root;
}

/** A plain_text object's text as Slack shows it: emoji shortcodes drawn unless `emoji: false`. */
function plainOf(textObject, fallback = '') {
  const text = textObject?.text ?? fallback;
  if (textObject?.emoji === false) return text;
  return text.replace(/:([a-z0-9_+-]+):/g, (code, name) => (Object.hasOwn(EMOJI, name) ? EMOJI[name] : code));
}

function renderText(textObject, className) {
  if (!textObject) return el('span');
  if (textObject.type === 'mrkdwn') return renderMrkdwn(textObject.text ?? '', className);
  return el('div', { class: `plain ${className ?? ''}`, text: plainOf(textObject) });
}

// ── Block Kit → DOM ────────────────────────────────────────────────────────

function confirmOk(confirm) {
  if (!confirm) return true;
  const title = confirm.title?.text ?? 'Are you sure?';
  const text = confirm.text?.text ?? '';
  return window.confirm(`${title}\n\n${decodeEntities(text)}`);
}

/**
 * An external_select as Slack draws it: a menu button showing the current choice; opening it asks the app for
 * options (a signed block_suggestion through the emulator), typing asks again, picking one sends the action.
 */
function renderExternalSelect(element, ctx) {
  const blockId = ctx.blockId;
  const chosen = ctx.stateValue?.selected_option ?? element.initial_option;
  const wrap = el('div', { class: 'ext-select', 'data-action-id': element.action_id, 'data-block-id': blockId });
  const toggle = el('button', {
    type: 'button',
    class: `select ext-select-toggle${chosen ? '' : ' placeholder'}`,
    testid: `ext-select-${element.action_id}`,
    text: `${chosen ? plainOf(chosen.text) : plainOf(element.placeholder, 'Select an item')} ▾`,
  });
  const panel = el('div', { class: 'ext-select-panel overflow-menu', hidden: true });
  const search = el('input', {
    type: 'search',
    class: 'ext-select-search',
    testid: `ext-search-${element.action_id}`,
    placeholder: 'Type to search',
  });
  const list = el('div', { class: 'ext-select-options', testid: `ext-options-${element.action_id}` });
  panel.append(search, list);
  let seq = 0;
  const load = async () => {
    const mine = ++seq;
    list.replaceChildren(el('div', { class: 'ext-select-status', text: 'Loading…' }));
    const result = await postJson('/__playground/options', {
      userId: ui.userId,
      messageTs: ctx.messageTs,
      viewId: ctx.viewId,
      actionId: element.action_id,
      blockId,
      query: search.value,
    });
    if (mine !== seq) return;
    const options = result.options ?? [];
    if (options.length === 0) {
      list.replaceChildren(
        el('div', { class: 'ext-select-status', text: result.error ? `⚠ ${result.error}` : 'No results' }),
      );
      return;
    }
    list.replaceChildren(
      ...options.map((option) => {
        const item = el('button', {
          type: 'button',
          class: 'overflow-item',
          testid: `ext-option-${option.value}`,
          text: plainOf(option.text),
        });
        item.addEventListener('click', () => {
          panel.hidden = true;
          toggle.textContent = `${plainOf(option.text)} ▾`;
          sendAction(
            ctx,
            { actionId: element.action_id, blockId, selectedValue: option.value, query: search.value },
            toggle,
          );
        });
        return item;
      }),
    );
  };
  toggle.addEventListener('click', (event) => {
    event.stopPropagation();
    const open = panel.hidden;
    closeMenus();
    panel.hidden = !open;
    if (open) {
      search.value = '';
      load();
      search.focus();
    }
  });
  panel.addEventListener('click', (event) => event.stopPropagation());
  let debounce;
  search.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(load, 150);
  });
  wrap.append(toggle, panel);
  return wrap;
}

function renderElement(element, ctx) {
  const blockId = ctx.blockId;
  switch (element.type) {
    case 'button': {
      const classes = ['btn'];
      if (element.style === 'primary') classes.push('btn-primary');
      if (element.style === 'danger') classes.push('btn-danger');
      const button = el('button', {
        type: 'button',
        class: classes.join(' '),
        testid: `button-${element.action_id}`,
        'data-action-id': element.action_id,
        'data-block-id': blockId,
        title: element.url ? `Opens ${element.url}` : undefined,
        text: plainOf(element.text),
      });
      if (element.url) button.append(el('span', { class: 'external', text: ' ↗' }));
      button.addEventListener('click', () => {
        if (!confirmOk(element.confirm)) return;
        const href = element.url ? safeUrl(element.url) : undefined;
        if (href) window.open(href, '_blank', 'noopener');
        sendAction(ctx, { actionId: element.action_id, blockId, value: element.value }, button);
      });
      return button;
    }
    case 'multi_static_select': {
      const select = el('select', {
        class: 'select select-multi',
        multiple: true,
        testid: `select-${element.action_id}`,
        'data-action-id': element.action_id,
        'data-block-id': blockId,
        'data-element-type': element.type,
      });
      const chosen = new Set(
        (ctx.stateValue?.selected_options ?? element.initial_options ?? []).map((option) => option.value),
      );
      for (const option of element.options ?? []) {
        const node = el('option', { value: option.value ?? '', text: plainOf(option.text) });
        node.selected = chosen.has(option.value);
        select.append(node);
      }
      return select;
    }
    case 'checkboxes': {
      const wrap = el('div', {
        class: 'checkboxes',
        'data-action-id': element.action_id,
        'data-block-id': blockId,
        'data-element-type': element.type,
      });
      const chosen = new Set(
        (ctx.stateValue?.selected_options ?? element.initial_options ?? []).map((option) => option.value),
      );
      for (const option of element.options ?? []) {
        const box = el('input', { type: 'checkbox', value: option.value ?? '', testid: `checkbox-${option.value}` });
        box.checked = chosen.has(option.value);
        wrap.append(el('label', { class: 'checkbox' }, box, ` ${plainOf(option.text)}`));
      }
      return wrap;
    }
    case 'external_select':
      return renderExternalSelect(element, ctx);
    case 'static_select':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select': {
      const select = el('select', {
        class: 'select',
        testid: `select-${element.action_id}`,
        'data-action-id': element.action_id,
        'data-block-id': blockId,
        'data-element-type': element.type,
      });
      const placeholder = el('option', { value: '', text: element.placeholder?.text ?? 'Select an item' });
      placeholder.disabled = true;
      select.append(placeholder);
      const addOption = (parent, option) =>
        parent.append(el('option', { value: option.value ?? '', text: plainOf(option.text) }));
      if (element.type === 'users_select') {
        for (const user of ui.data?.users ?? []) addOption(select, { value: user.id, text: { text: user.realName } });
      }
      if (element.type === 'conversations_select' || element.type === 'channels_select') {
        for (const channel of (ui.data?.channels ?? []).filter((c) => !c.isIm)) {
          addOption(select, { value: channel.id, text: { text: `#${channel.name}` } });
        }
      }
      for (const option of element.options ?? []) addOption(select, option);
      for (const group of element.option_groups ?? []) {
        const optgroup = el('optgroup', { label: group.label?.text ?? '' });
        for (const option of group.options ?? []) addOption(optgroup, option);
        select.append(optgroup);
      }
      const initial =
        ctx.stateValue?.selected_option?.value ??
        ctx.stateValue?.selected_user ??
        ctx.stateValue?.selected_conversation ??
        element.initial_option?.value ??
        element.initial_user ??
        element.initial_conversation ??
        element.initial_channel;
      select.value = initial ?? '';
      select.addEventListener('change', () => {
        if (ctx.inputOnly) return;
        if (!confirmOk(element.confirm)) return;
        sendAction(ctx, { actionId: element.action_id, blockId, selectedValue: select.value }, select);
      });
      return select;
    }
    case 'overflow': {
      const wrap = el('div', { class: 'overflow' });
      const menu = el('div', { class: 'overflow-menu', testid: `overflow-menu-${element.action_id}`, hidden: true });
      const toggle = el('button', {
        type: 'button',
        class: 'btn btn-overflow',
        testid: `overflow-${element.action_id}`,
        'aria-label': 'More actions',
        text: '⋮',
      });
      toggle.addEventListener('click', (event) => {
        event.stopPropagation();
        const open = menu.hidden;
        closeMenus();
        menu.hidden = !open;
      });
      for (const option of element.options ?? []) {
        const item = el('button', {
          type: 'button',
          class: 'overflow-item',
          testid: `overflow-option-${option.value}`,
          text: plainOf(option.text),
        });
        item.addEventListener('click', () => {
          menu.hidden = true;
          if (!confirmOk(element.confirm)) return;
          const href = option.url ? safeUrl(option.url) : undefined;
          if (href) window.open(href, '_blank', 'noopener');
          sendAction(ctx, { actionId: element.action_id, blockId, selectedValue: option.value }, toggle);
        });
        menu.append(item);
      }
      wrap.append(toggle, menu);
      return wrap;
    }
    case 'image':
      return el('img', {
        class: 'element-image',
        src: safeUrl(element.image_url ?? '') ?? '',
        alt: element.alt_text ?? '',
        loading: 'lazy',
      });
    case 'plain_text_input': {
      const attrs = {
        class: 'text-input',
        testid: `input-${element.action_id}`,
        'data-action-id': element.action_id,
        'data-block-id': blockId,
        placeholder: element.placeholder?.text,
      };
      const input = element.multiline ? el('textarea', { ...attrs, rows: 4 }) : el('input', { ...attrs, type: 'text' });
      input.value = ctx.stateValue?.value ?? element.initial_value ?? '';
      return input;
    }
    case 'datepicker': {
      const input = el('input', {
        type: 'date',
        class: 'text-input',
        testid: `input-${element.action_id}`,
        'data-action-id': element.action_id,
        'data-block-id': blockId,
      });
      input.value = ctx.stateValue?.selected_date ?? element.initial_date ?? '';
      return input;
    }
    default:
      return el('span', { class: 'unsupported', text: `[${element.type}]` });
  }
}

function renderBlock(block, ctx) {
  const blockId = block.block_id;
  const node = el('div', {
    class: `block block-${block.type}`,
    testid: 'block',
    'data-block-type': block.type,
    'data-block-id': blockId,
  });
  const elCtx = (element) => ({ ...ctx, blockId, stateValue: ctx.state?.[blockId]?.[element?.action_id] });
  switch (block.type) {
    case 'section': {
      const body = el('div', { class: 'section-body' });
      if (block.text) body.append(renderText(block.text, 'section-text'));
      if (block.fields) {
        const fields = el('div', { class: 'section-fields' });
        for (const field of block.fields) fields.append(renderText(field, 'field'));
        body.append(fields);
      }
      node.append(body);
      if (block.accessory) {
        const accessory = el('div', { class: 'section-accessory' });
        accessory.append(renderElement(block.accessory, elCtx(block.accessory)));
        node.append(accessory);
      }
      break;
    }
    case 'header':
      node.append(el('h3', { class: 'header-text', text: plainOf(block.text) }));
      break;
    case 'context':
      for (const item of block.elements ?? []) {
        if (item.type === 'image') {
          node.append(
            el('img', { class: 'context-image', src: safeUrl(item.image_url ?? '') ?? '', alt: item.alt_text ?? '' }),
          );
        } else {
          node.append(renderText(item, 'context-text'));
        }
      }
      break;
    case 'divider':
      node.append(el('hr'));
      break;
    case 'actions':
      for (const element of block.elements ?? []) node.append(renderElement(element, elCtx(element)));
      break;
    case 'image': {
      if (block.title) node.append(el('div', { class: 'image-title', text: block.title.text ?? '' }));
      node.append(
        el('img', { class: 'block-image', src: safeUrl(block.image_url ?? '') ?? '', alt: block.alt_text ?? '' }),
      );
      break;
    }
    case 'input': {
      const label = el('label', { class: 'input-label', text: block.label?.text ?? '' });
      if (block.optional) label.append(el('span', { class: 'optional', text: ' (optional)' }));
      node.append(label, renderElement(block.element ?? {}, { ...elCtx(block.element), inputOnly: true }));
      if (block.hint) node.append(el('div', { class: 'input-hint', text: block.hint.text ?? '' }));
      node.append(el('div', { class: 'input-error', 'data-error-for': blockId, hidden: true }));
      break;
    }
    case 'markdown':
      node.append(renderMrkdwn(block.text ?? ''));
      break;
    case 'rich_text': {
      const text = (block.elements ?? [])
        .flatMap((section) => section.elements ?? [])
        .map((item) => item.text ?? item.url ?? '')
        .join('');
      node.append(el('div', { class: 'plain', text }));
      break;
    }
    default:
      node.append(el('span', { class: 'unsupported', text: `[unsupported block: ${block.type}]` }));
  }
  return node;
}

function renderBlocks(blocks, ctx) {
  const wrap = el('div', { class: 'blocks' });
  for (const block of blocks) wrap.append(renderBlock(block, ctx));
  return wrap;
}

// ── messages ───────────────────────────────────────────────────────────────

function author(message) {
  if (message.user === 'USLACKBOT') return { name: 'Slackbot', initials: 'S', color: '#4a154b', app: false };
  if (message.bot_id) return { name: 'Inbox', initials: 'IN', color: '#1264a3', app: true };
  const user = userById(message.user);
  return {
    name: user?.realName ?? message.user,
    initials: (user?.realName ?? '?').slice(0, 1),
    color: '#2bac76',
    app: false,
  };
}

function timeOf(ts) {
  return new Date(Number(ts) * 1000).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
}

function eyeIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('class', 'eye');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute(
    'd',
    'M10 4C5.5 4 2.3 7.4 1.2 10c1.1 2.6 4.3 6 8.8 6s7.7-3.4 8.8-6C17.7 7.4 14.5 4 10 4zm0 9.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7zm0-5.3a1.8 1.8 0 1 0 0 3.6 1.8 1.8 0 0 0 0-3.6z',
  );
  svg.append(path);
  return svg;
}

function renderMessage(message) {
  const who = author(message);
  const node = el('article', {
    class: `message${message.ephemeralTo ? ' message-ephemeral' : ''}${message.user === 'USLACKBOT' ? ' message-slackbot' : ''}`,
    testid: 'message',
    'data-ts': message.ts,
    'data-revision': message.revision,
    'data-source': message.source,
  });
  const avatar = el('div', { class: 'avatar', text: who.initials });
  avatar.style.background = who.color;
  const body = el('div', { class: 'message-body' });
  if (message.ephemeralTo) {
    body.append(el('div', { class: 'ephemeral-marker', testid: 'ephemeral-marker' }, eyeIcon(), 'Only visible to you'));
  }
  const meta = el(
    'div',
    { class: 'message-meta' },
    el('span', { class: 'author', text: who.name }),
    who.app ? el('span', { class: 'badge', text: 'APP' }) : null,
    el('span', { class: 'time', text: timeOf(message.ts), title: message.ts }),
  );
  body.append(meta);
  const ctx = { messageTs: message.ts, state: {} };
  if (message.blocks?.length) body.append(renderBlocks(message.blocks, ctx));
  else body.append(renderMrkdwn(message.text ?? '', 'message-text'));
  if (message.edited) body.append(el('span', { class: 'edited', testid: 'edited', text: '(edited)' }));
  if (message.warning) {
    body.append(
      el('div', {
        class: 'message-warning',
        testid: 'message-warning',
        text: `⚠ The app did not respond (${message.warning}). Try again?`,
      }),
    );
  }
  node.append(avatar, body);
  return node;
}

function renderHome() {
  const list = $('messages');
  const home = ui.data?.home;
  const signature = home ? `${home.id}|${home.view.hash}` : 'none';
  if (list.dataset.homeSignature === signature) return;
  list.dataset.homeSignature = signature;
  list.replaceChildren();
  if (!home) {
    list.append(
      el(
        'div',
        { class: 'empty', testid: 'home-loading' },
        el('div', { class: 'empty-title', text: 'Opening the Home tab…' }),
        el('div', { text: 'The app draws it when you open it (app_home_opened → views.publish).' }),
      ),
    );
    return;
  }
  const wrap = el('div', { class: 'home', testid: 'home', 'data-view-id': home.id });
  wrap.append(renderBlocks(home.view.blocks ?? [], { viewId: home.id, state: home.view.state?.values ?? {} }));
  list.append(wrap);
}

function renderMessages() {
  const list = $('messages');
  if (ui.channelId === HOME) {
    renderHome();
    return;
  }
  const messages = ui.data?.messages ?? [];
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 120;
  const seen = new Set();
  let previous = null;
  for (const message of messages) {
    const key = message.ts;
    seen.add(key);
    const signature = `${message.revision}|${message.warning ?? ''}|${ui.userId}`;
    const existing = ui.rendered.get(key);
    let node = existing?.node;
    if (!existing || existing.signature !== signature) {
      const fresh = renderMessage(message);
      if (node) node.replaceWith(fresh);
      node = fresh;
      ui.rendered.set(key, { node, signature });
    }
    const expectedNext = previous ? previous.nextSibling : list.firstChild;
    if (expectedNext !== node) list.insertBefore(node, expectedNext);
    previous = node;
  }
  for (const [key, entry] of ui.rendered) {
    if (!seen.has(key)) {
      entry.node.remove();
      ui.rendered.delete(key);
    }
  }
  let empty = list.querySelector('.empty');
  if (messages.length === 0 && !empty) {
    empty = el(
      'div',
      { class: 'empty' },
      el('div', { class: 'empty-title', text: 'Nothing here yet' }),
      el('div', { text: 'Type /inbox help below, or press “Run digest now”.' }),
    );
    list.append(empty);
  } else if (messages.length > 0 && empty) {
    empty.remove();
  }
  if (nearBottom) list.scrollTop = list.scrollHeight;
}

// ── modal ──────────────────────────────────────────────────────────────────

function collectViewValues(root) {
  const values = {};
  for (const input of root.querySelectorAll('.block-input [data-action-id]')) {
    const blockId = input.getAttribute('data-block-id');
    const actionId = input.getAttribute('data-action-id');
    values[blockId] ??= {};
    const type = input.getAttribute('data-element-type');
    if (type === 'multi_static_select' || type === 'checkboxes') {
      const picked =
        type === 'checkboxes'
          ? [...input.querySelectorAll('input[type=checkbox]')].filter((box) => box.checked)
          : [...input.selectedOptions];
      values[blockId][actionId] = {
        type,
        selected_options: picked.map((node) => ({
          text: { type: 'plain_text', text: node.parentElement?.textContent?.trim() || node.textContent || '' },
          value: node.value,
        })),
      };
    } else if (type === 'users_select') {
      values[blockId][actionId] = { type, selected_user: input.value || null };
    } else if (type === 'conversations_select' || type === 'channels_select') {
      const key = type === 'channels_select' ? 'selected_channel' : 'selected_conversation';
      values[blockId][actionId] = { type, [key]: input.value || null };
    } else if (input.tagName === 'SELECT') {
      const option = input.selectedOptions[0];
      values[blockId][actionId] = {
        type: 'static_select',
        selected_option: input.value
          ? { text: { type: 'plain_text', text: option?.textContent ?? '' }, value: input.value }
          : null,
      };
    } else if (input.type === 'date') {
      values[blockId][actionId] = { type: 'datepicker', selected_date: input.value || null };
    } else {
      values[blockId][actionId] = { type: 'plain_text_input', value: input.value || null };
    }
  }
  return values;
}

function renderModal() {
  const root = $('modal-root');
  const views = ui.data?.views ?? [];
  const top = views[views.length - 1];
  const signature = top ? `${top.id}|${top.view.hash}` : '';
  if (root.dataset.signature === signature) return;
  root.dataset.signature = signature;
  root.replaceChildren();
  if (!top) return;
  const view = top.view;
  const dialog = el('div', {
    class: 'modal',
    testid: 'modal',
    role: 'dialog',
    'aria-modal': 'true',
    'data-view-id': top.id,
    'data-callback-id': view.callback_id,
  });
  const close = () => postJson('/__playground/view/close', { userId: ui.userId, viewId: top.id }).then(reload);
  const header = el(
    'div',
    { class: 'modal-header' },
    el('div', { class: 'modal-app', text: 'IN' }),
    el('h2', { class: 'modal-title', testid: 'modal-title', text: plainOf(view.title) }),
    el('button', {
      type: 'button',
      class: 'modal-x',
      testid: 'modal-close',
      'aria-label': 'Close',
      text: '×',
      onclick: close,
    }),
  );
  const body = el('div', { class: 'modal-body' });
  body.append(renderBlocks(view.blocks ?? [], { viewId: top.id, state: view.state?.values ?? {} }));
  const footer = el('div', { class: 'modal-footer' });
  footer.append(el('button', { type: 'button', class: 'btn', text: view.close?.text ?? 'Cancel', onclick: close }));
  if (view.submit) {
    const submit = el('button', {
      type: 'button',
      class: 'btn btn-primary',
      testid: 'modal-submit',
      text: view.submit.text ?? 'Submit',
    });
    submit.addEventListener('click', async () => {
      submit.disabled = true;
      const result = await postJson('/__playground/view/submit', {
        userId: ui.userId,
        viewId: top.id,
        values: collectViewValues(dialog),
      });
      submit.disabled = false;
      for (const node of dialog.querySelectorAll('.input-error')) node.hidden = true;
      if (result.errors) {
        for (const [blockId, message] of Object.entries(result.errors)) {
          const node = dialog.querySelector(`.input-error[data-error-for="${CSS.escape(blockId)}"]`);
          if (node) {
            node.textContent = message;
            node.hidden = false;
          }
        }
      } else if (result.error) {
        showToast('We had some trouble connecting. Try again?');
      }
      reload();
    });
    footer.append(submit);
  }
  dialog.append(header, body, footer);
  const overlay = el('div', { class: 'overlay', testid: 'modal-overlay' }, dialog);
  root.append(overlay);
}

// ── sidebar ────────────────────────────────────────────────────────────────

function renderSidebar() {
  const data = ui.data;
  $('workspace-name').textContent = data.team.name;
  const switcher = $('user-switcher');
  if (switcher.options.length !== data.users.length) {
    switcher.replaceChildren(
      ...data.users.map((u) => el('option', { value: u.id, text: `${u.realName}${u.title ? ` · ${u.title}` : ''}` })),
    );
  }
  switcher.value = ui.userId;
  const item = (channel) => {
    const active = channel.id === ui.channelId;
    const label = channel.isIm ? channel.name : channel.name;
    const node = el(
      'a',
      {
        href: `?user=${encodeURIComponent(ui.userId)}&channel=${encodeURIComponent(channel.id)}`,
        class: `channel-item${active ? ' active' : ''}`,
        testid: `channel-${channel.isIm ? 'dm' : channel.name}`,
        'data-channel-id': channel.id,
        'aria-current': active ? 'page' : undefined,
      },
      el('span', { class: 'channel-hash', text: channel.isIm ? '●' : '#' }),
      el('span', { class: 'channel-name', text: label }),
      channel.id === data.digestChannel ? el('span', { class: 'channel-tag', text: 'digest' }) : null,
      !channel.isIm && !channel.isMember ? el('span', { class: 'channel-tag muted', text: 'no bot' }) : null,
    );
    node.addEventListener('click', (event) => {
      event.preventDefault();
      selectChannel(channel.id);
    });
    return node;
  };
  $('channel-list').replaceChildren(...data.channels.filter((c) => !c.isIm).map(item));
  const dms = data.channels.filter((c) => c.isIm);
  const homeItem = el(
    'a',
    {
      href: `?user=${encodeURIComponent(ui.userId)}&channel=${HOME}`,
      class: `channel-item${ui.channelId === HOME ? ' active' : ''}`,
      testid: 'app-home',
      'aria-current': ui.channelId === HOME ? 'page' : undefined,
    },
    el('span', { class: 'channel-hash', text: '⌂' }),
    el('span', { class: 'channel-name', text: 'Inbox · Home' }),
  );
  homeItem.addEventListener('click', (event) => {
    event.preventDefault();
    openHome();
  });
  $('app-list').replaceChildren(homeItem, ...dms.map(item));
  const current = channelById(ui.channelId);
  $('channel-title').textContent =
    ui.channelId === HOME
      ? 'Inbox · Home'
      : current
        ? current.isIm
          ? current.name
          : `# ${current.name}`
        : ui.channelId;
  $('channel-topic').textContent =
    ui.channelId === HOME
      ? 'Your queue: the threads assigned to you in Inbox'
      : current?.id === data.digestChannel
        ? 'The daily digest lands here · try /inbox help'
        : current && !current.isIm && !current.isMember
          ? 'The Inbox bot is not in this channel: it can answer you, not post here'
          : '';
  $('composer').placeholder =
    ui.channelId === HOME
      ? 'Message the Inbox app · try /inbox remind'
      : `Message ${current?.isIm ? current.name : `#${current?.name ?? ''}`} · try /inbox help`;
  $('command-hint').textContent = data.commandHint;
}

// ── networking ─────────────────────────────────────────────────────────────

async function postJson(path, body) {
  try {
    const res = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return await res.json();
  } catch {
    return { ok: false, error: 'playground_unreachable' };
  }
}

let toastTimer;
function showToast(text) {
  const toast = $('toast');
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    toast.hidden = true;
  }, 6000);
}

async function sendAction(ctx, action, control) {
  control?.classList.add('pending');
  const result = await postJson('/__playground/action', {
    userId: ui.userId,
    messageTs: ctx.messageTs,
    viewId: ctx.viewId,
    ...action,
  });
  control?.classList.remove('pending');
  if (result.error === 'operation_timeout') showToast('⚠ The app did not respond in time (operation_timeout).');
  else if (result.error) showToast(`⚠ ${result.error}`);
  reload();
}

async function sendCommand(text, channelId = ui.channelId === HOME ? `D${ui.userId.slice(1)}` : ui.channelId) {
  const composer = $('composer');
  composer.classList.add('pending');
  const result = await postJson('/__playground/command', { userId: ui.userId, channelId, text });
  composer.classList.remove('pending');
  if (result.error === 'operation_timeout') showToast('⚠ /inbox failed with the error "operation_timeout"');
  else if (result.error) showToast(`⚠ ${result.error}`);
  reload();
  return result;
}

async function reload() {
  if (ui.loading) {
    ui.reloadQueued = true;
    return;
  }
  ui.loading = true;
  try {
    const params = new URLSearchParams({ user: ui.userId, channel: ui.channelId });
    const res = await fetch(`/__playground/state?${params}`);
    ui.data = await res.json();
    if (!ui.userId) ui.userId = ui.data.users[0]?.id ?? '';
    renderSidebar();
    renderMessages();
    renderModal();
    document.body.dataset.version = String(ui.data.version);
  } catch {
    // The emulator may be restarting; the next change event or poll retries.
  } finally {
    ui.loading = false;
    if (ui.reloadQueued) {
      ui.reloadQueued = false;
      reload();
    }
  }
}

function rememberLocation() {
  const params = new URLSearchParams({ user: ui.userId, channel: ui.channelId });
  history.replaceState(null, '', `?${params}`);
  localStorage.setItem('playground.user', ui.userId);
  localStorage.setItem('playground.channel', ui.channelId);
}

function selectChannel(channelId) {
  ui.channelId = channelId;
  for (const entry of ui.rendered.values()) entry.node.remove();
  ui.rendered.clear();
  $('messages').replaceChildren();
  delete $('messages').dataset.homeSignature;
  rememberLocation();
  reload();
  $('composer').focus();
}

/** Opening the Home tab is what makes Slack send app_home_opened; the app answers with views.publish. */
async function openHome() {
  selectChannel(HOME);
  const result = await postJson('/__playground/home', { userId: ui.userId });
  if (result.error) showToast(`⚠ ${result.error}`);
  reload();
}

function closeMenus() {
  for (const menu of document.querySelectorAll('.overflow-menu')) menu.hidden = true;
}

function listen() {
  let fallback;
  const source = new EventSource('/__playground/events');
  source.addEventListener('change', () => reload());
  source.addEventListener('error', () => {
    fallback ??= setInterval(reload, 2000);
  });
  source.addEventListener('open', () => {
    clearInterval(fallback);
    fallback = undefined;
  });
}

function start() {
  const params = new URLSearchParams(location.search);
  ui.userId = params.get('user') ?? localStorage.getItem('playground.user') ?? '';
  ui.channelId = params.get('channel') ?? localStorage.getItem('playground.channel') ?? 'C0SALESINB';

  $('user-switcher').addEventListener('change', (event) => {
    ui.userId = event.target.value;
    for (const entry of ui.rendered.values()) entry.node.remove();
    ui.rendered.clear();
    rememberLocation();
    if (ui.channelId === HOME) openHome();
    else reload();
  });

  const sent = [];
  let sentIndex = 0;
  $('composer-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const composer = $('composer');
    const text = composer.value.trim();
    if (!text) return;
    if (!text.startsWith('/')) {
      showToast('Only slash commands reach the app here. Try /inbox help');
      return;
    }
    sent.push(text);
    sentIndex = sent.length;
    composer.value = '';
    await sendCommand(text);
  });
  $('composer').addEventListener('keydown', (event) => {
    if (event.key === 'ArrowUp' && sentIndex > 0) {
      sentIndex -= 1;
      event.target.value = sent[sentIndex] ?? '';
      event.preventDefault();
    } else if (event.key === 'ArrowDown' && sentIndex < sent.length) {
      sentIndex += 1;
      event.target.value = sent[sentIndex] ?? '';
      event.preventDefault();
    }
  });

  $('simulate-prospect').addEventListener('click', async () => {
    const result = await postJson('/__playground/simulate', { userId: ui.userId });
    showToast(result.ok ? `📨 ${result.description}` : `⚠ ${result.error}`);
    reload();
  });

  $('run-digest').addEventListener('click', async () => {
    const digest = ui.data?.digestChannel ?? 'C0SALESINB';
    if (ui.channelId !== digest) selectChannel(digest);
    await sendCommand('/inbox digest post', digest);
  });

  document.addEventListener('click', closeMenus);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeMenus();
  });

  if (ui.channelId === HOME) reload().then(() => openHome());
  else reload().then(rememberLocation);
  listen();
}

start();
