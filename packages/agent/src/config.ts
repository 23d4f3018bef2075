import { parseLogSettings, type LogSettings } from '@switchyard/contracts';

// The agent's one reader of its environment: every setting it takes from there, and the
// environment the programs it starts inherit, are here.

/** The join token from SWITCHYARD_JOIN_TOKEN, which keeps it out of the process list; read when asked. */
export function joinTokenFromEnvironment(): string | undefined {
  return process.env.SWITCHYARD_JOIN_TOKEN;
}

/** Where a probe finds its tools when the agent itself has no PATH (Debian's default for root). */
const defaultPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Names in the agent's environment that hold secrets: the join token, the lab's admin password, and
 * anything else named like a token, password, secret or credential. No program the agent starts gets
 * them.
 */
const secretName = /TOKEN|PASSWORD|PASSWD|SECRET|CREDENTIAL|PRIVATE_KEY/i;

/**
 * The environment of a program the agent runs for itself (iproute2, nft, HAProxy, the resolver's
 * helper): the agent's own without its secrets. Probes get less (probeEnvironment); a workload's
 * process gets its container's environment instead (runtime/launch.ts).
 */
export function childEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !secretName.test(name)) env[name] = value;
  }
  return env;
}

/**
 * The environment of a probe (health checks, diagnostics): PATH and nothing else, so a probe that
 * runs a container's own command learns nothing of the agent (its join token, the lab's password).
 */
export function probeEnvironment(): Record<string, string> {
  return { PATH: process.env.PATH ?? defaultPath };
}

/** `SWITCHYARD_LOG_LEVEL` and `SWITCHYARD_LOG_FORMAT`: how the agent's process logs. */
export function logSettings(): LogSettings {
  return parseLogSettings(
    { level: process.env.SWITCHYARD_LOG_LEVEL, format: process.env.SWITCHYARD_LOG_FORMAT },
    process.stdout.isTTY,
  );
}
