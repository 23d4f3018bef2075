import type { Realised } from '../model/realised';
import type { TopologyModel, TopoNetwork, Labels } from '../model/topology-model';
import type { TopoTarget } from '../layout/topology-scene';

type FactTone = 'ok' | 'warn' | 'bad';

export interface Fact {
  label: string;
  value: string;
  tone?: FactTone;
}

/** An object's key facts: the hover card shows the first ones, the side panel all of them. */
export interface Details {
  /** `Container`, `Network`…: what kind of object. */
  kind: string;
  name: string;
  facts: Fact[];
  lists: { title: string; rows: Fact[] }[];
  /** Its full page. */
  href: string;
}

const realisedTone: Record<Realised, FactTone> = { ready: 'ok', pending: 'warn', failing: 'bad' };

const realisedFact = (label: string, realised: Realised, reason: string | null): Fact => ({
  label,
  value: reason === null ? realised : `${realised}: ${reason}`,
  tone: realisedTone[realised],
});

/** Each reason the object is drawn broken, first among its facts: what the mark on the map means. */
const problemFacts = (problems: readonly string[]): Fact[] =>
  problems.map((problem) => ({ label: 'Broken', value: problem, tone: 'bad' }));

function labelsFact(labels: Labels): Fact[] {
  const pairs = Object.entries(labels).map(([key, value]) => (value === '' ? key : `${key}=${value}`));
  return pairs.length === 0 ? [] : [{ label: 'Labels', value: pairs.join(', ') }];
}

const page = (section: string, name: string) => `/${section}/${encodeURIComponent(name)}`;

/** At most this many rows in a list: the full page has them all. */
const listLimit = 60;

function capped(rows: Fact[]): Fact[] {
  return rows.length <= listLimit
    ? rows
    : [
        ...rows.slice(0, listLimit),
        { label: '…', value: `${rows.length - listLimit} more on the full page` },
      ];
}

function describeNetwork(
  model: TopologyModel,
  network: TopoNetwork,
  hostName: (id: string) => string,
): Details {
  const spanning = network.hostId === null;
  const vteps = model.vteps.filter((vtep) => vtep.networkKey === network.key);
  const links = model.links.filter((link) =>
    spanning ? link.networkId === network.networkId : link.networkKey === network.key,
  );
  const containerHost = new Map(model.containers.map((container) => [container.key, container.hostId]));
  const services = model.services.filter((service) => service.networkIds.includes(network.networkId));
  return {
    kind: network.ingress ? 'Routing mesh' : 'Network',
    name: network.name,
    facts: [
      ...problemFacts(network.problems),
      { label: 'Driver', value: `${network.driver}${network.internal ? ' (internal)' : ''}` },
      spanning
        ? { label: 'Hosts', value: vteps.map((vtep) => vtep.hostName).join(', ') || '–' }
        : { label: 'Host', value: hostName(network.hostId ?? '') },
      ...(network.vni === null ? [] : [{ label: 'VNI', value: String(network.vni) }]),
      ...(network.parent === null ? [] : [{ label: 'Parent', value: network.parent }]),
      { label: 'Subnets', value: network.subnets.join(', ') || '–' },
      { label: 'Endpoints', value: String(links.length) },
      ...(services.length === 0
        ? []
        : [
            {
              label: 'VIPs',
              value: services
                .flatMap((service) =>
                  service.vips
                    .filter((vip) => vip.endsWith(` on ${network.name}`))
                    .map((vip) => `${service.name} ${vip.split(' ')[0] ?? ''}`),
                )
                .join(', '),
            },
          ]),
      realisedFact('Realised', network.realised, network.reason),
      ...labelsFact(network.labels),
    ],
    lists: [
      ...(spanning
        ? [
            {
              title: 'VTEPs',
              rows: vteps.map((vtep) => ({
                label: vtep.hostName,
                value: `${vtep.underlayAddress} · ${vtep.reason === null ? vtep.realised : `${vtep.realised}: ${vtep.reason}`}`,
                tone: realisedTone[vtep.realised],
              })),
            },
          ]
        : []),
      {
        title: 'Endpoints',
        rows: capped(
          links.map((link) => ({
            label: link.containerName,
            value: `${link.address ?? 'no address'}${spanning ? ` on ${hostName(containerHost.get(link.containerKey) ?? '')}` : ''}`,
          })),
        ),
      },
    ],
    href: page('networks', network.name),
  };
}

