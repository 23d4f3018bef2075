import type { HealthCheck, ImageConfig, ImageHealthcheck } from '@switchyard/contracts';

/**
 * A container's process as Docker settles it from the request and the image's config. Pure, so the
 * compiler's output is unit tested against Docker's rules.
 */

export interface WorkloadRequest {
  /** `docker run IMAGE cmd...`: empty keeps the image's Cmd. */
  command: string[];
  /** `--entrypoint`: null keeps the image's; `[]` (`--entrypoint ''`) clears it. */
  entrypoint: string[] | null;
  env: Record<string, string>;
  user: string | null;
  workingDir: string | null;
  stopSignal: string | null;
  stopTimeoutSeconds: number | null;
}

export interface ResolvedWorkload {
  command: string[];
  env: Record<string, string>;
  user: string;
  workingDir: string;
  stopSignal: string;
  stopTimeoutSeconds: number;
}

/** `KEY=value` lines; a line without `=` sets the empty value, as Docker's env parsing does. */
function envLines(lines: readonly string[]): [string, string][] {
  return lines.map((line) => {
    const equals = line.indexOf('=');
    return equals === -1 ? [line, ''] : [line.slice(0, equals), line.slice(equals + 1)];
  });
}

/**
 * argv: a request's entrypoint replaces the image's and drops the image's Cmd; a request's command
 * replaces the Cmd. env: the image's, then the request's on top. The rest: the request's, else the
 * image's, else Docker's defaults (root, `/`, SIGTERM, 10 s).
 */
export function resolveWorkload(image: ImageConfig, request: WorkloadRequest): ResolvedWorkload {
  const entrypoint = request.entrypoint ?? image.entrypoint ?? [];
  const cmd =
    request.command.length > 0 ? request.command : request.entrypoint !== null ? [] : (image.cmd ?? []);
  return {
    command: [...entrypoint, ...cmd],
    env: Object.fromEntries([...envLines(image.env), ...Object.entries(request.env)]),
    user: request.user ?? image.user,
    workingDir: request.workingDir ?? image.workingDir,
    stopSignal: request.stopSignal ?? image.stopSignal ?? 'SIGTERM',
    stopTimeoutSeconds: request.stopTimeoutSeconds ?? 10,
  };
}

const nsPerMs = 1_000_000;
/** Docker's defaults for a HEALTHCHECK field left at zero. */
const healthDefaults = { intervalMs: 30_000, timeoutMs: 30_000, retries: 3, startPeriodMs: 0 };

function clampMs(ns: number, fallback: number, min: number, max: number): number {
  if (ns === 0) return fallback;
  return Math.min(max, Math.max(min, Math.round(ns / nsPerMs)));
}

/**
 * The image's HEALTHCHECK as a health check the agent runs: `CMD` runs its argv, `CMD-SHELL` runs
 * through `sh -c`; `NONE` (and an empty test) is none.
 */
export function imageHealthCheck(health: ImageHealthcheck | null): HealthCheck | null {
  if (health === null) return null;
  const [kind, ...rest] = health.test;
  let command: string[];
  if (kind === 'CMD') command = rest;
  else if (kind === 'CMD-SHELL') command = ['sh', '-c', rest.join(' ')];
  else return null;
  if (command.length === 0) return null;
  return {
    kind: 'command',
    command,
    intervalMs: clampMs(health.intervalNs, healthDefaults.intervalMs, 100, 3_600_000),
    timeoutMs: clampMs(health.timeoutNs, healthDefaults.timeoutMs, 100, 600_000),
    retries: health.retries === 0 ? healthDefaults.retries : Math.min(100, health.retries),
    startPeriodMs: clampMs(health.startPeriodNs, healthDefaults.startPeriodMs, 0, 3_600_000),
  };
}
