/**
 * The channel digests made in Slack (`/inbox settings`): several, each with its channel, days, times, zone and
 * filters. Every minute the team's settings are read again (a change applies at once, no restart), and each
 * digest schedule whose latest slot is due (within the grace window) runs through the digest job, whose claim in
 * the state store makes each (channel, slot) post exactly once across restarts and replicas. Digests due at the
 * same minute run side by side, so a slow one never delays the others.
 */
import type { Logger } from '@slack/bolt';
import type { DigestConfig } from '../config.js';
import type { Directory } from '../services/directory.js';
import { type ChannelDigestSettings, digestSchedules, type SettingsSnapshot } from '../services/team-settings.js';
import type { Digest, DigestOutcome } from './job.js';
import { type LoopHealth, realTimers, type Timers } from './scheduler.js';

export interface DigestFleetDeps {
  /** The team's settings now (the environment's values until someone saves in Slack). */
  settings(): Promise<SettingsSnapshot>;
  directory(): Promise<Directory>;
  /** The digest job for one schedule (claims, poster, Inbox: as for the environment's digest). */
  makeDigest(config: DigestConfig): Digest;
  /** The environment's digest settings, the base of every digest's config (grace, claim TTL…). */
  base: DigestConfig;
  clock: () => Date;
  logger: Logger;
}

export interface FleetRun {
  digestId: string;
  schedule: string;
  outcome: DigestOutcome;
}

export interface DigestFleet {
  /** Runs every digest schedule that is due now; resolves when all have finished. `signal` stops them early. */
  runDue(signal?: AbortSignal): Promise<FleetRun[]>;
  /** The next slot of any digest strictly after `after` (null when there is none). */
  nextRun(after: Date): Promise<Date | null>;
  /** The first channel digest's job (what `/inbox digest` previews and posts), or null when there is none. */
  primary(): Promise<Digest | null>;
}

/** The digest job's config for one schedule of a digest made in Slack. */
export function fleetConfig(
  digest: ChannelDigestSettings,
  schedule: string,
  base: DigestConfig,
  directory: Directory,
): DigestConfig {
  const handles = digest.accountIds
    .map((id) => directory.accountLinks.find((a) => a.id === id)?.username)
    .filter((h): h is string => h !== undefined)
    .map((h) => h.toLowerCase())
    .concat(digest.accountHandles ?? []);
  return {
    ...base,
    channel: digest.channel,
    schedule,
    timezone: digest.timezone,
    skipEmpty: digest.skipEmpty,
    accounts: handles,
    minAgeMs: digest.minAgeMs,
    tagIds: digest.tagIds,
    assigneeIds: digest.assigneeIds,
  };
}

export function createDigestFleet(deps: DigestFleetDeps): DigestFleet {
  /** One job per distinct config, kept while its config is unchanged. */
  const jobs = new Map<string, Digest>();
  /** The last slot run per job (this process): the claim is the real guard, this avoids asking again. */
  const handled = new Map<string, number>();
  /**
   * Slots another copy was posting when this one asked: asked again once that copy's claim could have expired,
   * so a copy that died mid-run (SIGKILL) has its slot taken over — even after a newer slot has come.
   */
  const heldElsewhere = new Map<string, { slot: Date; at: number }>();

  const jobFor = (config: DigestConfig): { key: string; digest: Digest } => {
    const key = JSON.stringify(config);
    let digest = jobs.get(key);
    if (!digest) {
      digest = deps.makeDigest(config);
      jobs.set(key, digest);
    }
    return { key, digest };
  };

  async function configs(): Promise<Array<{ digestId: string; config: DigestConfig }>> {
    const { settings } = await deps.settings();
    if (settings.digests.length === 0) return [];
    const directory = await deps.directory();
    return settings.digests.flatMap((d) =>
      digestSchedules(d).map((schedule) => ({
        digestId: d.id,
        config: fleetConfig(d, schedule, deps.base, directory),
      })),
    );
  }

  return {
    async runDue(signal) {
      const now = deps.clock();
      const due: Array<Promise<FleetRun | null>> = [];
      const live = new Set<string>();
      const run = (digestId: string, key: string, config: DigestConfig, digest: Digest, slot: Date, late: boolean) =>
        digest.runScheduledSlot(slot, { late, ...(signal ? { signal } : {}) }).then(
          (outcome) => {
            if (outcome.status === 'in-progress' && now.getTime() - slot.getTime() <= config.graceMs) {
              heldElsewhere.set(`${key}@${slot.getTime()}`, { slot, at: deps.clock().getTime() + config.claimTtlMs });
            }
            return { digestId, schedule: config.schedule, outcome };
          },
          (error: unknown) => {
            deps.logger.error(`digest: the ${digestId} digest run threw`, error);
            return null;
          },
        );
      for (const { digestId, config } of await configs()) {
        const { key, digest } = jobFor(config);
        live.add(key);
        for (const [heldKey, held] of heldElsewhere) {
          if (!heldKey.startsWith(`${key}@`) || held.at > now.getTime()) continue;
          heldElsewhere.delete(heldKey);
          if (now.getTime() - held.slot.getTime() > config.graceMs) continue;
          due.push(run(digestId, key, config, digest, held.slot, true));
        }
        const slot = digest.schedule.latestAtOrBefore(now);
        if (!slot || now.getTime() - slot.getTime() > config.graceMs) continue;
        if (handled.get(key) === slot.getTime()) continue;
        handled.set(key, slot.getTime());
        due.push(run(digestId, key, config, digest, slot, now.getTime() - slot.getTime() > 60_000));
      }
      for (const key of jobs.keys()) {
        if (!live.has(key)) {
          jobs.delete(key);
          handled.delete(key);
          for (const heldKey of heldElsewhere.keys()) if (heldKey.startsWith(`${key}@`)) heldElsewhere.delete(heldKey);
        }
      }
      return (await Promise.all(due)).filter((r): r is FleetRun => r !== null);
    },

    async nextRun(after) {
      let next: Date | null = null;
      for (const held of heldElsewhere.values()) {
        const at = new Date(Math.max(held.at, after.getTime() + 1));
        if (!next || at < next) next = at;
      }
      for (const { config } of await configs()) {
        const at = jobFor(config).digest.schedule.nextAfter(after);
        if (at && (!next || at < next)) next = at;
      }
      return next;
    },

    async primary() {
      const [first] = await configs();
      return first ? jobFor(first.config).digest : null;
    },
  };
}

