/**
 * Named health checks behind GET /healthz: 200 `{"ok":true,"checks":{…}}` when every check passes, 503 with
 * each failing check's reason otherwise. A feature that can be stuck registers one check here (the state store
 * does, in runtime.ts); a check answers within its own time limit and never throws.
 */
export type HealthResult = { ok: true } | { ok: false; reason: string };

export interface HealthReport {
  ok: boolean;
  checks: Record<string, HealthResult>;
}

export interface HealthRegistry {
  register(name: string, check: () => Promise<HealthResult> | HealthResult): void;
  report(): Promise<HealthReport>;
}

export function createHealthRegistry(): HealthRegistry {
  const checks = new Map<string, () => Promise<HealthResult> | HealthResult>();
  return {
    register(name, check) {
      checks.set(name, check);
    },
    async report() {
      const entries = await Promise.all(
        [...checks].map(async ([name, check]): Promise<[string, HealthResult]> => {
          try {
            return [name, await check()];
          } catch (error) {
            return [name, { ok: false, reason: (error as Error).message }];
          }
        }),
      );
      return { ok: entries.every(([, r]) => r.ok), checks: Object.fromEntries(entries) };
    },
  };
}
