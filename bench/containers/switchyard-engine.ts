/**
 * Switchyard for the container bench, started as the cluster tests start it: the control plane
 * in this process on a throwaway data directory, its Engine API on a unix socket there, and a
 * one-host lab (one agent, as Docker Engine is one daemon on this machine).
 */
import { rmSync } from 'node:fs';
import { startControlPlane } from '@switchyard/control-plane';
import { labDown, labUp } from '@switchyard/cli';

const prefix = 'syct';

export interface SwitchyardEngine {
  name: string;
  dockerHost: string;
  /** The lab host every network and container of the bench is placed on. */
  node: string;
  /** The host's agent and the lab's containerd, whose children start containers. */
  daemons(): number[];
  /**
   * Processes whose CPU time the profile pass counts; with `children`, that of the programs they
   * ran and waited for too.
   */
  processes(): { name: string; pid: number; children: boolean }[];
  stop(): Promise<void>;
}

export async function startSwitchyard(dataDir: string): Promise<SwitchyardEngine> {
  const controlPlane = await startControlPlane({ dataDir, port: 0, dockerTlsListen: 'off' });
  const stop = async () => {
    await labDown({ prefix, dataDir });
    await controlPlane.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (controlPlane.dockerHost === null) throw new Error('the control plane has no Engine API socket');
    const lab = await labUp({ prefix, hosts: 1, subnet: '192.168.63.0/24', dataDir, quiet: true });
    const agent = lab.hosts[0]?.agentPid ?? null;
    const containerd = lab.containerd?.pid ?? null;
    return {
      name: 'Switchyard',
      dockerHost: controlPlane.dockerHost,
      node: `${prefix}-host1`,
      daemons: () => [agent, containerd].filter((pid) => pid !== null),
      processes: () => [
        // The bench's own children (the docker CLI) are left out: they are not the control plane's.
        { name: 'control plane (and the bench)', pid: process.pid, children: false },
        ...(agent === null ? [] : [{ name: 'agent', pid: agent, children: true }]),
        ...(containerd === null ? [] : [{ name: 'containerd', pid: containerd, children: true }]),
      ],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
