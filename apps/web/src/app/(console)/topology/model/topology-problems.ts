import {
  parseConditionObject,
  type ContainerView,
  type NodeView,
  type PathBreak,
  type PathSubject,
  type ServiceView,
} from '@switchyard/contracts';

/** What is broken, by the key of the object drawn for it: each reason in words, for its tooltip. */
export type Problems = ReadonlyMap<string, readonly string[]>;

/** How the model names what it draws, so a condition lands on the object it is about. */
export interface ProblemKeys {
  /** The network's copy (or VTEP) on a host; null when it is not drawn there. */
  networkOn: (networkId: string, hostId: string) => string | null;
  /** The container of that name on a host (load-balancer conditions name the sandbox). */
  containerNamed: (name: string, hostId: string) => string | null;
  /** The containers drawn, by id (a sandbox's id is its container's). */
  containerIds: ReadonlySet<string>;
  /** The service's card; null when it is not drawn. */
  serviceKey: (serviceId: string) => string | null;
}

/** Task states on the way to running: in progress, not broken. */
const startingStates = new Set(['new', 'assigned', 'starting']);

function add(problems: Map<string, string[]>, key: string, reason: string): void {
  const known = problems.get(key);
  if (known === undefined) problems.set(key, [reason]);
  else if (!known.includes(reason)) known.push(reason);
}

/**
 * Every failing condition a node reports, on the object it names (a network's copy or VTEP on that
 * node, a container, else the node itself): a drift not yet repaired, a link not ready, a rule missing.
 */
function conditionProblems(nodes: readonly NodeView[], keys: ProblemKeys, problems: Map<string, string[]>) {
  for (const node of nodes) {
    // A node that is down says so itself; what it reported before it went is stale.
    if (node.status === 'down') {
      add(
        problems,
        node.id,
        `down: no heartbeat from its agent since ${node.lastHeartbeatAt ?? 'it joined'}`,
      );
      continue;
    }
    for (const condition of node.conditions) {
      if (condition.ready) continue;
      const reason = `${condition.object}: ${condition.message ?? 'not ready'}`;
      const object = parseConditionObject(condition.object);
      const target = (() => {
        switch (object.kind) {
          case 'network':
          case 'network-peers':
          case 'ingress':
            return keys.networkOn(object.networkId, node.id);
          case 'sandbox':
            return keys.containerIds.has(object.sandboxId) ? object.sandboxId : null;
          case 'loadbalancer':
            return keys.containerNamed(object.sandboxName, node.id);
          default:
            return null;
        }
      })();
      add(problems, target ?? node.id, reason);
    }
  }
}

/** A container meant to run that does not, and a task that failed or is unhealthy. */
function workloadProblems(
  containers: readonly ContainerView[],
  services: readonly ServiceView[],
  problems: Map<string, string[]>,
) {
  for (const container of containers) {
    if (container.error !== null) add(problems, container.id, container.error);
    if (container.desiredRunning && (container.status === 'exited' || container.status === 'dead'))
      add(
        problems,
        container.id,
        `${container.status}${container.exitCode === null ? '' : ` with code ${container.exitCode}`} while meant to run`,
      );
  }
  for (const service of services)
    for (const task of service.tasks) {
      if (task.containerId === null || task.desiredState !== 'running') continue;
      const detail = task.error ?? (task.message === '' ? null : task.message);
      if (task.health === 'unhealthy')
        add(
          problems,
          task.containerId,
          `task ${task.name} is unhealthy${detail === null ? '' : `: ${detail}`}`,
        );
      else if (task.state !== 'running' && !startingStates.has(task.state))
        add(
          problems,
          task.containerId,
          `task ${task.name} is ${task.state}${detail === null ? '' : `: ${detail}`}`,
        );
    }
}

const twoDigits = (value: number) => String(value).padStart(2, '0');

/** `path check at 01:23: <message>`, at the time the viewer's clock reads. */
export function breakReason(pathBreak: PathBreak): string {
  const at = new Date(pathBreak.checkedAt);
  return `path check at ${twoDigits(at.getHours())}:${twoDigits(at.getMinutes())}: ${pathBreak.message}`;
}

/** Where a path check's object is drawn: itself, else the host it is on; null: not on the map. */
function breakTarget(subject: PathSubject, keys: ProblemKeys): string | null {
  const host = subject.node?.id ?? null;
  switch (subject.kind) {
    case 'container':
    case 'task':
      return keys.containerIds.has(subject.id) ? subject.id : host;
    case 'network':
      return host === null ? null : (keys.networkOn(subject.id, host) ?? host);
    case 'node':
      return subject.id;
    case 'service':
      return keys.serviceKey(subject.id);
  }
}

/** What the latest path checks found broken, on the objects they name. */
function breakProblems(breaks: readonly PathBreak[], keys: ProblemKeys, problems: Map<string, string[]>) {
  for (const pathBreak of breaks) {
    const target = breakTarget(pathBreak.subject, keys);
    if (target !== null) add(problems, target, breakReason(pathBreak));
  }
}

/** Everything broken on the map, from the nodes' reports, the workloads' states and recent path checks. */
export function findProblems(
  nodes: readonly NodeView[],
  containers: readonly ContainerView[],
  services: readonly ServiceView[],
  keys: ProblemKeys,
  breaks: readonly PathBreak[] = [],
): Problems {
  const problems = new Map<string, string[]>();
  conditionProblems(nodes, keys, problems);
  workloadProblems(containers, services, problems);
  breakProblems(breaks, keys, problems);
  return problems;
}
