import { describe, expect, it } from 'vitest';
import { ACCOUNT_ACME, ALICE, BOB, makeDirectory, TAG_HOT } from '../../test/support/block-fixtures.js';
import { memoryRecords } from '../../test/support/memory-store.js';
import { openStore } from '../store/index.js';
import type { RecordsPort } from './store-ports.js';
import {
  type ChannelCheck,
  type ChannelDigestSettings,
  createTeamSettingsService,
  cronToDaysTimes,
  type DigestForm,
  type TeamSettings,
  validateDigestForm,
  validateGeneralForm,
} from './team-settings.js';

const directory = makeDirectory();
const channels: Record<string, ChannelCheck> = {
  C0SALESINB: 'ok',
  C0RANDOM01: 'not_member',
  C0OLDARCHV: 'archived',
};
const ctx = { directory, checkChannel: async (id: string) => channels[id] ?? ('not_found' as const) };

const good: DigestForm = {
  channel: 'C0SALESINB',
  days: ['1', '2', '3', '4', '5'],
  times: '9:00, 16:30',
  timezone: 'Europe/Paris',
  accountIds: [ACCOUNT_ACME.id],
  tagIds: [TAG_HOT.id],
  assigneeIds: [ALICE.id],
  minAge: '2h',
  skipEmpty: true,
};

const defaults: TeamSettings = { digests: [], memberLinks: {}, actionPolicy: 'members', readPolicy: 'anyone' };

describe('validating a channel digest', () => {
  it('accepts a valid form and normalises it', async () => {
    const result = await validateDigestForm(good, 'd1', [], ctx);
    expect(result).toEqual({
      ok: true,
      digest: {
        id: 'd1',
        channel: 'C0SALESINB',
        days: [1, 2, 3, 4, 5],
        times: [
          { hour: 9, minute: 0 },
          { hour: 16, minute: 30 },
        ],
        timezone: 'Europe/Paris',
        accountIds: [ACCOUNT_ACME.id],
        tagIds: [TAG_HOT.id],
        assigneeIds: [ALICE.id],
        minAgeMs: 7_200_000,
        skipEmpty: true,
      },
    });
  });

  it.each<[string, Partial<DigestForm>, keyof DigestForm, string]>([
    ['no channel', { channel: null }, 'channel', 'Pick the channel'],
    ['a channel Slack does not know', { channel: 'C0NOSUCH99' }, 'channel', 'Slack does not know this channel'],
    ['a channel the bot is not in', { channel: 'C0RANDOM01' }, 'channel', '/invite @Inbox'],
    ['an archived channel', { channel: 'C0OLDARCHV' }, 'channel', 'archived'],
    ['a channel ID that is not one', { channel: '#sales' }, 'channel', 'not a channel'],
    ['no day', { days: [] }, 'days', 'at least one day'],
    ['a day that cannot be', { days: ['9'] }, 'days', 'at least one day'],
    ['a time that cannot be', { times: '25:00' }, 'times', '“25:00” is not a time of day'],
    ['minutes that cannot be', { times: '9:00, 9:75' }, 'times', '“9:75”'],
    ['no time', { times: ' ' }, 'times', 'at least one time'],
    ['too many times', { times: '1:00 2:00 3:00 4:00 5:00 6:00 7:00' }, 'times', 'At most 6'],
    ['a time zone that does not exist', { timezone: 'Mars/Olympus' }, 'timezone', 'not a time zone'],
    ['an empty time zone', { timezone: '' }, 'timezone', 'not a time zone'],
    ['an account that is gone', { accountIds: ['anotconnected'] }, 'accountIds', 'no longer connected'],
    ['a tag that is gone', { tagIds: ['tdeleted'] }, 'tagIds', 'no longer exists'],
    ['a member who does not exist', { assigneeIds: ['mnobody'] }, 'assigneeIds', 'no longer a member'],
    ['a minimum age that is not a duration', { minAge: 'soon' }, 'minAge', 'duration'],
    ['a minimum age too long', { minAge: '90d' }, 'minAge', 'between 1m and 30d'],
  ])('puts the error for %s on its field, and nothing else', async (_what, change, fieldName, words) => {
    const result = await validateDigestForm({ ...good, ...change }, 'd1', [], ctx);
    if (result.ok) throw new Error('accepted');
    expect(Object.keys(result.errors)).toEqual([fieldName]);
    expect(result.errors[fieldName]).toContain(words);
  });

  it('refuses a second digest posting to the same channel at the same time', async () => {
    const first = await validateDigestForm(good, 'd1', [], ctx);
    if (!first.ok) throw new Error('refused');
    const second = await validateDigestForm({ ...good, times: '16:30', days: ['2'] }, 'd2', [first.digest], ctx);
    expect(second.ok ? null : second.errors.times).toContain('Another digest already posts');
    // Editing the same digest is not a clash with itself.
    expect((await validateDigestForm(good, 'd1', [first.digest], ctx)).ok).toBe(true);
  });
});

