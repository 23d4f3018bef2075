import type {
  Capability,
  ContainerStatus,
  NodeStatus,
  Role,
  Severity,
  TaskState,
} from '@switchyard/contracts';

// What each chip and badge means, said on hover (its title): a word in a pill is not an explanation.

const capabilityUse: Record<Capability, string> = {
  nftables: 'nftables: the firewall, NAT, published ports and service VIPs are written with it',
  ipvs: 'ipvs: the kernel’s IP virtual server; Switchyard balances VIPs with nftables and does not need it',
  '8021q': '802.1q: VLAN sub-interfaces, for a macvlan network whose parent is eth0.10',
  macvlan: 'macvlan: containers with their own address on the underlay (the macvlan driver)',
  vxlan: 'vxlan: the overlay driver’s tunnels between hosts',
  ipsec: 'ipsec: encrypted overlays (-o encrypted)',
  containerd: 'containerd: runs OCI images (docker load / pull); without it, only the built-in images',
};

/** What a struck-through capability chip says, on each chip and in the Nodes table's caption. */
export const absentCapabilityNote =
  'Struck through: not detected on this host, so nothing needing it is placed here.';

/** A node's capability chip: what it is for, and what the node cannot do while it is absent. */
export function capabilityTitle(capability: Capability, present: boolean): string {
  const use = capabilityUse[capability];
  return present ? `${use}. Detected on this host.` : `${use}. ${absentCapabilityNote}`;
}

const nodeStatus: Record<NodeStatus, string> = {
  ready: 'The agent is connected and its heartbeats arrive',
  down: 'No heartbeat within the down-after time: the agent is gone or cut off; its tasks move elsewhere',
};

export const nodeStatusTitle = (status: NodeStatus): string => nodeStatus[status];

const containerStatus: Record<ContainerStatus, string> = {
  created: 'Created but not started',
  running: 'Its process runs in its sandbox on the host',
  restarting: 'Exited and being started again by its restart policy',
  exited: 'Its process has ended; the container and its addresses remain until it is removed',
  dead: 'Could not be stopped or removed cleanly; see the host’s events',
};

/** A container's status badge; a status this dashboard does not know says only what it is. */
export function containerStatusTitle(status: string): string {
  return status in containerStatus
    ? containerStatus[status as ContainerStatus]
    : `Container status ${status}`;
}

const taskState: Record<TaskState, string> = {
  new: 'Created by the scheduler, not yet placed',
  assigned: 'Placed on a host, whose agent has not started it yet',
  starting: 'Its host is starting it (and waiting for its health check, if any)',
  running: 'Running on its host',
  complete: 'Exited with code 0',
  failed: 'Exited with an error or failed its health check; the scheduler replaces it',
  shutdown: 'Stopped on purpose (scaled down, updated or removed)',
  rejected: 'Its host could not start it; see the message',
};

/** A task's state badge; an unknown state (a newer control plane) says only what it is. */
export function taskStateTitle(state: string): string {
  return state in taskState ? taskState[state as TaskState] : `Task state ${state}`;
}

const severity: Record<Severity, string> = {
  info: 'Something changed as asked, or a host reported in',
  warning: 'Something needs a look: drift repaired, a condition failing, a process restarted',
  error: 'Something failed: a host down, a task or container that could not run',
};

export const severityTitle = (level: Severity): string => severity[level];

const role: Record<Role, string> = {
  viewer: 'viewer: reads everything, changes nothing',
  operator: 'operator: creates, changes and removes networks, containers, services and routes',
  admin: 'admin: an operator who also manages users',
};

export const roleTitle = (value: Role): string => role[value];

/** The condition badges of inspect pages: whose word each is. */
export const conditionTitles = {
  ready: 'Its host’s agent built it, read it back and found it as it should be',
  failing: 'Its host’s agent reports it failing; the reason is beside it',
  pending: 'Its host’s agent has not reported on it yet',
  down: 'Its host is down: the last report may no longer hold',
} as const;

export const realisedTitle = 'Its host’s agent built the network and reported it ready';

export const tagTitles = {
  internal: 'Internal: no way out of the network and no published ports (--internal)',
  sni: 'SNI: TLS passed through to the service by its server name, never decrypted',
  labelRoute: 'From the service’s com.docker.ucp.mesh.http labels: change those to change it',
  madeHere: 'Made on this page or through the API: edit or remove it here',
} as const;

export const routeOptionTitles = {
  sticky: 'Sticky: a client keeps going to the same task, by this cookie',
  redirect: 'Redirect: every request is answered with a redirect to this address, not proxied',
  default: 'Default route: also serves requests for hostnames no route names',
} as const;

export const routableTitle = 'The proxy on every host can reach the service’s healthy tasks';
