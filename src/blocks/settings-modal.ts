/**
 * The settings modals of `/inbox settings`: the main one (channel digests with Edit/Remove, member links, the
 * action and read policies) and the editor of one channel digest, pushed over it. Pure: the settings, the
 * directory and `now` in; views out, within Slack's limits (100 blocks, 100 options a select).
 */
import type { InputBlock, KnownBlock, ModalView, MultiStaticSelect, PlainTextOption, StaticSelect } from '@slack/types';
import { formatTimeOfDay } from '../commands/remind.js';
import type { Directory } from '../services/directory.js';
import {
  type ChannelDigestSettings,
  describeDigestSchedule,
  type FieldErrors,
  MAX_DIGESTS,
  type Policy,
  type SettingsSnapshot,
} from '../services/team-settings.js';
import { durationBetween, oneLine, safeName, slackDate } from './escape.js';
import {
  ActionIds,
  BlockIds,
  CallbackIds,
  encodeSettingsMetadata,
  SettingsInputs,
  settingsDigestBlockId,
  settingsLinkBlockId,
} from './ids.js';
import { context, divider, header, LIMITS, plain, section } from './kit.js';
import { memberName } from './thread-card.js';

const DAY_OPTIONS: Array<{ day: number; label: string }> = [
  { day: 1, label: 'Monday' },
  { day: 2, label: 'Tuesday' },
  { day: 3, label: 'Wednesday' },
  { day: 4, label: 'Thursday' },
  { day: 5, label: 'Friday' },
  { day: 6, label: 'Saturday' },
  { day: 0, label: 'Sunday' },
];
const POLICY_OPTIONS: Record<'action' | 'read', Record<Policy, string>> = {
  action: { members: 'Inbox members only', anyone: 'Anyone in Slack' },
  read: { members: 'Inbox members only', anyone: 'Anyone in Slack' },
};
/** Member links listed in the modal before "and N more". */
const MAX_LINKS_SHOWN = 30;

const option = (text: string, value: string): PlainTextOption => ({
  text: plain(oneLine(text), LIMITS.optionText),
  value,
});

function input(
  blockId: string,
  label: string,
  element: InputBlock['element'],
  opts: { optional?: boolean; hint?: string } = {},
): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    element,
    ...(opts.optional ? { optional: true } : {}),
    ...(opts.hint ? { hint: plain(opts.hint, 2000) } : {}),
  };
}

function modal(callbackId: string, title: string, blocks: KnownBlock[], metadata: string, submit: string): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title, LIMITS.modalTitle),
    submit: plain(submit, LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: metadata,
    blocks: blocks.slice(0, LIMITS.modalBlocks),
  };
}

function names(ids: readonly string[], known: ReadonlyArray<{ id: string }>, label: (item: never) => string): string {
  return ids
    .map((id) => known.find((k) => k.id === id))
    .map((k, i) => (k ? safeName(label(k as never), 40) : `_unknown ${safeName(ids[i] ?? '', 30)}_`))
    .join(', ');
}

/** One line on a digest's filters: "only @acmehq; tags hot lead; waiting 2 hours or more; skipped when empty". */
export function describeDigestFilters(digest: ChannelDigestSettings, directory: Directory): string {
  const parts: string[] = [];
  if (digest.accountIds.length) {
    parts.push(
      `accounts ${names(digest.accountIds, directory.accountLinks, (a: { username: string }) => `@${a.username}`)}`,
    );
  }
  if (digest.accountHandles?.length) {
    parts.push(`accounts ${digest.accountHandles.map((h) => safeName(`@${h}`, 40)).join(', ')}`);
  }
  if (digest.tagIds.length) parts.push(`tags ${names(digest.tagIds, directory.tags, (t: { name: string }) => t.name)}`);
  if (digest.assigneeIds.length) {
    parts.push(
      `assigned to ${names(digest.assigneeIds, directory.members, (m: { name: string | null; email: string }) => memberName(m))}`,
    );
  }
  if (digest.minAgeMs) parts.push(`waiting ${durationBetween(new Date(0), new Date(digest.minAgeMs))} or more`);
  parts.push(digest.skipEmpty ? 'nothing posted when nothing waits' : 'an all-clear when nothing waits');
  return parts.join(' · ');
}

export interface SettingsModalInput {
  teamId: string;
  snapshot: SettingsSnapshot;
  directory: Directory;
  now: Date;
  /** Shown at the top when a save was overtaken by someone else's (mrkdwn written by the app). */
  conflict?: string;
  /** The values to show instead of the saved ones (after a conflict, what this person had chosen). */
  form?: { actionPolicy?: Policy; readPolicy?: Policy; linkUser?: string | null; linkMember?: string | null };
}

function policySelect(kind: 'action' | 'read', value: Policy): StaticSelect {
  const options = (Object.keys(POLICY_OPTIONS[kind]) as Policy[]).map((p) => option(POLICY_OPTIONS[kind][p], p));
  return {
    type: 'static_select',
    action_id: kind === 'action' ? SettingsInputs.actionPolicy : SettingsInputs.readPolicy,
    options,
    initial_option: options.find((o) => o.value === value) ?? options[0],
  };
}

