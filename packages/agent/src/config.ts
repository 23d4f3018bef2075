// The agent's one reader of its environment: every setting it takes from there, and the
// environment the programs it starts inherit, are here.

/** The join token from SWITCHYARD_JOIN_TOKEN, which keeps it out of the process list; read when asked. */
export function joinTokenFromEnvironment(): string | undefined {
  return process.env.SWITCHYARD_JOIN_TOKEN;
}

/**
 * The environment of a program the agent runs for itself (iproute2, nft, HAProxy, probes, the
 * resolver's helper): the agent's own, as a spawn without one would inherit. A workload's process
 * gets its container's environment instead (runtime/launch.ts).
 */
export function childEnvironment(): NodeJS.ProcessEnv {
  return process.env;
}