/** The facts of the object `target` names, or null when it is gone from the model. */
export function describe(target: TopoTarget, model: TopologyModel): Details | null {
  const hosts = new Map(model.hosts.map((host) => [host.id, host]));
  const hostName = (id: string) => hosts.get(id)?.name ?? id;
  const { key } = target;
  switch (target.kind) {
    case 'host': {
      const host = hosts.get(key);
      if (!host) return null;
      const containers = model.containers.filter((container) => container.hostId === key);
      const networks = model.networks.filter((network) => network.hostId === key);
      return {
        kind: 'Host',
        name: host.name,
        facts: [
          ...problemFacts(host.problems),
          { label: 'State', value: host.status, tone: host.status === 'ready' ? 'ok' : 'bad' },
          { label: 'Underlay', value: host.underlayAddress },
          {
            label: 'Containers',
            value: `${containers.filter((container) => container.status === 'running').length} running of ${containers.length}`,
          },
          { label: 'Networks', value: String(networks.length) },
          { label: 'VTEPs', value: String(model.vteps.filter((vtep) => vtep.hostId === key).length) },
        ],
        lists: [
          {
            title: 'Networks',
            rows: networks.map((network) => ({
              label: network.name,
              value: `${network.driver} · ${network.realised}`,
              tone: realisedTone[network.realised],
            })),
          },
        ],
        href: '/nodes',
      };
    }
    case 'network': {
      const network = model.networks.find((candidate) => candidate.key === key);
      return network ? describeNetwork(model, network, hostName) : null;
    }
    case 'vtep': {
      const vtep = model.vteps.find((candidate) => candidate.key === key);
      if (!vtep) return null;
      return {
        kind: 'VTEP',
        name: `${vtep.networkName} on ${vtep.hostName}`,
        facts: [
          ...problemFacts(vtep.problems),
          { label: 'Overlay', value: vtep.networkName },
          { label: 'VNI', value: vtep.vni === null ? '–' : String(vtep.vni) },
          { label: 'Host', value: vtep.hostName },
          { label: 'Underlay', value: vtep.underlayAddress },
          { label: 'Endpoints', value: String(model.links.filter((link) => link.networkKey === key).length) },
          realisedFact('Realised', vtep.realised, vtep.reason),
        ],
        lists: [],
        href: page('networks', vtep.networkName),
      };
    }
    case 'container':
      return describeContainer(model, key, hostName);
    case 'service':
      return describeService(model, key, hostName);
    case 'mesh': {
      const routes = model.mesh?.routes ?? [];
      return {
        kind: 'HTTP routing mesh',
        name: 'HRM',
        facts: [
          { label: 'Listens', value: "on every host, routing by the request's Host" },
          ...(model.mesh ? [realisedFact('Realised', model.mesh.realised, null)] : []),
        ],
        lists: [
          {
            title: 'Hostnames',
            rows: routes.map((route) => ({
              label: route.hostname,
              value: `→ ${route.serviceName}:${route.port} · ${route.state}`,
              tone: realisedTone[route.realised],
            })),
          },
        ],
        href: '/routes',
      };
    }
    case 'link': {
      const link = model.links.find((candidate) => candidate.key === key);
      if (!link) return null;
      return {
        kind: 'Endpoint',
        name: `${link.containerName} on ${link.networkName}`,
        facts: [
          { label: 'Container', value: link.containerName },
          { label: 'Network', value: link.networkName },
          { label: 'Address', value: link.address ?? 'no address' },
        ],
        lists: [],
        href: page('containers', link.containerName),
      };
    }
  }
}