function memberOptions(directory: Directory): PlainTextOption[] {
  return directory.members.slice(0, LIMITS.selectOptions).map((m) => option(memberName(m), m.id));
}

export function buildSettingsModal(input_: SettingsModalInput): ModalView {
  const { snapshot, directory } = input_;
  const { settings } = snapshot;
  const source =
    snapshot.version === null
      ? 'These are the starting values from the environment (DIGEST_*, MEMBER_MAP, ACTION_POLICY, READ_POLICY). Once you save here, the settings made in Slack win over the environment.'
      : `Saved in Slack${snapshot.updatedBy ? ` by <@${snapshot.updatedBy}>` : ''}${
          snapshot.updatedAt ? ` ${slackDate(snapshot.updatedAt)}` : ''
        }. Settings made in Slack win over the environment variables.`;

  const digestRows: KnownBlock[] = settings.digests.map((d) =>
    section(`*<#${d.channel}>* · ${describeDigestSchedule(d)}\n${describeDigestFilters(d, directory)}`, {
      block_id: settingsDigestBlockId(d.id),
      accessory: {
        type: 'overflow',
        action_id: ActionIds.settingsDigestMenu,
        options: [option('Edit', `edit:${d.id}`), option('Remove', `remove:${d.id}`)],
      },
    }),
  );
  const links = Object.entries(settings.memberLinks);
  const linkRows: KnownBlock[] = links.slice(0, MAX_LINKS_SHOWN).map(([user, memberId]) => {
    const member = directory.members.find((m) => m.id === memberId);
    return section(`<@${user}> → ${member ? `*${safeName(memberName(member), 60)}*` : '_a former member_'}`, {
      block_id: settingsLinkBlockId(user),
      accessory: {
        type: 'button',
        action_id: ActionIds.settingsRemoveLink,
        text: plain('Remove'),
        value: user,
      },
    });
  });
  const form = input_.form ?? {};
  const memberOpts = memberOptions(directory);
  const linkMember: StaticSelect = {
    type: 'static_select',
    action_id: SettingsInputs.linkMember,
    placeholder: plain('Inbox member'),
    options: memberOpts.length > 0 ? memberOpts : [option('(no members)', 'none')],
    ...(form.linkMember ? { initial_option: memberOpts.find((o) => o.value === form.linkMember) } : {}),
  };

  const blocks: KnownBlock[] = [
    context([source], BlockIds.settingsSource),
    ...(input_.conflict ? [section(input_.conflict, { block_id: BlockIds.settingsConflict })] : []),
    header('Channel digests', BlockIds.settingsDigests),
    ...(digestRows.length > 0
      ? digestRows
      : [context(['No channel digest. Add one to post the threads awaiting a reply to a channel on a schedule.'])]),
    ...(settings.digests.length < MAX_DIGESTS
      ? [
          {
            type: 'actions',
            block_id: BlockIds.settingsAddDigest,
            elements: [
              {
                type: 'button',
                action_id: ActionIds.settingsAddDigest,
                text: plain('➕ Add a channel digest'),
                value: 'add',
              },
            ],
          } as KnownBlock,
        ]
      : [context([`At most ${MAX_DIGESTS} channel digests.`])]),
    divider(),
    header('Member links', BlockIds.settingsLinks),
    context([
      'Who is who in Inbox, when the email match gets it wrong (this replaces MEMBER_MAP). A link wins over the email match.',
    ]),
    ...linkRows,
    ...(links.length > MAX_LINKS_SHOWN ? [context([`…and ${links.length - MAX_LINKS_SHOWN} more links.`])] : []),
    input(
      SettingsInputs.linkUser,
      'Link a Slack user…',
      {
        type: 'users_select',
        action_id: SettingsInputs.linkUser,
        placeholder: plain('Slack user'),
        ...(form.linkUser ? { initial_user: form.linkUser } : {}),
      },
      { optional: true },
    ),
    input(SettingsInputs.linkMember, '…to the Inbox member', linkMember, { optional: true }),
    divider(),
    header('Policies', BlockIds.settingsPolicies),
    input(
      SettingsInputs.actionPolicy,
      'Who may assign, archive and reopen',
      policySelect('action', form.actionPolicy ?? settings.actionPolicy),
    ),
    input(
      SettingsInputs.readPolicy,
      'Who may read threads',
      policySelect('read', form.readPolicy ?? settings.readPolicy),
    ),
  ];
  return modal(
    CallbackIds.settingsModal,
    'Inbox settings',
    blocks,
    encodeSettingsMetadata({ teamId: input_.teamId, version: snapshot.version }),
    'Save',
  );
}

export interface DigestEditorInput {
  teamId: string;
  version: number | null;
  /** null: a new digest. */
  digest: ChannelDigestSettings | null;
  directory: Directory;
  /** The zone a new digest starts with. */
  defaultTimezone: string;
}

