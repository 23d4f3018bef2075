/**
 * Switchyard for the container bench, started as the cluster tests start it: the control plane
 * in this process on a throwaway data directory, its Engine API on a unix socket there, and a
 * one-host lab (one agent, as Docker Engine is one daemon on this machine).
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { startControlPlane } from '@switchyard/control-plane';
import { labDown, labUp } from '@switchyard/cli';

const prefix = 'syct';

export interface SwitchyardEngine {
  name: string;
  dockerHost: string;
  /** The lab host every network and container of the bench is placed on. */
  node: string;
  /** The host's agent, and any containerd the lab runs for it, whose children start containers. */
  daemons(): number[];
  /**
   * Processes whose CPU time the profile pass counts; with `children`, that of the programs they
   * ran and waited for too.
   */
  processes(): { name: string; pid: number; children: boolean }[];
  stop(): Promise<void>;
}

/** containerd processes whose command line names the data directory: the lab's own. */
function containerdsUnder(dataDir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return argv[0]?.endsWith('containerd') === true && argv.some((arg) => arg.startsWith(dataDir));
      } catch {
        return false;
      }
    })
    .map(Number);
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
    return {
      name: 'Switchyard',
      dockerHost: controlPlane.dockerHost,
      node: `${prefix}-host1`,
      daemons: () => [...(agent === null ? [] : [agent]), ...containerdsUnder(dataDir)],
      processes: () => [
        // The bench's own children (the docker CLI) are left out: they are not the control plane's.
        { name: 'control plane (and the bench)', pid: process.pid, children: false },
        ...(agent === null ? [] : [{ name: 'agent', pid: agent, children: true }]),
        ...containerdsUnder(dataDir).map((pid) => ({ name: 'containerd', pid, children: true })),
      ],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
