/**
 * The team directory: members, account links, tags and statuses (flat, unpaginated lists in v1),
 * plus the configured campaign names (v1 cannot list campaigns). Cached; refreshed when a name is
 * not found, so a tag created a minute ago resolves without a restart.
 */
import type { AccountLink, Member, Status, Tag } from '../inbox/schemas.js';

export interface Campaign {
  id: string;
  name: string;
}

export interface Directory {
  members: Member[];
  accountLinks: AccountLink[];
  tags: Tag[];
  statuses: Status[];
  campaigns: Campaign[];
}

/** Cached access to the directory; `refresh()` refetches (used when a name is not found). */
export interface DirectoryService {
  get(): Promise<Directory>;
  refresh(): Promise<Directory>;
}

export interface DirectorySource {
  listMembers(): Promise<Member[]>;
  listAccountLinks(): Promise<AccountLink[]>;
  listTags(): Promise<Tag[]>;
  listStatuses(): Promise<Status[]>;
}

export interface DirectoryServiceOptions {
  /** How long a fetched directory is served from memory. */
  ttlMs?: number;
  /**
   * refresh() refetches at most once per this interval, whoever asks (a name not found, a user with no seat): a
   * burst of clicks or lookups costs 4 Inbox requests per interval, not 4 per click.
   */
  minRefreshMs?: number;
  clock?: () => Date;
}

/**
 * Caches the four directory lists (4 Inbox requests per refresh, none on a hit). Concurrent callers share one
 * in-flight fetch; a failed fetch is not cached; refresh() refetches at most once per `minRefreshMs`.
 */
export function createDirectoryService(
  source: DirectorySource,
  campaigns: Campaign[],
  options: DirectoryServiceOptions = {},
): DirectoryService {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const minRefreshMs = options.minRefreshMs ?? 30_000;
  const clock = options.clock ?? (() => new Date());
  let cached: { value: Directory; at: number } | null = null;
  let inFlight: Promise<Directory> | null = null;

  const fetchNow = (): Promise<Directory> => {
    inFlight ??= (async () => {
      try {
        const [members, accountLinks, tags, statuses] = await Promise.all([
          source.listMembers(),
          source.listAccountLinks(),
          source.listTags(),
          source.listStatuses(),
        ]);
        const value: Directory = { members, accountLinks, tags, statuses, campaigns };
        cached = { value, at: clock().getTime() };
        return value;
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };

  const age = () => (cached ? clock().getTime() - cached.at : Number.POSITIVE_INFINITY);

  return {
    get: async () => (cached && age() < ttlMs ? cached.value : fetchNow()),
    refresh: async () => (cached && age() < minRefreshMs ? cached.value : fetchNow()),
  };
}
