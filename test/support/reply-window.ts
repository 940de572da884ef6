/**
 * Driving the reply window through the Slack emulator as a user would: open it from a card, type, review,
 * send, and read what each face says.
 */
import type { Json, StoredMessage, StoredView } from '../../sandbox/slack-emulator/types.js';
import { ActionIds, BlockIds, CallbackIds, InputIds } from '../../src/blocks/ids.js';
import { type AppStack, messageText } from './app-stack.js';

export const SEND_PATH = '/threads/{threadId}/messages';

/** The user's top modal, once `match` holds for it. */
export function waitForWindow(
  app: AppStack,
  userId: string,
  match: (view: Json) => boolean,
  // Generous: a loaded shared machine can take seconds for what takes milliseconds alone.
  timeoutMs = 20_000,
): Promise<StoredView> {
  return app.slack.waitFor(() => {
    const top = app.slack
      .views(userId)
      .filter((v) => v.type === 'modal')
      .at(-1);
    return top && match(top.view) ? top : undefined;
  }, timeoutMs);
}

export const face = (callbackId: string, contains?: string) => (view: Json) =>
  view.callback_id === callbackId && (contains === undefined || windowText(view).includes(contains));

export function windowText(view: Json): string {
  return messageText({ blocks: view.blocks as unknown[] });
}

/** The text box's initial value (what the user sees typed in it). */
export function typedText(view: Json): string | undefined {
  const block = (view.blocks as Json[]).find((b) => b.block_id === BlockIds.replyText);
  return (block?.element as Json | undefined)?.initial_value as string | undefined;
}

export async function openReplyFromCard(app: AppStack, userId: string, card: StoredMessage, threadId: string) {
  const click = await app.clickCard({ userId, message: card, threadId, actionId: ActionIds.reply });
  if (click.status !== 200) throw new Error(`Reply click answered HTTP ${click.status}`);
  return waitForWindow(app, userId, (v) => v.callback_id === CallbackIds.replyCompose || windowText(v).includes('⚠️'));
}

/** Types `text` (and picks `accountId`) in the compose face and presses Review. */
export function review(app: AppStack, userId: string, viewId: string, text: string, accountId?: string) {
  const values: Record<string, Record<string, Json>> = {
    [BlockIds.replyText]: { [InputIds.replyText]: { type: 'plain_text_input', value: text } },
  };
  if (accountId) {
    values[BlockIds.replyAccount] = {
      [InputIds.replyAccount]: { type: 'static_select', selected_option: { value: accountId } },
    };
  }
  return app.slack.submitView({ userId, viewId, values });
}

/** Presses Send on the confirm face and waits for the outcome face. */
export async function send(app: AppStack, userId: string, viewId: string) {
  const ack = await app.slack.submitView({ userId, viewId });
  if (ack.status !== 200) throw new Error(`Send answered HTTP ${ack.status}`);
  return waitForWindow(app, userId, (v) => v.callback_id === CallbackIds.replyResult && !windowText(v).includes('⏳'));
}

/** The messages Inbox holds for a thread with exactly this content. */
export function storedCopies(app: AppStack, threadId: string, text: string) {
  return app.inbox.controls.store.messages(threadId).filter((m) => m.content === text);
}

export function sendRequests(app: AppStack) {
  return app.inbox.controls.requests().filter((r) => r.method === 'POST' && r.route === SEND_PATH);
}
