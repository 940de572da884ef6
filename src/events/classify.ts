/**
 * What an Inbox event means for Slack, read from its payload alone (no Inbox request): a prospect wrote,
 * a new request, we wrote, (un)assigned, archived, reopened, or a prospect's status/tags changed.
 * Unknown types, and known types whose payload does not parse, are `ignored` (stored, never an error).
 */
import { z } from 'zod';
import {
  type InboxEvent,
  type Message,
  MessageSchema,
  ProspectSchema,
  type Thread,
  ThreadSchema,
} from '../inbox/schemas.js';

export type LiveChange =
  /** The prospect wrote (inbound `message.created`). `request` when the thread is a message request. */
  | { kind: 'inbound'; thread: Thread; message: Message; request: boolean }
  /** Someone on the team wrote (outbound `message.created`): the card moves on, nobody is pinged. */
  | { kind: 'outbound'; thread: Thread; message: Message }
  | { kind: 'created'; thread: Thread }
  /** `assigneeId` is the new assignee (null: unassigned). `actorUserId` is the Inbox user who did it, when the payload says. */
  | { kind: 'assigned'; thread: Thread; assigneeId: string | null; actorUserId: string | null }
  | { kind: 'archived'; thread: Thread }
  | { kind: 'unarchived'; thread: Thread }
  | { kind: 'deleted'; threadId: string }
  /** `prospect.statusChanged` / `prospect.tagsChanged` / `prospect.assigneeChanged` without a thread. */
  | { kind: 'prospect'; prospectId: string; change: 'status' | 'tags' | 'assignee'; assigneeId?: string | null }
  | { kind: 'ignored'; reason: string };

const ThreadData = z.object({ thread: ThreadSchema }).loose();
const MessageData = z.object({ message: MessageSchema, thread: ThreadSchema }).loose();
const ProspectData = z.object({ prospect: ProspectSchema }).loose();
/** An undocumented actor field some payloads may carry; read when present, never required. */
const Actor = z
  .object({ actor: z.object({ userId: z.string() }).loose().nullish(), userId: z.string().nullish() })
  .loose();

export function classifyEvent(event: InboxEvent): LiveChange {
  const thread = () => ThreadData.safeParse(event.data);
  switch (event.type) {
    case 'message.created': {
      const parsed = MessageData.safeParse(event.data);
      if (!parsed.success) return ignored(event, 'payload does not parse');
      const { message, thread: t } = parsed.data;
      if (message.authorId === t.accountLinkId) return { kind: 'outbound', thread: t, message };
      return { kind: 'inbound', thread: t, message, request: t.isRequest };
    }
    case 'thread.created': {
      const parsed = thread();
      return parsed.success
        ? { kind: 'created', thread: parsed.data.thread }
        : ignored(event, 'payload does not parse');
    }
    case 'thread.assigned':
    case 'thread.unassigned': {
      const parsed = thread();
      if (!parsed.success) return ignored(event, 'payload does not parse');
      const actor = Actor.safeParse(event.data);
      const actorUserId = actor.success ? (actor.data.actor?.userId ?? actor.data.userId ?? null) : null;
      const t = parsed.data.thread;
      return { kind: 'assigned', thread: t, assigneeId: t.assigneeId, actorUserId };
    }
    case 'thread.archived':
    case 'thread.unarchived': {
      const parsed = thread();
      if (!parsed.success) return ignored(event, 'payload does not parse');
      return { kind: event.type === 'thread.archived' ? 'archived' : 'unarchived', thread: parsed.data.thread };
    }
    case 'thread.deleted': {
      const parsed = z
        .object({ thread: z.object({ id: z.string() }).loose() })
        .loose()
        .safeParse(event.data);
      return parsed.success ? { kind: 'deleted', threadId: parsed.data.thread.id } : ignored(event, 'no thread');
    }
    case 'prospect.statusChanged':
    case 'prospect.tagsChanged':
    case 'prospect.assigneeChanged': {
      const parsed = ProspectData.safeParse(event.data);
      const prospectId = parsed.success ? parsed.data.prospect.externalId : null;
      if (!parsed.success || !prospectId) return ignored(event, 'payload does not parse');
      const change =
        event.type === 'prospect.statusChanged'
          ? 'status'
          : event.type === 'prospect.tagsChanged'
            ? 'tags'
            : 'assignee';
      return {
        kind: 'prospect',
        prospectId,
        change,
        ...(change === 'assignee' ? { assigneeId: parsed.data.prospect.context.assigneeId ?? null } : {}),
      };
    }
    default:
      return ignored(event, 'not a type the app shows');
  }
}

function ignored(event: InboxEvent, why: string): LiveChange {
  return { kind: 'ignored', reason: `${event.type}: ${why}` };
}