function multi(
  actionId: string,
  placeholder: string,
  options: PlainTextOption[],
  initial: readonly string[],
): MultiStaticSelect {
  const chosen = options.filter((o) => initial.includes(o.value ?? ''));
  return {
    type: 'multi_static_select',
    action_id: actionId,
    placeholder: plain(placeholder),
    options,
    ...(chosen.length > 0 ? { initial_options: chosen } : {}),
  };
}

export function buildDigestEditor(input_: DigestEditorInput): ModalView {
  const { digest, directory } = input_;
  const accountOpts = directory.accountLinks.slice(0, LIMITS.selectOptions).map((a) => option(`@${a.username}`, a.id));
  const tagOpts = directory.tags.slice(0, LIMITS.selectOptions).map((t) => option(t.name, t.id));
  const memberOpts = memberOptions(directory);
  const dayOpts = DAY_OPTIONS.map((d) => option(d.label, String(d.day)));
  const skip = option('Post nothing when nothing is waiting', 'skip');

  const blocks: KnownBlock[] = [
    input(SettingsInputs.channel, 'Channel', {
      type: 'conversations_select',
      action_id: SettingsInputs.channel,
      placeholder: plain('Pick a channel'),
      filter: { include: ['public', 'private'], exclude_bot_users: true },
      ...(digest ? { initial_conversation: digest.channel } : {}),
    }),
    input(
      SettingsInputs.days,
      'Days',
      multi(SettingsInputs.days, 'Days', dayOpts, (digest?.days ?? [1, 2, 3, 4, 5]).map(String)),
    ),
    input(
      SettingsInputs.times,
      'Times',
      {
        type: 'plain_text_input',
        action_id: SettingsInputs.times,
        initial_value: digest?.times.map((t) => formatTimeOfDay(t.hour, t.minute)).join(', ') ?? '9:00',
      },
      { hint: 'One or more times of day, such as 9:00 or 9:00, 16:30.' },
    ),
    input(
      SettingsInputs.timezone,
      'Time zone',
      {
        type: 'plain_text_input',
        action_id: SettingsInputs.timezone,
        initial_value: digest?.timezone ?? input_.defaultTimezone,
      },
      { hint: 'An IANA time zone, such as Europe/Paris, America/New_York or UTC.' },
    ),
    ...(accountOpts.length > 0
      ? [
          input(
            SettingsInputs.accountIds,
            'Only these X accounts',
            multi(SettingsInputs.accountIds, 'Every account', accountOpts, [
              ...(digest?.accountIds ?? []),
              ...directory.accountLinks
                .filter((a) => digest?.accountHandles?.includes(a.username.toLowerCase()))
                .map((a) => a.id),
            ]),
            { optional: true },
          ),
        ]
      : []),
    ...(tagOpts.length > 0
      ? [
          input(
            SettingsInputs.tagIds,
            'Only threads with these tags',
            multi(SettingsInputs.tagIds, 'Any tags', tagOpts, digest?.tagIds ?? []),
            {
              optional: true,
            },
          ),
        ]
      : []),
    ...(memberOpts.length > 0
      ? [
          input(
            SettingsInputs.assigneeIds,
            'Only threads assigned to',
            multi(SettingsInputs.assigneeIds, 'Anyone', memberOpts, digest?.assigneeIds ?? []),
            { optional: true },
          ),
        ]
      : []),
    input(
      SettingsInputs.minAge,
      'Only threads waiting at least',
      {
        type: 'plain_text_input',
        action_id: SettingsInputs.minAge,
        placeholder: plain('e.g. 2h'),
        ...(digest?.minAgeMs ? { initial_value: `${Math.round(digest.minAgeMs / 60_000)}m` } : {}),
      },
      { optional: true, hint: 'A duration such as 30m, 2h or 1d; empty for every thread.' },
    ),
    input(
      SettingsInputs.skipEmpty,
      'When nothing is waiting',
      {
        type: 'checkboxes',
        action_id: SettingsInputs.skipEmpty,
        options: [skip],
        ...(digest?.skipEmpty ? { initial_options: [skip] } : {}),
      },
      { optional: true },
    ),
  ];
  return modal(
    CallbackIds.settingsDigest,
    digest ? 'Edit channel digest' : 'New channel digest',
    blocks,
    encodeSettingsMetadata({ teamId: input_.teamId, version: input_.version, digestId: digest?.id ?? null }),
    'Save digest',
  );
}

/** The field errors of a form, keyed by the input block they belong to (for response_action: errors). */
export function blockErrors(errors: FieldErrors<keyof typeof SettingsInputs>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    if (message) out[SettingsInputs[field as keyof typeof SettingsInputs]] = message;
  }
  return out;
}

/** A settings window with a message and no form: loading, refused, failed. `text` is mrkdwn written by the app. */
export function buildSettingsNotice(text: string): ModalView {
  return {
    type: 'modal',
    callback_id: CallbackIds.settingsModal,
    title: plain('Inbox settings', LIMITS.modalTitle),
    close: plain('Close', LIMITS.modalTitle),
    blocks: [section(text, { block_id: BlockIds.notice })],
  };
}
