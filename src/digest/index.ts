export {
  type ClaimRecord,
  type ClaimResult,
  createDigestClaims,
  type DigestClaims,
} from './claims.js';
export { collectNoReply, type DigestSummary, type PagingStrategy, waitingSince } from './collect.js';
export {
  createDigest,
  type Digest,
  type DigestDeps,
  type DigestFailure,
  type DigestOutcome,
  type DigestPreview,
  type DigestTrigger,
} from './job.js';
export { describeOutcome } from './outcome.js';
export {
  classifySlackError,
  createDigestWebClient,
  createSlackDigestPoster,
  DIGEST_EVENT_TYPE,
  type DigestPostArgs,
  type DigestPoster,
} from './poster.js';
export { createDigestSchedule, type DigestSchedule, ScheduleError } from './schedule.js';
export { type DigestScheduler, startDigestScheduler } from './start.js';
export { createDigestFromConfig, teamIdOf } from './wire.js';