describe('validating policies and member links', () => {
  it.each<[string, Parameters<typeof validateGeneralForm>[0], string, string]>([
    [
      'no action policy',
      { actionPolicy: null, readPolicy: 'anyone', linkUser: null, linkMember: null },
      'actionPolicy',
      'Pick',
    ],
    [
      'an unknown read policy',
      { actionPolicy: 'members', readPolicy: 'admins', linkUser: null, linkMember: null },
      'readPolicy',
      'Pick',
    ],
    [
      'a user without a member',
      { actionPolicy: 'members', readPolicy: 'anyone', linkUser: 'U0FRANK006', linkMember: null },
      'linkMember',
      'Pick the Inbox member',
    ],
    [
      'a member without a user',
      { actionPolicy: 'members', readPolicy: 'anyone', linkUser: null, linkMember: ALICE.id },
      'linkUser',
      'Pick the Slack user',
    ],
    [
      'a member who does not exist',
      { actionPolicy: 'members', readPolicy: 'anyone', linkUser: 'U0FRANK006', linkMember: 'mgone' },
      'linkMember',
      'no longer a member',
    ],
    [
      'a user ID that is not one',
      { actionPolicy: 'members', readPolicy: 'anyone', linkUser: 'frank', linkMember: ALICE.id },
      'linkUser',
      'not a Slack user',
    ],
  ])('puts the error for %s on its field', (_what, form, fieldName, words) => {
    const result = validateGeneralForm(form, defaults, directory);
    if (result.ok) throw new Error('accepted');
    expect(Object.keys(result.errors)).toEqual([fieldName]);
    expect(result.errors[fieldName as keyof typeof result.errors]).toContain(words);
  });

  it('adds a link and sets the policies', () => {
    const result = validateGeneralForm(
      { actionPolicy: 'anyone', readPolicy: 'members', linkUser: 'U0FRANK006', linkMember: BOB.id },
      defaults,
      directory,
    );
    expect(result).toEqual({
      ok: true,
      settings: { ...defaults, actionPolicy: 'anyone', readPolicy: 'members', memberLinks: { U0FRANK006: BOB.id } },
    });
  });
});

describe('DIGEST_SCHEDULE as the starting value', () => {
  it.each([
    ['0 9 * * 1-5', { days: [1, 2, 3, 4, 5], times: [{ hour: 9, minute: 0 }] }],
    [
      '30 8,17 * * *',
      {
        days: [0, 1, 2, 3, 4, 5, 6],
        times: [
          { hour: 8, minute: 30 },
          { hour: 17, minute: 30 },
        ],
      },
    ],
    ['0 9 * * 0,6', { days: [0, 6], times: [{ hour: 9, minute: 0 }] }],
  ])('reads %s as days and times', (cron, expected) => expect(cronToDaysTimes(cron)).toEqual(expected));

  it.each(['*/15 9-17 * * 1-5', '0 9 1 * *', '0 9 * * MON'])('keeps %s as a cron expression', (cron) =>
    expect(cronToDaysTimes(cron)).toBeNull(),
  );
});