function describeContainer(
  model: TopologyModel,
  key: string,
  hostName: (id: string) => string,
): Details | null {
  const container = model.containers.find((candidate) => candidate.key === key);
  if (!container) return null;
  const links = model.links.filter((link) => link.containerKey === key);
  const service = model.services.find((candidate) => candidate.key === container.serviceKey);
  const task = model.taskLinks.find((link) => link.containerKey === key);
  // Each network as the agent on this container's host realised it.
  const realised = links.flatMap((link) => {
    const drawn =
      model.networks.find((network) => network.key === link.networkKey) ??
      model.vteps.find((vtep) => vtep.key === link.networkKey);
    return drawn && drawn.realised !== 'ready'
      ? [`${link.networkName}: ${drawn.realised}${drawn.reason === null ? '' : ` (${drawn.reason})`}`]
      : [];
  });
  const statusTone: FactTone =
    container.status === 'running'
      ? 'ok'
      : container.status === 'exited' || container.status === 'dead'
        ? 'bad'
        : 'warn';
  return {
    kind: 'Container',
    name: container.name,
    facts: [
      ...problemFacts(container.problems),
      { label: 'State', value: container.status, tone: statusTone },
      ...(container.error === null ? [] : [{ label: 'Error', value: container.error, tone: 'bad' as const }]),
      { label: 'Host', value: hostName(container.hostId) },
      { label: 'Image', value: container.image },
      ...(service
        ? [{ label: 'Service', value: task ? `${service.name} (task ${task.taskName})` : service.name }]
        : []),
      ...links.map((link) => ({ label: link.networkName, value: link.address ?? 'no address' })),
      ...(container.ports.length === 0 ? [] : [{ label: 'Ports', value: container.ports.join(', ') }]),
      realised.length === 0
        ? { label: 'Agent', value: links.length === 0 ? 'no network' : 'every network ready', tone: 'ok' }
        : { label: 'Agent', value: realised.join('; '), tone: 'bad' },
      ...labelsFact(container.labels),
    ],
    lists: [],
    href: page('containers', container.name),
  };
}

function describeService(
  model: TopologyModel,
  key: string,
  hostName: (id: string) => string,
): Details | null {
  const service = model.services.find((candidate) => candidate.key === key);
  if (!service) return null;
  const containers = new Map(model.containers.map((container) => [container.key, container]));
  const addresses = (containerKey: string) =>
    model.links
      .filter((link) => link.containerKey === containerKey && link.address !== null)
      .map((link) => link.address)
      .join(', ');
  const healthTone: FactTone =
    service.health === 'healthy' ? 'ok' : service.health === 'degraded' ? 'bad' : 'warn';
  return {
    kind: 'Service',
    name: service.name,
    facts: [
      ...problemFacts(service.problems),
      { label: 'Replicas', value: `${service.replicas} (${service.health})`, tone: healthTone },
      { label: 'Image', value: service.image },
      ...service.vips.map((vip) => ({ label: 'VIP', value: vip })),
      ...(service.ports.length === 0 ? [] : [{ label: 'Ports', value: service.ports.join(', ') }]),
      ...(service.hostnames.length === 0
        ? []
        : [{ label: 'Hostnames', value: service.hostnames.join(', ') }]),
      ...labelsFact(service.labels),
    ],
    lists: [
      {
        title: 'Tasks',
        rows: capped(
          model.taskLinks
            .filter((task) => task.serviceKey === key)
            .map((task) => {
              const container = containers.get(task.containerKey);
              return {
                label: task.taskName,
                value: `${container ? `${hostName(container.hostId)} · ${container.status}` : 'no container'}${
                  addresses(task.containerKey) ? ` · ${addresses(task.containerKey)}` : ''
                }`,
                tone: container?.status === 'running' ? ('ok' as const) : ('warn' as const),
              };
            }),
        ),
      },
    ],
    href: page('services', service.name),
  };
}