/**
 * Wakes at the next slot of any digest (at least once a minute, to see settings changes), runs what is due, and
 * does not wait for the runs: a digest retrying a slow Inbox never holds back another's slot. A run still going
 * after `runTimeoutMs` is abandoned (aborted) and reported by health() until it ends. stop() aborts the runs in
 * flight (between retries; a post under way finishes) and waits for them, at most `stopTimeoutMs`.
 */
export function startDigestFleet(options: {
  fleet: DigestFleet;
  clock: () => Date;
  logger: Logger;
  timers?: Timers;
  /** Longest sleep before the settings are read again. */
  maxSleepMs?: number;
  /** A run still going after this long is abandoned and reported unhealthy (default 20 min). */
  runTimeoutMs?: number;
  stopTimeoutMs?: number;
}): { stop(): Promise<void>; health(): LoopHealth } {
  const timers = options.timers ?? realTimers;
  const maxSleepMs = options.maxSleepMs ?? 60_000;
  const runTimeoutMs = options.runTimeoutMs ?? 20 * 60_000;
  const running = new Map<Promise<unknown>, { startedAt: number; label: string; abort: AbortController }>();
  let stopped = false;
  let handle: unknown = null;

  const minute = (at: Date) => at.toISOString().slice(0, 16);

  /** Aborts the runs past their bound; the oldest of them, in words. */
  const overdue = (): string | null => {
    const now = options.clock().getTime();
    let worst: { age: number; label: string } | null = null;
    for (const run of running.values()) {
      const age = now - run.startedAt;
      if (age < runTimeoutMs) continue;
      if (!run.abort.signal.aborted) {
        run.abort.abort(new Error('the digest run took too long'));
        options.logger.error(`digest: the ${run.label} digest run was abandoned after ${Math.round(age / 1000)} s`);
      }
      if (!worst || age > worst.age) worst = { age, label: run.label };
    }
    return worst
      ? `the ${worst.label} digest run has been going for ${Math.max(1, Math.round(worst.age / 60_000))} min (abandoned; it ends at its next time limit)`
      : null;
  };

  const tick = async () => {
    handle = null;
    if (stopped) return;
    overdue();
    const abort = new AbortController();
    const run = options.fleet
      .runDue(abort.signal)
      .catch((error: unknown) => options.logger.error('digest: a channel digest run threw', error));
    running.set(run, { startedAt: options.clock().getTime(), label: minute(options.clock()), abort });
    void run.finally(() => running.delete(run));
    let next: Date | null = null;
    try {
      next = await options.fleet.nextRun(options.clock());
    } catch (error) {
      options.logger.warn(`digest: could not read the channel digests' schedules: ${String(error)}`);
    }
    if (stopped) return;
    const wait = next ? next.getTime() - options.clock().getTime() + 5 : maxSleepMs;
    handle = timers.setTimeout(() => void tick(), Math.max(5, Math.min(wait, maxSleepMs)));
  };
  void tick();

  return {
    health() {
      const reason = overdue();
      return reason ? { ok: false, reason } : { ok: true };
    },
    async stop() {
      stopped = true;
      if (handle !== null) timers.clearTimeout(handle);
      for (const run of running.values()) run.abort.abort(new Error('the digest scheduler is stopping'));
      let timer: unknown = null;
      await Promise.race([
        Promise.allSettled([...running.keys()]),
        new Promise<void>((resolve) => {
          timer = timers.setTimeout(resolve, options.stopTimeoutMs ?? 15_000);
        }),
      ]);
      if (timer !== null) timers.clearTimeout(timer);
    },
  };
}
