import type { DesiredSandbox } from '@switchyard/contracts';
import { resolveWorkload } from '../workloads/catalog.js';

/** How to start a sandbox's process; `waiting`: not yet (its image is not on the node), not a failure. */
export type Launch =
  | { ok: true; file: string; args: string[]; env: Record<string, string> }
  | { ok: false; error: string; waiting?: boolean };

/** Docker's default PATH for a container. */
const containerPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * How to start a sandbox's process: its command inside the sandbox's namespace (`ip netns exec`
 * execs in place, so the pid is the command's own), or directly in host mode. The environment is
 * the container's alone, not the agent's.
 */
export function planLaunch(sandbox: DesiredSandbox): Launch {
  const workload = resolveWorkload(sandbox.workload.image, sandbox.workload.command);
  if (!workload.ok) return workload;
  const env = {
    PATH: containerPath,
    HOME: '/root',
    HOSTNAME: sandbox.hostname,
    ...sandbox.workload.env,
    SWITCHYARD_CONTAINER_ID: sandbox.id,
    SWITCHYARD_CONTAINER_NAME: sandbox.name,
  };
  const [file, ...args] = workload.argv;
  if (sandbox.netns === null) return { ok: true, file, args, env };
  return { ok: true, file: 'ip', args: ['netns', 'exec', sandbox.netns, file, ...args], env };
}
