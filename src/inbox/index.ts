export {
  createInboxClient,
  DEFAULT_BASE_URL,
  type InboxClientHandle,
  type InboxClientOptions,
  type InboxLogger,
} from './client.js';
export { InboxApiError, type InboxErrorKind, isInboxApiError } from './errors.js';
export { buildFilters, buildThreadListQuery } from './filters.js';
export { type InboxPriority, InboxScheduler, type QueuedInfo, type SchedulerOptions } from './scheduler.js';
export * from './schemas.js';
export type * from './types.js';
