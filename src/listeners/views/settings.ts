/**
 * `/inbox settings` and the Home's "Team settings" button open the settings modal; its buttons push the digest
 * editor, remove a digest or a member link; its submissions validate every field (errors on the field, nothing
 * saved) and save with a compare-and-set on the version the form was based on. When someone else saved in
 * between, nothing is written and the person is told who did, with their own choices kept: saving again then
 * overwrites (the last write wins, and it is a whole, valid settings record).
 */
import type {
  AllMiddlewareArgs,
  BlockAction,
  Middleware,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { slackDate } from '../../blocks/escape.js';
import { ActionIds, decodeSettingsMetadata, parseDigestMenuValue, SettingsInputs } from '../../blocks/ids.js';
import {
  blockErrors,
  buildDigestEditor,
  buildSettingsModal,
  buildSettingsNotice,
} from '../../blocks/settings-modal.js';
import type { AppDeps } from '../../deps.js';
import { describeInboxFailure, describeSlackFailure } from '../../services/failures.js';
import {
  type DigestForm,
  type GeneralForm,
  nextDigestId,
  type Policy,
  type SettingsSnapshot,
  type TeamSettings,
  validateDigestForm,
  validateGeneralForm,
} from '../../services/team-settings.js';
import { teamOf } from '../events/app-home.js';

type Client = AllMiddlewareArgs['client'];
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

const REFUSED =
  'Only Inbox admins can change the settings: the people listed in ADMIN_USERS, or, when there is no such list, those the action policy lets act.';

/** Opens the modal at once (the trigger dies after 3 s), then fills it (or says why it cannot). */
export async function openSettings(deps: AppDeps, client: Client, triggerId: string, teamId: string, userId: string) {
  let viewId: string | undefined;
  try {
    viewId = (await client.views.open({ trigger_id: triggerId, view: buildSettingsNotice('⏳ Loading the settings…') }))
      .view?.id;
  } catch (error) {
    deps.logger.warn(`settings: could not open the settings window: ${describeSlackFailure(error)}`);
    return;
  }
  if (!viewId) return;
  let view: ModalView;
  try {
    if (!(await deps.teamSettings.canManage(teamId, userId))) view = buildSettingsNotice(`🔒 ${REFUSED}`);
    else view = await mainView(deps, teamId, await deps.teamSettings.get(teamId));
  } catch (error) {
    view = buildSettingsNotice(`⚠️ The settings could not be loaded: ${describeInboxFailure(error)}`);
  }
  await client.views.update({ view_id: viewId, view });
}

async function mainView(
  deps: AppDeps,
  teamId: string,
  snapshot: SettingsSnapshot,
  extra: Pick<Parameters<typeof buildSettingsModal>[0], 'conflict' | 'form'> = {},
): Promise<ModalView> {
  const directory = await deps.teamSettings.directory.get();
  return buildSettingsModal({ teamId, snapshot, directory, now: deps.clock(), ...extra });
}

function conflictLine(current: SettingsSnapshot): string {
  const who = current.updatedBy ? `<@${current.updatedBy}>` : 'Someone';
  const when = current.updatedAt ? ` ${slackDate(current.updatedAt)}` : '';
  return `⚠️ *${who} saved the settings${when} while you were editing. Your changes are not saved yet.* What you see now is their version with your choices on top: press *Save* again to keep yours.`;
}

// ── reading the submitted state ─────────────────────────────────────────────────────────────────────────────

type StateValues = ViewSubmitAction['view']['state']['values'];
interface StateValue {
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_options?: Array<{ value?: string }>;
  selected_user?: string | null;
  selected_conversation?: string | null;
}

function field(values: StateValues, id: string): StateValue {
  return (values[id]?.[id] ?? {}) as StateValue;
}
const text = (values: StateValues, id: string) => field(values, id).value ?? '';
const selected = (values: StateValues, id: string) => field(values, id).selected_option?.value ?? null;
const many = (values: StateValues, id: string) =>
  (field(values, id).selected_options ?? []).map((o) => o.value ?? '').filter((v) => v !== '');

function generalForm(values: StateValues): GeneralForm {
  const member = selected(values, SettingsInputs.linkMember);
  return {
    actionPolicy: selected(values, SettingsInputs.actionPolicy),
    readPolicy: selected(values, SettingsInputs.readPolicy),
    linkUser: field(values, SettingsInputs.linkUser).selected_user ?? null,
    linkMember: member === 'none' ? null : member,
  };
}

function digestForm(values: StateValues): DigestForm {
  return {
    channel: field(values, SettingsInputs.channel).selected_conversation ?? null,
    days: many(values, SettingsInputs.days),
    times: text(values, SettingsInputs.times),
    timezone: text(values, SettingsInputs.timezone),
    accountIds: many(values, SettingsInputs.accountIds),
    tagIds: many(values, SettingsInputs.tagIds),
    assigneeIds: many(values, SettingsInputs.assigneeIds),
    minAge: text(values, SettingsInputs.minAge),
    skipEmpty: many(values, SettingsInputs.skipEmpty).includes('skip'),
  };
}

// ── submissions ─────────────────────────────────────────────────────────────────────────────────────────────

const STALE = { [SettingsInputs.actionPolicy]: 'This window is out of date. Close it and run /inbox settings again.' };

/** The main modal's Save: policies and a new member link. */
export function submitSettings(deps: AppDeps): Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>> {
  return async (args) => {
    const { ack, view, body } = args as ViewArgs;
    const meta = decodeSettingsMetadata(view.private_metadata);
    if (!meta) return void (await ack({ response_action: 'errors', errors: STALE }));
    const userId = body.user.id;
    if (!(await deps.teamSettings.canManage(meta.teamId, userId))) {
      return void (await ack({ response_action: 'update', view: buildSettingsNotice(`🔒 ${REFUSED}`) }));
    }
    const form = generalForm(view.state.values);
    const current = await deps.teamSettings.get(meta.teamId);
    const directory = await deps.teamSettings.directory.get();
    const validated = validateGeneralForm(form, current.settings, directory);
    if (!validated.ok) return void (await ack({ response_action: 'errors', errors: blockErrors(validated.errors) }));
    // Saved only if nobody saved since this form was drawn (its version); otherwise the person is told.
    const next = validated.settings;
    const saved = await deps.teamSettings.save(meta.teamId, meta.version, next, userId);
    if (!saved.ok) {
      const keep = {
        ...(form.actionPolicy ? { actionPolicy: form.actionPolicy as Policy } : {}),
        ...(form.readPolicy ? { readPolicy: form.readPolicy as Policy } : {}),
        linkUser: form.linkUser,
        linkMember: form.linkMember,
      };
      return void (await ack({
        response_action: 'update',
        view: await mainView(deps, meta.teamId, saved.current, { conflict: conflictLine(saved.current), form: keep }),
      }));
    }
    await ack();
    deps.logger.info(`settings: saved by ${userId} (version ${saved.snapshot.version})`);
    deps.home.refreshSoon(meta.teamId, userId);
  };
}

/** The digest editor's Save: validate every field, then save the settings with this digest in place. */
export function submitDigest(deps: AppDeps): Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>> {
  return async (args) => {
    const { ack, view, body, client } = args as ViewArgs;
    const meta = decodeSettingsMetadata(view.private_metadata);
    if (!meta || meta.digestId === undefined) {
      return void (await ack({
        response_action: 'errors',
        errors: { [SettingsInputs.times]: 'This window is out of date. Close it and run /inbox settings again.' },
      }));
    }
    const userId = body.user.id;
    if (!(await deps.teamSettings.canManage(meta.teamId, userId))) {
      return void (await ack({ response_action: 'update', view: buildSettingsNotice(`🔒 ${REFUSED}`) }));
    }
    const current = await deps.teamSettings.get(meta.teamId);
    const directory = await deps.teamSettings.directory.get();
    const id = meta.digestId ?? nextDigestId(current.settings.digests);
    const validated = await validateDigestForm(digestForm(view.state.values), id, current.settings.digests, {
      directory,
      checkChannel: deps.checkChannel,
    });
    if (!validated.ok) return void (await ack({ response_action: 'errors', errors: blockErrors(validated.errors) }));
    const digests = current.settings.digests.some((d) => d.id === id)
      ? current.settings.digests.map((d) => (d.id === id ? validated.digest : d))
      : [...current.settings.digests, validated.digest];
    const saved = await deps.teamSettings.save(meta.teamId, meta.version, { ...current.settings, digests }, userId);
    if (!saved.ok) {
      const editor = buildDigestEditor({
        teamId: meta.teamId,
        version: saved.current.version,
        digest: validated.digest,
        directory,
        defaultTimezone: validated.digest.timezone,
      });
      editor.blocks = [
        { type: 'section', text: { type: 'mrkdwn', text: conflictLine(saved.current) } },
        ...editor.blocks,
      ].slice(0, 100);
      editor.private_metadata = JSON.stringify({
        ...JSON.parse(editor.private_metadata ?? '{}'),
        d: meta.digestId,
      });
      return void (await ack({ response_action: 'update', view: editor }));
    }
    await ack();
    deps.logger.info(`settings: channel digest ${id} saved by ${userId} (version ${saved.snapshot.version})`);
    // Back on the main window, show the list as it is now.
    const root = (view as { root_view_id?: string | null }).root_view_id;
    if (root && root !== view.id) {
      await client.views
        .update({ view_id: root, view: await mainView(deps, meta.teamId, saved.snapshot) })
        .catch((error: unknown) =>
          deps.logger.warn(`settings: could not redraw the settings: ${describeSlackFailure(error)}`),
        );
    }
  };
}

// ── buttons in the main modal ───────────────────────────────────────────────────────────────────────────────

function actionValue(action: BlockAction['actions'][number]): string | undefined {
  if ('selected_option' in action && action.selected_option) return action.selected_option.value;
  if ('value' in action) return action.value;
  return undefined;
}

async function redrawAfter(
  deps: AppDeps,
  args: ActionArgs,
  change: (settings: TeamSettings) => TeamSettings,
): Promise<void> {
  const { body, client } = args;
  const viewId = body.view?.id;
  const meta = decodeSettingsMetadata(body.view?.private_metadata);
  if (!viewId || !meta) return;
  if (!(await deps.teamSettings.canManage(meta.teamId, body.user.id))) {
    await client.views.update({ view_id: viewId, view: buildSettingsNotice(`🔒 ${REFUSED}`) });
    return;
  }
  const current = await deps.teamSettings.get(meta.teamId);
  const saved =
    meta.version === current.version
      ? await deps.teamSettings.save(meta.teamId, meta.version, change(current.settings), body.user.id)
      : { ok: false as const, current };
  const view = saved.ok
    ? await mainView(deps, meta.teamId, saved.snapshot)
    : await mainView(deps, meta.teamId, saved.current, { conflict: conflictLine(saved.current) });
  await client.views.update({ view_id: viewId, view });
}

export function settingsAction(deps: AppDeps): Middleware<SlackActionMiddlewareArgs<BlockAction>> {
  return async (raw) => {
    const args = raw as ActionArgs;
    const { ack, body, action, client } = args;
    await ack();
    const value = actionValue(action);
    const meta = decodeSettingsMetadata(body.view?.private_metadata);
    switch (action.action_id) {
      case ActionIds.homeSettings:
        await openSettings(deps, client, body.trigger_id, teamOf(body), body.user.id);
        return;
      case ActionIds.settingsAddDigest:
      case ActionIds.settingsDigestMenu: {
        if (!meta) return;
        const menu = action.action_id === ActionIds.settingsDigestMenu ? parseDigestMenuValue(value) : null;
        if (menu?.verb === 'remove') {
          await redrawAfter(deps, args, (s) => ({ ...s, digests: s.digests.filter((d) => d.id !== menu.digestId) }));
          return;
        }
        const snapshot = await deps.teamSettings.get(meta.teamId);
        const digest = menu ? (snapshot.settings.digests.find((d) => d.id === menu.digestId) ?? null) : null;
        if (menu && !digest) return;
        await client.views.push({
          trigger_id: body.trigger_id,
          view: buildDigestEditor({
            teamId: meta.teamId,
            version: snapshot.version,
            digest,
            directory: await deps.teamSettings.directory.get(),
            defaultTimezone: snapshot.settings.digests[0]?.timezone ?? 'UTC',
          }),
        });
        return;
      }
      case ActionIds.settingsRemoveLink:
        if (!value) return;
        await redrawAfter(deps, args, (s) => {
          const memberLinks = { ...s.memberLinks };
          delete memberLinks[value];
          return { ...s, memberLinks };
        });
        return;
    }
  };
}
