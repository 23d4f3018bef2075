import type { LocalControlPlane } from '@switchyard/contracts';
import { mkdir, writeFile } from 'node:fs/promises';
import {
  spawnAgent,
  spawnAgentStandby,
  startAgents,
  waitForAgents,
  type AgentExitListener,
  type AgentLaunch,
  type AgentStandby,
  type JoinTarget,
} from './agents.js';
import { containerdInstalled, labContainerdPaths, startLabContainerd } from './containerd.js';
import { findSubnetConflicts, readRootNetwork } from './conflicts.js';
import { readLocalControlPlane } from '../local-control-plane.js';
import { fetchNodes } from './control-plane.js';
import { buildLabNetwork, teardownLab } from './network.js';
import { labPaths } from './paths.js';
import { planLab, type LabPlan } from './plan.js';
import { isAlive } from './processes.js';
import { readLabState, writeLabState, type LabState } from './state.js';
import { readSupervisorState } from '../supervisor/state.js';

export interface LabOptions {
  prefix: string;
  hosts: number;
  subnet: string;
  dataDir: string;
  /** Defaults to the local control plane, reached over the underlay at the root's .1 address. */
  joinUrl?: string;
  /** Defaults to the local control plane's join token. */
  token?: string;
  /** No progress output (for callers that print their own). */
  quiet?: boolean;
  /** Hosts (by name, e.g. `sy-host2`) whose agents get no containerd, as on a machine without it. */
  withoutContainerd?: string[];
  /** Told when one of the agents started here exits: `switchyard start` restarts it. */
  onAgentExit?: AgentExitListener;
}

export interface LabStatusHost {
  name: string;
  underlayAddress: string;
  agentPid: number | null;
  agentRunning: boolean;
  state: 'ready' | 'down' | 'unknown';
}

export interface LabStatus {
  prefix: string;
  subnet: string | null;
  /** `pid` is the control plane's process as it recorded it; null when none runs for this data dir. */
  controlPlane: { url: string | null; reachable: boolean; pid: number | null };
  /** The dashboard `switchyard start` runs (its pid current across restarts); null without one. */
  web: { pid: number; port: number; running: boolean } | null;
  /** `unix:///…/docker.sock` of the running control plane (`export DOCKER_HOST=…` as root); null when none. */
  dockerHost: string | null;
  hosts: LabStatusHost[];
}

/** A lab operation that failed for a reason the user can act on. */
export class LabError extends Error {}

function resolveJoin(
  plan: LabPlan,
  options: LabOptions,
  controlPlane: LocalControlPlane | undefined,
): JoinTarget {
  const token = options.token ?? controlPlane?.joinToken;
  // The lab's hosts are beyond loopback: they reach the control plane over TLS only.
  const url = options.joinUrl ?? (controlPlane && `https://${plan.rootAddress}:${controlPlane.port}`);
  if (token === undefined || url === undefined) {
    throw new LabError(
      `no control plane is running for data dir ${options.dataDir}: start one with \`npm start\` or pass --join and --token`,
    );
  }
  return { url, token };
}

/** Refuses, before anything is touched, a subnet that would shadow the machine's own network. */
export async function checkSubnet(plan: LabPlan): Promise<void> {
  const conflicts = findSubnetConflicts(plan.subnet, await readRootNetwork(), plan.rootLink);
  if (conflicts.length > 0) {
    throw new LabError(
      `subnet ${plan.subnet} overlaps what this machine already uses: ${conflicts.join('; ')}. Pick another with --subnet`,
    );
  }
}

/** Brings up a fresh lab: clears any leftover one with the same prefix, plumbs it, starts and waits for agents. */
export async function labUp(options: LabOptions): Promise<LabState> {
  const say = options.quiet === true ? () => undefined : (line: string) => console.log(line);
  const plan = planLab(options);
  const controlPlane = await readLocalControlPlane(options.dataDir);
  const join = resolveJoin(plan, options, controlPlane);
  await checkSubnet(plan);

  await teardownLab(plan.prefix, options.dataDir);
  say(
    `lab ${plan.prefix}: ${plan.hosts.length} hosts on ${plan.subnet}, root at ${plan.rootAddress} (${plan.rootLink})`,
  );
  await buildLabNetwork(plan);

  const paths = labPaths(options.dataDir, plan.prefix);
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  const containerdPaths = labContainerdPaths(options.dataDir, plan.prefix, paths.dir);
  let containerd: LabState['containerd'];
  if (containerdInstalled()) {
    containerd = { pid: await startLabContainerd(containerdPaths), address: containerdPaths.address };
    say(`containerd at ${containerdPaths.address}`);
  } else {
    say(
      'containerd, ctr or runc is missing: the lab runs without containers of OCI images (apt-get install containerd runc)',
    );
  }
  const hosts = await startAgents(
    plan,
    options.dataDir,
    join,
    containerd && { address: containerd.address, without: options.withoutContainerd ?? [] },
    options.onAgentExit,
  );
  const state: LabState = {
    prefix: plan.prefix,
    subnet: plan.subnet,
    underlayNamespace: plan.underlayNamespace,
    rootLink: plan.rootLink,
    rootAddress: plan.rootAddress,
    joinUrl: join.url,
    createdAt: new Date().toISOString(),
    ...(containerd === undefined ? {} : { containerd }),
    hosts,
  };
  await writeLabState(paths.state, state);
  say(`agents joining ${join.url}...`);
  try {
    await waitForAgents(hosts, options.joinUrl === undefined ? controlPlane : undefined);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new LabError(
      `${reason}\n\nThe lab is left up for inspection; \`switchyard lab down --prefix ${plan.prefix}\` removes it.`,
    );
  }
  if (options.quiet !== true) console.log(formatStatusTable(await labStatus(options)));
  return state;
}

