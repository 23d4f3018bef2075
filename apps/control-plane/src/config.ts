import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { cidrSchema, parseLogSettings, type LogSettings } from '@switchyard/contracts';
import { defaultAddressPools } from './ipam/address-pools.js';
import { parseTlsListen, parseUnixListen } from './docker-api/listen-address.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** `SWITCHYARD_DATA_DIR`, else `data/` at the repository root: where the database and lab files live. */
export function defaultDataDir(): string {
  return process.env.SWITCHYARD_DATA_DIR ?? join(repoRoot, 'data');
}

/** Where the control plane listens unless SWITCHYARD_PORT says otherwise. */
export const defaultControlPlanePort = 7080;

const portSetting = (variable: string) =>
  z
    .number()
    .int(`${variable} must be a port number from 1 to 65535`)
    .min(1, `${variable} must be a port number from 1 to 65535`)
    .max(65_535, `${variable} must be a port number from 1 to 65535`);

/** A listen setting its parser accepts; the parser's message names the variable. */
const listenSetting = (parse: (text: string) => unknown) =>
  z.string().superRefine((value, context) => {
    try {
      parse(value);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

export const controlPlaneConfigSchema = z.object({
  dataDir: z.string().min(1),
  /** Address the HTTP server binds; agents on other hosts must reach it. */
  host: z.string().min(1),
  port: z.number().int().min(0).max(65_535),
  /** `file:<path>` for SQLite. */
  databaseUrl: z.string().min(1),
  adminPassword: z.string().min(8, 'SWITCHYARD_ADMIN_PASSWORD must be at least 8 characters').optional(),
  /** `SWITCHYARD_HEARTBEAT_INTERVAL`: how often each agent says it is alive (told in the welcome). */
  heartbeatIntervalMs: z.number().int().min(100, 'SWITCHYARD_HEARTBEAT_INTERVAL must be at least 100ms'),
  /**
   * `SWITCHYARD_NODE_DOWN_AFTER`: a node silent this long (no heartbeat, its agent gone or cut off)
   * is marked down and its service tasks are placed elsewhere; a disconnect alone does not, so an
   * agent restarted at once keeps its tasks.
   */
  nodeDownAfterMs: z.number().int().positive(),
  /**
   * `SWITCHYARD_NODE_GRACE`: after the control plane starts, how long nodes that were ready have to
   * reconnect before they are marked down (Swarm's grace after a manager restart).
   */
  nodeGraceMs: z.number().int().min(0),
  /** `SWITCHYARD_RESYNC_INTERVAL`: how often each agent re-reads its kernel and repairs drift (at most 10 s). */
  resyncIntervalMs: z
    .number()
    .int()
    .positive()
    .max(10_000, 'SWITCHYARD_RESYNC_INTERVAL must be at most 10s: drift is repaired within it'),
  sessionTtlMs: z.number().int().positive(),
  /** The URL other hosts' agents use to join (https: TLS only beyond loopback); derived from the host's first IPv4 when unset. */
  advertiseUrl: z
    .string()
    .url()
    .refine((url) => url.startsWith('https://'), 'SWITCHYARD_ADVERTISE_URL must be an https:// URL')
    .optional(),
  /** Extra origins allowed to open the dashboard's live channel besides the same hostname. */
  webOrigins: z.array(z.string()),
  /** `SWITCHYARD_WEB_PORT`: the dashboard's port on this host, the only other one its pages may come from. */
  webPort: z.number().int().min(1).max(65_535).optional(),
  /**
   * `SWITCHYARD_WEB_PROXY_SECRET`: shared with the dashboard's server by `switchyard start`; only a
   * loopback request carrying it may say whose browser it forwards (X-Forwarded-For).
   */
  webProxySecret: z.string().min(16).optional(),
  /** Where user-defined networks without `--subnet` get theirs, as Docker's `default-address-pools`. */
  defaultAddressPools: z.array(z.object({ base: cidrSchema, size: z.number().int().min(8).max(30) })),
  /** `SWITCHYARD_DOCKER_API`: the Engine API's root-only socket, `unix:///path` (default `<dataDir>/docker.sock`), or `off`. */
  dockerApiListen: listenSetting(parseUnixListen),
  /** `SWITCHYARD_DOCKER_TLS`: `host:port` of the Engine API over TLS with client bundles (default `0.0.0.0:2376`), or `off`. */
  dockerTlsListen: listenSetting(parseTlsListen),
  /** `SWITCHYARD_DOCKER_API_DEBUG=1`: log every Engine API request and its answer. */
  dockerApiDebug: z.boolean(),
  /** A service task that ended is replaced no sooner than this after it ended (Swarm's restart delay). */
  taskRestartDelayMs: z.number().int().min(0),
  /**
   * `SWITCHYARD_TASK_DRAIN_TIMEOUT`: a task stopped on purpose (scale down, update, drain) leaves
   * DNS, VIPs and proxies at once and keeps running until every ready node has applied a document
   * without it (then `taskDrainLingerMs` more), or this long at most; 0: stopped at once.
   */
  taskDrainMs: z.number().int().min(0),
  /** After the last node let go of a stopping task: an answer given just before, or a request under way, still reaches it. */
  taskDrainLingerMs: z.number().int().min(0),
  /** Where the HTTP routing mesh's proxy listens on every host: HTTP (Host header) and TLS by SNI. */
  hrmHttpPort: portSetting('SWITCHYARD_HRM_HTTP_PORT'),
  hrmSniPort: portSetting('SWITCHYARD_HRM_SNI_PORT'),
  /** `SWITCHYARD_CERT_TTL`: how long a node's certificate (and the control plane's) is valid; renewed at two thirds. */
  certificateTtlMs: z.number().int().min(5_000, 'SWITCHYARD_CERT_TTL must be at least 5s'),
  /** `SWITCHYARD_BUNDLE_TTL`: how long a user's client bundle is valid. */
  bundleTtlMs: z.number().int().min(60_000, 'SWITCHYARD_BUNDLE_TTL must be at least 1m'),
  /** `SWITCHYARD_JOIN_TOKEN_TTL`: a join token issued without an expiry expires after this. */
  joinTokenTtlMs: z.number().int().min(60_000, 'SWITCHYARD_JOIN_TOKEN_TTL must be at least 1m'),
  /** `SWITCHYARD_IMAGE_MAX_BYTES`: the largest image archive `docker load` or the dashboard may upload. */
  imageArchiveMaxBytes: z
    .number()
    .int()
    .positive('SWITCHYARD_IMAGE_MAX_BYTES must be a positive number of bytes'),
  /** How long `docker load` waits for every container host to hold what it loaded. */
  imageLoadWaitMs: z.number().int().min(0),
  /** `SWITCHYARD_EVENTS_MAX_AGE`: events older than this are pruned. */
  eventsMaxAgeMs: z.number().int().min(60_000, 'SWITCHYARD_EVENTS_MAX_AGE must be at least 1m'),
  /** `SWITCHYARD_EVENTS_MAX_ROWS`: beyond this many events, the oldest are pruned. */
  eventsMaxRows: z
    .number()
    .int('SWITCHYARD_EVENTS_MAX_ROWS must be a whole number')
    .min(1_000, 'SWITCHYARD_EVENTS_MAX_ROWS must be at least 1000'),
});
export type ControlPlaneConfig = z.infer<typeof controlPlaneConfigSchema>;

/** Where `prisma migrate deploy` runs: the repository, with this process's environment pointed at the database. */
export function migrationProcess(databaseUrl: string): { cwd: string; env: NodeJS.ProcessEnv } {
  return { cwd: repoRoot, env: { ...process.env, DATABASE_URL: databaseUrl } };
}

const durationUnits: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90d`, `12h`, `30s`: a duration setting from the environment, or `fallback` when unset. */
export function durationSetting(variable: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const match = /^(\d{1,9})(ms|s|m|h|d)$/.exec(value.trim());
  const unit = durationUnits[match?.[2] ?? ''];
  if (match === null || unit === undefined) {
    throw new Error(`${variable} "${value}" must be a number with a unit: ms, s, m, h or d (such as 90d)`);
  }
  return Number(match[1]) * unit;
}

export function resolveConfig(overrides: Partial<ControlPlaneConfig> = {}): ControlPlaneConfig {
  const dataDir = overrides.dataDir ?? defaultDataDir();
  const env = process.env;
  return controlPlaneConfigSchema.parse({
    dataDir,
    host: env.SWITCHYARD_LISTEN_HOST ?? '0.0.0.0',
    port: env.SWITCHYARD_PORT === undefined ? defaultControlPlanePort : Number(env.SWITCHYARD_PORT),
    databaseUrl: env.SWITCHYARD_DATABASE_URL ?? `file:${join(dataDir, 'switchyard.db')}`,
    adminPassword: env.SWITCHYARD_ADMIN_PASSWORD || undefined,
    heartbeatIntervalMs: durationSetting(
      'SWITCHYARD_HEARTBEAT_INTERVAL',
      env.SWITCHYARD_HEARTBEAT_INTERVAL,
      2_000,
    ),
    nodeDownAfterMs: durationSetting('SWITCHYARD_NODE_DOWN_AFTER', env.SWITCHYARD_NODE_DOWN_AFTER, 8_000),
    nodeGraceMs: durationSetting('SWITCHYARD_NODE_GRACE', env.SWITCHYARD_NODE_GRACE, 15_000),
    resyncIntervalMs: durationSetting('SWITCHYARD_RESYNC_INTERVAL', env.SWITCHYARD_RESYNC_INTERVAL, 5_000),
    sessionTtlMs: 12 * 60 * 60 * 1000,
    advertiseUrl: env.SWITCHYARD_ADVERTISE_URL || undefined,
    webOrigins: (env.SWITCHYARD_WEB_ORIGINS ?? '').split(',').filter((origin) => origin.length > 0),
    webPort: env.SWITCHYARD_WEB_PORT ? Number(env.SWITCHYARD_WEB_PORT) : undefined,
    webProxySecret: env.SWITCHYARD_WEB_PROXY_SECRET || undefined,
    defaultAddressPools,
    dockerApiListen: env.SWITCHYARD_DOCKER_API ?? `unix://${join(dataDir, 'docker.sock')}`,
    dockerTlsListen: env.SWITCHYARD_DOCKER_TLS ?? '0.0.0.0:2376',
    dockerApiDebug: env.SWITCHYARD_DOCKER_API_DEBUG === '1',
    taskRestartDelayMs: 5_000,
    taskDrainMs: durationSetting('SWITCHYARD_TASK_DRAIN_TIMEOUT', env.SWITCHYARD_TASK_DRAIN_TIMEOUT, 5_000),
    taskDrainLingerMs: 1_000,
    hrmHttpPort: env.SWITCHYARD_HRM_HTTP_PORT === undefined ? 80 : Number(env.SWITCHYARD_HRM_HTTP_PORT),
    hrmSniPort: env.SWITCHYARD_HRM_SNI_PORT === undefined ? 8443 : Number(env.SWITCHYARD_HRM_SNI_PORT),
    certificateTtlMs: durationSetting('SWITCHYARD_CERT_TTL', env.SWITCHYARD_CERT_TTL, 90 * 86_400_000),
    bundleTtlMs: durationSetting('SWITCHYARD_BUNDLE_TTL', env.SWITCHYARD_BUNDLE_TTL, 365 * 86_400_000),
    joinTokenTtlMs: durationSetting('SWITCHYARD_JOIN_TOKEN_TTL', env.SWITCHYARD_JOIN_TOKEN_TTL, 86_400_000),
    imageArchiveMaxBytes:
      env.SWITCHYARD_IMAGE_MAX_BYTES === undefined ? 8 * 1024 ** 3 : Number(env.SWITCHYARD_IMAGE_MAX_BYTES),
    imageLoadWaitMs: 120_000,
    eventsMaxAgeMs: durationSetting(
      'SWITCHYARD_EVENTS_MAX_AGE',
      env.SWITCHYARD_EVENTS_MAX_AGE,
      30 * 86_400_000,
    ),
    eventsMaxRows:
      env.SWITCHYARD_EVENTS_MAX_ROWS === undefined ? 100_000 : Number(env.SWITCHYARD_EVENTS_MAX_ROWS),
    ...overrides,
  });
}

export { repoRoot };

/** `SWITCHYARD_LOG_LEVEL` and `SWITCHYARD_LOG_FORMAT`: how the control plane's process logs. */
export function logSettings(): LogSettings {
  return parseLogSettings(
    { level: process.env.SWITCHYARD_LOG_LEVEL, format: process.env.SWITCHYARD_LOG_FORMAT },
    process.stdout.isTTY,
  );
}
