/**
 * The Slack side of live events: post, update and permalink through a WebClient that does not retry by
 * itself, and one queue per channel (p-queue) that keeps chat.postMessage at about one per second per
 * channel. A `ratelimited` answer pauses that channel's queue for Retry-After and tries the same call again
 * (Slack did not post it), so rate limits cost time, never a message.
 */
import type { Logger } from '@slack/bolt';
import { ErrorCode, WebClient } from '@slack/web-api';
import PQueue from 'p-queue';
import type { SlackMessage } from '../blocks/message.js';
import { describeSlackFailure } from '../services/failures.js';

export interface LiveSlack {
  /** chat.postMessage; `channel` may be a user ID (the app's DM with them). */
  post(channel: string, message: SlackMessage, threadTs?: string): Promise<{ channel: string; ts: string }>;
  update(channel: string, ts: string, message: SlackMessage): Promise<void>;
  permalink(channel: string, ts: string): Promise<string | null>;
}

export function createWebLiveSlack(token: string, slackApiUrl: string | null): LiveSlack {
  const client = new WebClient(token, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    timeout: 10_000,
    // Rate limits are handled by the channel queue; anything else is not retried (no idempotency key).
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
  return {
    async post(channel, message, threadTs) {
      const res = await client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks as never,
        unfurl_links: false,
        unfurl_media: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      return { channel: res.channel ?? channel, ts: res.ts ?? '' };
    },
    async update(channel, ts, message) {
      await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks as never });
    },
    async permalink(channel, ts) {
      try {
        return (await client.chat.getPermalink({ channel, message_ts: ts })).permalink ?? null;
      } catch {
        return null;
      }
    },
  };
}

/** Seconds to wait when `error` is Slack's rate limit, else null. */
export function rateLimitedFor(error: unknown): number | null {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string } } | null;
  if (e?.code === ErrorCode.RateLimitedError) return e.retryAfter ?? 1;
  if (e?.data?.error === 'ratelimited') return 1;
  return null;
}

export interface ChannelQueuesOptions {
  /** Spacing of jobs per channel (default 1000 ms: Slack's one message per second per channel). */
  intervalMs?: number;
  /** Attempts of one call through rate limits (default 5). */
  maxAttempts?: number;
  logger: Logger;
  /** Called with each rate-limit pause (benchmarks, tests). */
  onRateLimited?: (channel: string, seconds: number) => void;
}

export interface ChannelQueues {
  /** Runs `job` in the channel's queue: one job at a time per channel, at most one per interval. */
  run<T>(channel: string, job: () => Promise<T>): Promise<T>;
  /**
   * One Slack call inside a job: a `ratelimited` answer waits Retry-After and tries again (Slack did not do
   * it). Waiting inside the job holds the channel's queue, so the whole channel pauses, as Slack asks.
   */
  call<T>(channel: string, call: () => Promise<T>): Promise<T>;
  /** Jobs waiting or running in the channel's queue. */
  size(channel: string): number;
  idle(): Promise<void>;
  clear(): void;
}

export function createChannelQueues(options: ChannelQueuesOptions): ChannelQueues {
  const intervalMs = options.intervalMs ?? 1_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const queues = new Map<string, PQueue>();
  const queueFor = (channel: string) => {
    let q = queues.get(channel);
    if (!q) {
      q = new PQueue({ concurrency: 1, intervalCap: 1, interval: intervalMs, carryoverIntervalCount: true });
      queues.set(channel, q);
    }
    return q;
  };

  return {
    run: (channel, job) => queueFor(channel).add(job) as ReturnType<typeof job>,
    async call(channel, call) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await call();
        } catch (error) {
          const wait = rateLimitedFor(error);
          if (wait === null || attempt >= maxAttempts) throw error;
          options.onRateLimited?.(channel, wait);
          options.logger.warn(`Slack rate-limited ${channel}: waiting ${wait} s (${describeSlackFailure(error)})`);
          await new Promise((resolve) => setTimeout(resolve, wait * 1_000));
        }
      }
    },
    size: (channel) => {
      const q = queues.get(channel);
      return q ? q.size + q.pending : 0;
    },
    async idle() {
      await Promise.all([...queues.values()].map((q) => q.onIdle()));
    },
    clear() {
      for (const q of queues.values()) q.clear();
    },
  };
}