/** Removes the lab with this prefix; does nothing when there is none. */
export async function labDown(options: Pick<LabOptions, 'prefix' | 'dataDir'>): Promise<void> {
  planLab({ prefix: options.prefix, hosts: 1, subnet: '192.168.99.0/24' });
  await teardownLab(options.prefix, options.dataDir);
}

/**
 * Starts a lab host's agent again, with the arguments it first had, after it exited or was killed
 * (a supervisor's restart, or a test of one). Refuses while the recorded agent still runs. Records
 * and returns the new pid; joining is the caller's to wait for (`labStatus`).
 */
export async function restartLabAgent(
  options: Pick<LabOptions, 'prefix' | 'dataDir' | 'token' | 'onAgentExit'> & {
    host: string;
    /** A spare loaded for this host (spawnLabAgentStandby): started instead of a new process. */
    standby?: AgentStandby;
  },
): Promise<number> {
  const { paths, host, launch } = await agentLaunchOf(options);
  if (host.agentPid !== null && isAlive(host.agentPid))
    throw new LabError(`the agent of ${host.name} still runs (pid ${host.agentPid})`);
  const pid =
    options.standby?.start() === true ? options.standby.pid : spawnAgent(launch, options.onAgentExit);
  if (pid === null) throw new LabError(`could not start the agent of ${host.name}`);
  await writeFile(paths.pidFile(host.name), `${pid}\n`);
  // Re-read: another host's agent may have been restarted meanwhile.
  const latest = (await readLabState(paths.state)) ?? (await agentLaunchOf(options)).state;
  await writeLabState(paths.state, {
    ...latest,
    hosts: latest.hosts.map((entry) => (entry.name === host.name ? { ...entry, agentPid: pid } : entry)),
  });
  return pid;
}

/**
 * Loads a lab host's agent, with the arguments it first had, without starting it: restartLabAgent
 * starts it in a fraction of the time a new process takes to load (a supervisor's spare).
 */
export async function spawnLabAgentStandby(
  options: Pick<LabOptions, 'prefix' | 'dataDir' | 'token' | 'onAgentExit'> & { host: string },
): Promise<AgentStandby> {
  const { host, launch } = await agentLaunchOf(options);
  const standby = spawnAgentStandby(launch, options.onAgentExit);
  if (standby === null) throw new LabError(`could not load a spare agent for ${host.name}`);
  return standby;
}

/** How a lab host's agent was first started, from the lab's state. */
async function agentLaunchOf(options: Pick<LabOptions, 'prefix' | 'dataDir' | 'token'> & { host: string }) {
  const paths = labPaths(options.dataDir, options.prefix);
  const state = await readLabState(paths.state);
  const host = state?.hosts.find((candidate) => candidate.name === options.host);
  if (state === undefined || host === undefined)
    throw new LabError(`lab ${options.prefix} has no host ${options.host}`);
  const token = options.token ?? (await readLocalControlPlane(options.dataDir))?.joinToken;
  if (token === undefined) throw new LabError(`no join token for ${host.name}: pass one`);
  const launch: AgentLaunch = {
    host: { name: host.name, address: host.underlayAddress },
    stateDir: host.stateDir,
    logFile: host.logFile,
    join: { url: state.joinUrl, token },
    ...(host.containerd && state.containerd !== undefined
      ? { containerdAddress: state.containerd.address }
      : {}),
  };
  return { paths, state, host, launch };
}

/** Each host, its agent process, and the node's state as the control plane sees it. */
export async function labStatus(options: Pick<LabOptions, 'prefix' | 'dataDir'>): Promise<LabStatus> {
  const state = await readLabState(labPaths(options.dataDir, options.prefix).state);
  const controlPlane = await readLocalControlPlane(options.dataDir).catch(() => undefined);
  const nodes = controlPlane === undefined ? undefined : await fetchNodes(controlPlane);
  const web = (await readSupervisorState(options.dataDir))?.web ?? undefined;
  return {
    prefix: options.prefix,
    subnet: state?.subnet ?? null,
    controlPlane: {
      url: controlPlane?.url ?? null,
      reachable: nodes !== undefined,
      pid: controlPlane?.pid ?? null,
    },
    web: web === undefined ? null : { ...web, running: isAlive(web.pid) },
    dockerHost: controlPlane?.dockerHost ?? null,
    hosts: (state?.hosts ?? []).map((host) => ({
      name: host.name,
      underlayAddress: host.underlayAddress,
      agentPid: host.agentPid,
      agentRunning: host.agentPid !== null && isAlive(host.agentPid),
      state: nodes?.find((node) => node.name === host.name)?.status ?? 'unknown',
    })),
  };
}

export function formatStatusTable(status: LabStatus): string {
  if (status.subnet === null) return `no lab with prefix ${status.prefix}`;
  const header = ['HOST', 'UNDERLAY', 'AGENT PID', 'RUNNING', 'STATE'];
  const rows = status.hosts.map((host) => [
    host.name,
    host.underlayAddress,
    host.agentPid === null ? '-' : String(host.agentPid),
    host.agentRunning ? 'yes' : 'no',
    host.state,
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const where =
    status.controlPlane.url === null
      ? 'no local control plane'
      : `control plane ${status.controlPlane.url}${status.controlPlane.reachable ? '' : ' (unreachable: states unknown)'}`;
  const docker = status.dockerHost === null ? [] : [`docker: export DOCKER_HOST=${status.dockerHost}`];
  return [
    `lab ${status.prefix} on ${status.subnet}, ${where}`,
    ...docker,
    line(header),
    ...rows.map(line),
  ].join('\n');
}
