import { describe, expect, it } from 'vitest';
import type { Member } from '../inbox/schemas.js';
import type { Directory, DirectoryService } from './directory.js';
import { createIdentityService } from './identity.js';

const member = (id: string, email: string): Member => ({
  id,
  userId: `u${id}`,
  name: id,
  email,
  image: null,
  role: 'user',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: null,
});

function directoryOf(members: Member[]): DirectoryService & { refreshes: number } {
  const dir: Directory = { members, accountLinks: [], tags: [], statuses: [], campaigns: [] };
  const service = {
    refreshes: 0,
    get: async () => dir,
    refresh: async () => {
      service.refreshes++;
      return dir;
    },
  };
  return service;
}

describe('createIdentityService', () => {
  const members = [member('malice', 'Alice@Acme.example'), member('mbob', 'bob@acme.example')];

  it('matches the Slack email to a member case-insensitively and caches the lookup', async () => {
    let lookups = 0;
    const identity = createIdentityService({
      directory: directoryOf(members),
      memberMap: {},
      lookupEmail: async () => {
        lookups++;
        return 'alice@acme.EXAMPLE';
      },
    });
    expect((await identity.memberFor('U1'))?.id).toBe('malice');
    expect((await identity.memberFor('U1'))?.id).toBe('malice');
    expect(lookups).toBe(1);
  });

  it('lets MEMBER_MAP win over the email without asking Slack', async () => {
    const identity = createIdentityService({
      directory: directoryOf(members),
      memberMap: { U1: 'mbob' },
      lookupEmail: async () => {
        throw new Error('must not be called');
      },
    });
    expect((await identity.memberFor('U1'))?.id).toBe('mbob');
  });

  it('returns null for a Slack user with no Inbox seat, after one refresh', async () => {
    const directory = directoryOf(members);
    const identity = createIdentityService({
      directory,
      memberMap: {},
      lookupEmail: async () => 'frank@partner.example',
    });
    expect(await identity.memberFor('U9')).toBeNull();
    expect(directory.refreshes).toBe(1);
  });

  it('returns null without touching Inbox when Slack has no email', async () => {
    const directory = directoryOf(members);
    const identity = createIdentityService({ directory, memberMap: {}, lookupEmail: async () => null });
    expect(await identity.memberFor('U9')).toBeNull();
    expect(directory.refreshes).toBe(0);
  });
});
