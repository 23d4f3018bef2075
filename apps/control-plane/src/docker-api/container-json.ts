import type { ContainerView } from '@switchyard/contracts';
import { humanDuration } from './human-duration.js';
import { imageId, portKeys } from './images.js';

/** Go's zero time, which Docker shows for a start or finish that has not happened. */
const zeroTime = '0001-01-01T00:00:00Z';

type Endpoint = ContainerView['networks'][number];

/** The ports a container exposes: what it asked to expose and every published container port. */
function exposed(view: ContainerView): { port: number; protocol: 'tcp' | 'udp' }[] {
  const all = [
    ...view.exposedPorts,
    ...view.ports.map((port) => ({ port: port.containerPort, protocol: port.protocol })),
  ];
  const seen = new Map(all.map((port) => [`${port.port}/${port.protocol}`, port]));
  return [...seen.values()];
}

/** `{"80/tcp": [{HostIp, HostPort}], "90/tcp": null}`: Docker's NetworkSettings.Ports. */
function portMap(view: ContainerView): Record<string, { HostIp: string; HostPort: string }[] | null> {
  const map: Record<string, { HostIp: string; HostPort: string }[] | null> = {};
  for (const key of Object.keys(portKeys(exposed(view)))) map[key] = null;
  for (const port of view.ports) {
    const key = `${port.containerPort}/${port.protocol}`;
    map[key] = [...(map[key] ?? []), { HostIp: port.hostIp, HostPort: String(port.hostPort) }];
  }
  return map;
}

function endpointJson(view: ContainerView, endpoint: Endpoint) {
  const userDefined = !['bridge', 'host', 'none'].includes(endpoint.networkName);
  return {
    IPAMConfig: null,
    Links: null,
    Aliases: endpoint.aliases.length > 0 ? endpoint.aliases : null,
    MacAddress: endpoint.mac ?? '',
    DriverOpts: null,
    GwPriority: 0,
    NetworkID: endpoint.networkId,
    EndpointID: endpoint.endpointId,
    Gateway: endpoint.gateway ?? '',
    IPAddress: endpoint.ipv4Address ?? '',
    IPPrefixLen: endpoint.prefixLength ?? 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    // Names other containers on this network resolve to it (Docker has none on the default bridge).
    // Once each: docker-compose also gives the short id as an alias.
    DNSNames: userDefined
      ? [...new Set([view.name, ...endpoint.aliases, view.id.slice(0, 12), view.hostname])]
      : null,
  };
}

function networksJson(view: ContainerView) {
  return Object.fromEntries(
    view.networks.map((endpoint) => [endpoint.networkName, endpointJson(view, endpoint)]),
  );
}

/** Docker's State.String(): the STATUS column of `docker ps`. */
export function statusText(view: ContainerView, now: number): string {
  const since = (time: string | null): string => humanDuration(now - Date.parse(time ?? ''));
  switch (view.status) {
    case 'running':
      return `Up ${since(view.startedAt)}`;
    case 'restarting':
      return `Restarting (${view.exitCode ?? 0}) ${since(view.finishedAt)} ago`;
    case 'dead':
      return 'Dead';
    case 'created':
      return 'Created';
    case 'exited':
      if (view.startedAt === null) return 'Created';
      return view.finishedAt === null ? '' : `Exited (${view.exitCode ?? 0}) ${since(view.finishedAt)} ago`;
  }
}

/** `GET /containers/{id}/json`: what `docker inspect` shows. */
export function toDockerContainer(view: ContainerView) {
  const [path = '', ...args] = view.command;
  const defaultBridge = view.networks.find((endpoint) => endpoint.networkName === 'bridge');
  return {
    Id: view.id,
    Created: view.createdAt,
    Path: path,
    Args: args,
    State: {
      Status: view.status,
      Running: view.status === 'running' || view.status === 'restarting',
      Paused: false,
      Restarting: view.status === 'restarting',
      OOMKilled: false,
      Dead: view.status === 'dead',
      Pid: view.pid ?? 0,
      ExitCode: view.exitCode ?? 0,
      Error: view.error ?? '',
      StartedAt: view.startedAt ?? zeroTime,
      FinishedAt: view.finishedAt ?? zeroTime,
    },
    Image: view.imageId ?? imageId(view.image),
    ResolvConfPath: '',
    HostnamePath: '',
    HostsPath: '',
    LogPath: '',
    Name: `/${view.name}`,
    RestartCount: view.restartCount,
    Driver: 'switchyard',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: null,
    HostConfig: {
      NetworkMode: view.networkMode,
      PortBindings: Object.fromEntries(
        Object.entries(portMap(view)).filter(
          (entry): entry is [string, { HostIp: string; HostPort: string }[]] => Array.isArray(entry[1]),
        ),
      ),
      RestartPolicy: {
        Name: view.restartPolicy.name,
        MaximumRetryCount: view.restartPolicy.maximumRetryCount,
      },
      AutoRemove: view.autoRemove ?? false,
      PublishAllPorts: false,
      Dns: view.dns,
      DnsOptions: [],
      DnsSearch: view.dnsSearch,
      LogConfig: { Type: 'switchyard', Config: {} },
      Privileged: false,
    },
    Mounts: [],
    Config: {
      Hostname: view.hostname,
      Domainname: '',
      User: '',
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      ExposedPorts: portKeys(exposed(view)),
      Tty: false,
      OpenStdin: false,
      StdinOnce: false,
      Env: Object.entries(view.env).map(([key, value]) => `${key}=${value}`),
      Cmd: view.command,
      Image: view.image,
      Volumes: null,
      WorkingDir: '',
      Entrypoint: null,
      OnBuild: null,
      Labels: view.labels,
    },
    NetworkSettings: {
      Bridge: '',
      SandboxID: view.netns === null ? '' : view.id,
      SandboxKey: view.netns ?? '',
      Ports: portMap(view),
      HairpinMode: false,
      LinkLocalIPv6Address: '',
      LinkLocalIPv6PrefixLen: 0,
      SecondaryIPAddresses: null,
      SecondaryIPv6Addresses: null,
      EndpointID: defaultBridge?.endpointId ?? '',
      Gateway: defaultBridge?.gateway ?? '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      IPAddress: defaultBridge?.ipv4Address ?? '',
      IPPrefixLen: defaultBridge?.prefixLength ?? 0,
      IPv6Gateway: '',
      MacAddress: defaultBridge?.mac ?? '',
      Networks: networksJson(view),
    },
  };
}

/** `GET /containers/json`: one row of `docker ps`. */
export function toDockerContainerSummary(view: ContainerView, now: number) {
  const published = new Set(view.ports.map((port) => `${port.containerPort}/${port.protocol}`));
  return {
    Id: view.id,
    Names: [`/${view.name}`],
    Image: view.image,
    ImageID: view.imageId ?? imageId(view.image),
    Command: view.command.join(' '),
    Created: Math.floor(Date.parse(view.createdAt) / 1000),
    Ports: [
      ...view.ports.map((port) => ({
        IP: port.hostIp,
        PrivatePort: port.containerPort,
        PublicPort: port.hostPort,
        Type: port.protocol,
      })),
      ...exposed(view)
        .filter((port) => !published.has(`${port.port}/${port.protocol}`))
        .map((port) => ({ PrivatePort: port.port, Type: port.protocol })),
    ],
    Labels: view.labels,
    State: view.status,
    Status: statusText(view, now),
    HostConfig: { NetworkMode: view.networkMode },
    NetworkSettings: { Networks: networksJson(view) },
    Mounts: [],
  };
}