describe('saving settings', () => {
  const digest = (id: string, channel: string): ChannelDigestSettings => ({
    id,
    channel,
    days: [1],
    times: [{ hour: 9, minute: 0 }],
    timezone: 'UTC',
    accountIds: [],
    tagIds: [],
    assigneeIds: [],
    minAgeMs: null,
    skipEmpty: false,
  });
  const service = (records: RecordsPort = memoryRecords()) =>
    createTeamSettingsService({
      records,
      defaults,
      adminUsers: [],
      directory: { get: async () => directory, refresh: async () => directory },
      isLinked: async (id) => id === 'U0ALICE001' || id === 'U0BOB00002',
    });

  it('serves the environment values until someone saves in Slack; then Slack wins', async () => {
    const settings = service();
    expect(await settings.get('T1')).toMatchObject({ settings: defaults, version: null });
    const saved = await settings.save('T1', null, { ...defaults, actionPolicy: 'anyone' }, 'U0ALICE001');
    expect(saved.ok).toBe(true);
    expect(await settings.get('T1')).toMatchObject({
      settings: { actionPolicy: 'anyone' },
      version: 1,
      updatedBy: 'U0ALICE001',
    });
  });

  it.each([
    ['in memory', async () => memoryRecords()],
    ['on the SQLite state store', async () => (await openStore({ sqliteFile: ':memory:' })).records],
  ])(
    'two admins saving at once (%s): one write lands whole, the other is refused and told who saved, nothing mixed',
    async (_where, open) => {
      const settings = service(await open());
      await settings.save('T1', null, defaults, 'U0ALICE001');
      const aliceBase = await settings.get('T1');
      const bobBase = await settings.get('T1');
      const alice = { ...aliceBase.settings, digests: [digest('d1', 'C0SALESINB')] };
      const bob = { ...bobBase.settings, actionPolicy: 'anyone' as const, memberLinks: { U0FRANK006: BOB.id } };
      const [a, b] = await Promise.all([
        settings.save('T1', aliceBase.version, alice, 'U0ALICE001'),
        settings.save('T1', bobBase.version, bob, 'U0BOB00002'),
      ]);
      expect([a.ok, b.ok].sort()).toEqual([false, true]);
      const loser = a.ok ? b : a;
      if (loser.ok) throw new Error('no loser');
      const stored = await settings.get('T1');
      // The winner's settings, exactly: not a mix of both.
      expect([alice, bob]).toContainEqual(stored.settings);
      expect(loser.current.settings).toEqual(stored.settings);
      expect(loser.current.updatedBy).toBe(a.ok ? 'U0ALICE001' : 'U0BOB00002');
      // The loser saves again on top of the current version: the last write wins.
      const retry = await settings.save(
        'T1',
        loser.current.version,
        a.ok ? bob : alice,
        a.ok ? 'U0BOB00002' : 'U0ALICE001',
      );
      expect(retry.ok).toBe(true);
      expect((await settings.get('T1')).settings).toEqual(a.ok ? bob : alice);
    },
  );

  it('lets linked members manage settings under ACTION_POLICY=members, only ADMIN_USERS when the list is set', async () => {
    const settings = service();
    expect(await settings.canManage('T1', 'U0ALICE001')).toBe(true);
    expect(await settings.canManage('T1', 'U0FRANK006')).toBe(false);
    const admins = createTeamSettingsService({
      records: memoryRecords(),
      defaults,
      adminUsers: ['U0FRANK006'],
      directory: { get: async () => directory, refresh: async () => directory },
      isLinked: async () => true,
    });
    expect(await admins.canManage('T1', 'U0FRANK006')).toBe(true);
    expect(await admins.canManage('T1', 'U0ALICE001')).toBe(false);
  });
});
