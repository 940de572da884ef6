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
