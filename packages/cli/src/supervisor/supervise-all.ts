import type { ChildProcess } from 'node:child_process';
import {
  spawnControlPlaneStandby,
  startControlPlaneProcess,
  type ControlPlaneFlags,
  type ControlPlaneProcess,
} from '../control-plane-process.js';
import type { AgentExitListener, AgentStandby } from '../lab/agents.js';
import { restartLabAgent, spawnLabAgentStandby } from '../lab/index.js';
import type { LabState } from '../lab/state.js';
import { childExit } from '../process-exit.js';
import { spawnWebServerStandby, startWebServer, stopWebServer } from '../web-server.js';
import type { ExitBoard } from './exit-board.js';
import { RestartReporter } from './restart-reports.js';
import { removeSupervisorState, writeSupervisorState } from './state.js';
import { Spare } from './spare.js';
import { Supervised, type Restart } from './supervised.js';

export interface SupervisedSet {
  /** Stops supervising and stops the control plane and the dashboard; the lab is the caller's. */
  stopAgents(): Promise<void>;
  stopServers(): Promise<void>;
}

export interface SuperviseInput {
  dataDir: string;
  prefix: string;
  controlPlane: ControlPlaneProcess;
  /** What the control plane was started with; a restart keeps its port and data dir. */
  controlPlaneFlags: ControlPlaneFlags;
  web: ChildProcess;
  webPort: number;
  lab: LabState;
  /** Where the lab's agents' exits are told (labUp's onAgentExit). */
  agentExits: ExitBoard;
}

/**
 * Keeps the control plane, the dashboard and each lab agent running: one that dies without being
 * asked to is started again and the restart is an event in the control plane's log. The pids are
 * kept where `switchyard lab status --json` reads them.
 */
export function superviseAll(input: SuperviseInput): SupervisedSet {
  const { dataDir, prefix, agentExits } = input;
  const reporter = new RestartReporter(dataDir);
  const report = (process: 'control-plane' | 'dashboard', restart: Restart) =>
    reporter.report({ process, ...restart });

  let controlPlane = input.controlPlane;
  const sameAddress = {
    ...input.controlPlaneFlags,
    dataDir: controlPlane.dataDir,
    port: Number(new URL(controlPlane.url).port),
  };
  // The next control plane waits loaded, so a restart is quicker.
  const controlPlaneSpare = new Spare(() => Promise.resolve(spawnControlPlaneStandby(sameAddress)));
  const controlPlaneUnit = new Supervised(
    {
      name: 'control plane',
      start: async () => {
        const loaded = await controlPlaneSpare.take();
        controlPlane = await (loaded?.start() ?? Promise.reject(new Error('no spare'))).catch(() =>
          startControlPlaneProcess(sameAddress),
        );
        return controlPlane;
      },
      stop: () => controlPlane.stop(),
      onRestart: (restart) => report('control-plane', restart),
    },
    controlPlane,
  );

  let web = input.web;
  const recordWeb = () =>
    writeSupervisorState(dataDir, { pid: process.pid, web: { pid: web.pid ?? 0, port: input.webPort } });
  // The control plane's URL and certificate files stay the same across its restarts.
  const webSpare = new Spare(() => Promise.resolve(spawnWebServerStandby(input.webPort, input.controlPlane)));
  const webUnit = new Supervised(
    {
      name: 'dashboard',
      start: async () => {
        const loaded = await webSpare.take();
        web = await (loaded?.start() ?? Promise.reject(new Error('no spare'))).catch(() =>
          startWebServer(input.webPort, input.controlPlane),
        );
        await recordWeb();
        return { pid: web.pid ?? 0, exited: childExit(web) };
      },
      stop: () => stopWebServer(web),
      onRestart: (restart) => report('dashboard', restart),
    },
    { pid: input.web.pid ?? 0, exited: childExit(input.web) },
  );
  void recordWeb();

  const onAgentExit: AgentExitListener = (_host, pid, exit) => agentExits.record(pid, exit);
  const agentSpares: Spare<AgentStandby>[] = [];
  const agentUnits = input.lab.hosts.flatMap((host) => {
    if (host.agentPid === null) return [];
    // A spare agent per host, loaded in the host's namespace (the agent takes a second or two to load).
    const spare = new Spare(() => spawnLabAgentStandby({ prefix, dataDir, host: host.name, onAgentExit }));
    agentSpares.push(spare);
    return [
      new Supervised(
        {
          name: `agent of ${host.name}`,
          start: async () => {
            const standby = await spare.take();
            const pid = await restartLabAgent({
              prefix,
              dataDir,
              host: host.name,
              onAgentExit,
              ...(standby === undefined ? {} : { standby }),
            });
            return { pid, exited: agentExits.exitOf(pid) };
          },
          // `lab down` stops the agents (and everything else of the lab).
          stop: () => Promise.resolve(),
          onRestart: (restart) => reporter.report({ process: 'agent', host: host.name, ...restart }),
        },
        { pid: host.agentPid, exited: agentExits.exitOf(host.agentPid) },
      ),
    ];
  });

  return {
    async stopAgents() {
      await Promise.all(agentSpares.map((spare) => spare.close()));
      await Promise.all(agentUnits.map((unit) => unit.stop()));
    },
    async stopServers() {
      await reporter.close();
      await webSpare.close();
      await webUnit.stop();
      await controlPlaneSpare.close();
      await controlPlaneUnit.stop();
      await removeSupervisorState(dataDir);
    },
  };
}
