import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { joinedLogMarker } from '@switchyard/agent';
import type { LocalControlPlane } from '@switchyard/contracts';
import { agentEnv } from '../config.js';
import { childExit, type ProcessExit } from '../process-exit.js';
import { labContainerdNamespace } from './containerd.js';
import { fetchNodes } from './control-plane.js';
import { labPaths, switchyardBin } from './paths.js';
import type { LabPlan } from './plan.js';
import { isAlive } from './processes.js';
import type { LabHostState } from './state.js';

export interface JoinTarget {
  url: string;
  token: string;
}

/** The lab's containerd, and the hosts whose agents go without it. */
export interface AgentContainerd {
  address: string;
  without: readonly string[];
}

/** What one lab host's agent is started with. */
export interface AgentLaunch {
  host: { name: string; address: string };
  stateDir: string;
  logFile: string;
  join: JoinTarget;
  /** The lab containerd's address, when this host's agent gets it. */
  containerdAddress?: string;
}

/** Told when an agent this process started exits (a supervisor restarts it). */
export type AgentExitListener = (host: string, pid: number, exit: ProcessExit) => void;

function launchAgent(launch: AgentLaunch, standby: boolean, onExit?: AgentExitListener): ChildProcess {
  const { host, join } = launch;
  const log = openSync(launch.logFile, 'a', 0o600);
  try {
    const child = spawn(
      'nsenter',
      // Only the network namespace: `ip netns exec` would also give the agent a private mount
      // namespace, hiding the sandbox namespaces it creates from everyone else (exec, tests).
      // nsenter execs the command, so the child's pid is the agent's own.
      [`--net=/run/netns/${host.name}`, '--', process.execPath, switchyardBin, 'agent'].concat(
        standby ? ['--standby'] : [],
        ['--join', join.url, '--name', host.name],
        ['--advertise-addr', host.address, '--state-dir', launch.stateDir],
        // The lab has no way out, so its hosts have no resolver to forward to.
        ['--dns-upstream', 'none'],
        launch.containerdAddress === undefined
          ? []
          : [
              '--containerd',
              launch.containerdAddress,
              '--containerd-namespace',
              labContainerdNamespace(host.name),
            ],
      ),
      {
        detached: true,
        stdio: standby ? ['ignore', log, log, 'ipc'] : ['ignore', log, log],
        env: agentEnv(join.token),
      },
    );
    child.unref();
    child.on('error', () => undefined);
    const { pid } = child;
    if (pid !== undefined && onExit !== undefined)
      void childExit(child).then((exit) => onExit(host.name, pid, exit));
    return child;
  } finally {
    closeSync(log);
  }
}

/**
 * Spawns one host's agent inside the host's namespace, detached, its output appended to its log
 * file (a restarted agent keeps the earlier lines). Returns the agent's pid.
 */
export function spawnAgent(launch: AgentLaunch, onExit?: AgentExitListener): number | null {
  return launchAgent(launch, false, onExit).pid ?? null;
}

/** An agent loaded in its host's namespace but not started: a supervisor's spare for a quick restart. */
export interface AgentStandby {
  pid: number;
  /** Starts it; false when it is gone. */
  start(): boolean;
  discard(): void;
}

export function spawnAgentStandby(launch: AgentLaunch, onExit?: AgentExitListener): AgentStandby | null {
  const child = launchAgent(launch, true, onExit);
  const { pid } = child;
  if (pid === undefined) return null;
  // Until it starts, the channel is only for that word; it does not keep this process alive.
  child.channel?.unref();
  return {
    pid,
    start: () => {
      if (child.exitCode !== null || child.signalCode !== null || !child.connected) return false;
      child.send({ type: 'start' });
      return true;
    },
    discard: () => {
      child.kill('SIGKILL');
    },
  };
}

/** Starts one real agent process per host namespace, detached, logging to `<lab dir>/<host>.log`. */
export async function startAgents(
  plan: LabPlan,
  dataDir: string,
  join: JoinTarget,
  containerd?: AgentContainerd,
  onExit?: AgentExitListener,
): Promise<LabHostState[]> {
  const paths = labPaths(dataDir, plan.prefix);
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  const hosts: LabHostState[] = [];
  for (const host of plan.hosts) {
    const logFile = paths.logFile(host.name);
    const stateDir = paths.agentStateDir(host.name);
    // A fresh lab starts fresh logs.
    await writeFile(logFile, '', { mode: 0o600 });
    const withContainerd = containerd !== undefined && !containerd.without.includes(host.name);
    const pid = spawnAgent(
      {
        host,
        stateDir,
        logFile,
        join,
        ...(withContainerd ? { containerdAddress: containerd.address } : {}),
      },
      onExit,
    );
    if (pid !== null) await writeFile(paths.pidFile(host.name), `${pid}\n`);
    hosts.push({
      name: host.name,
      underlayAddress: host.address,
      agentPid: pid,
      logFile,
      stateDir,
      containerd: withContainerd,
    });
  }
  return hosts;
}

export async function lastLogLines(logFile: string, count = 15): Promise<string> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

async function hasJoined(host: LabHostState): Promise<boolean> {
  return (await readFile(host.logFile, 'utf8').catch(() => '')).includes(joinedLogMarker);
}

/**
 * Waits until every agent has joined: its log says so and, when the local control plane can be
 * asked, the control plane lists the node as ready. Fails early, with the agent's last log lines,
 * when an agent process exits (e.g. its token was refused).
 */
export async function waitForAgents(
  hosts: readonly LabHostState[],
  controlPlane: LocalControlPlane | undefined,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const host of hosts) {
      if (host.agentPid === null || !isAlive(host.agentPid)) {
        throw new Error(
          `the agent of ${host.name} exited. Its last log lines (${host.logFile}):\n${await lastLogLines(host.logFile)}`,
        );
      }
    }
    const joined = await Promise.all(hosts.map(hasJoined));
    const nodes = controlPlane === undefined ? undefined : await fetchNodes(controlPlane);
    const pending = hosts.filter((host, i) => {
      const ready =
        nodes === undefined || nodes.some((node) => node.name === host.name && node.status === 'ready');
      return !(joined[i] === true && ready);
    });
    if (pending.length === 0) return;
    if (Date.now() > deadline) {
      const details = await Promise.all(
        pending.map(async (host) => `${host.name} (${host.logFile}):\n${await lastLogLines(host.logFile)}`),
      );
      throw new Error(`agents did not join within ${timeoutMs / 1000} s: ${details.join('\n\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
