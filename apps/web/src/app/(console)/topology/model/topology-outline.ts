import type { TopoTarget } from '../layout/topology-scene';
import type { TopologyModel } from './topology-model';

/** Where a container is attached: `appnet 10.0.2.3/24 · overlay VNI 257`. */
export interface OutlineAttachment {
  network: string;
  address: string | null;
  /** `overlay VNI 257`, `bridge`: how it reaches the network. */
  via: string;
}

export interface OutlineRow {
  target: TopoTarget;
  /** What the row is called: a task by its service and slot (`web.2`). */
  name: string;
  /** The object's own name (a task's container's), for its test id and link. */
  objectName: string;
  /** `running`, `ready`, `3/3`: its state in a word or two. */
  state: string;
  tone: 'ok' | 'warn' | 'bad';
  /** `task of web`, `172.17.0.0/16`: what it is, briefly. */
  detail: string | null;
  attachments: OutlineAttachment[];
  problems: readonly string[];
}

export interface OutlineHost {
  row: OutlineRow;
  networks: OutlineRow[];
  vteps: OutlineRow[];
  containers: OutlineRow[];
}

/** The map as a list, for a screen too narrow for the map: services, then each host with its objects. */
export interface TopologyOutline {
  services: OutlineRow[];
  overlays: OutlineRow[];
  hosts: OutlineHost[];
}

type Tone = OutlineRow['tone'];
const realisedTone = { ready: 'ok', pending: 'warn', failing: 'bad' } as const;
const worse = (tone: Tone, problems: readonly string[]): Tone => (problems.length > 0 ? 'bad' : tone);

/**
 * The outline of what `shown` lets through (null: everything), in the map's order; with a search,
 * only what it found (a host it found with everything on it).
 */
export function buildOutline(
  model: TopologyModel,
  shown: ReadonlySet<string> | null,
  matches: ReadonlySet<string> | null = null,
): TopologyOutline {
  const filtered = (key: string) => shown === null || shown.has(key);
  const found = (key: string) => matches === null || matches.has(key);
  const visible = (key: string) => filtered(key) && found(key);
  const vteps = new Map(model.vteps.map((vtep) => [vtep.key, vtep]));
  const networks = new Map(model.networks.map((network) => [network.key, network]));
  const services = new Map(model.services.map((service) => [service.key, service]));

  const attachments = (containerKey: string): OutlineAttachment[] =>
    model.links
      .filter((link) => link.containerKey === containerKey)
      .map((link) => {
        const vtep = vteps.get(link.networkKey);
        const network = networks.get(link.networkKey);
        return {
          network: link.networkName,
          address: link.address,
          via:
            vtep !== undefined
              ? `overlay${vtep.vni === null ? '' : ` VNI ${vtep.vni}`}`
              : (network?.driver ?? 'network'),
        };
      });

  return {
    services: model.services
      .filter((service) => visible(service.key))
      .map((service) => ({
        target: { kind: 'service', key: service.key },
        name: service.name,
        objectName: service.name,
        state: service.replicas,
        tone: worse(
          service.health === 'healthy' ? 'ok' : service.health === 'degraded' ? 'bad' : 'warn',
          service.problems,
        ),
        detail: service.vips.length === 0 ? null : `VIP ${service.vips.join(', ')}`,
        attachments: [],
        problems: service.problems,
      })),
    overlays: model.networks
      .filter((network) => network.hostId === null && visible(network.key))
      .map((network) => ({
        target: { kind: 'network', key: network.key },
        name: network.name,
        objectName: network.name,
        state: network.realised,
        tone: worse(realisedTone[network.realised], network.problems),
        detail: [
          network.ingress ? 'routing mesh' : network.driver,
          network.vni === null ? null : `VNI ${network.vni}`,
          network.subnets[0] ?? null,
        ]
          .filter((part) => part !== null)
          .join(' · '),
        attachments: [],
        problems: network.problems,
      })),
    hosts: model.hosts
      .filter((host) => filtered(host.id))
      .flatMap((host): OutlineHost[] => {
        const onHost = (key: string) => filtered(key) && (found(host.id) || found(key));
        const outlined: OutlineHost = {
          row: {
            target: { kind: 'host', key: host.id },
            name: host.name,
            objectName: host.name,
            state: host.status,
            tone: worse(host.status === 'ready' ? 'ok' : 'bad', host.problems),
            detail: host.underlayAddress,
            attachments: [],
            problems: host.problems,
          },
          networks: model.networks
            .filter((network) => network.hostId === host.id && onHost(network.key))
            .map((network) => ({
              target: { kind: 'network', key: network.key },
              name: network.name,
              objectName: network.name,
              state: network.realised,
              tone: worse(realisedTone[network.realised], network.problems),
              detail: [network.driver, network.subnets[0] ?? null]
                .filter((part) => part !== null)
                .join(' · '),
              attachments: [],
              problems: network.problems,
            })),
          vteps: model.vteps
            .filter((vtep) => vtep.hostId === host.id && onHost(vtep.key))
            .map((vtep) => ({
              target: { kind: 'vtep', key: vtep.key },
              name: vtep.networkName,
              objectName: vtep.networkName,
              state: vtep.realised,
              tone: worse(realisedTone[vtep.realised], vtep.problems),
              detail: `${vtep.vni === null ? 'VTEP' : `VNI ${vtep.vni}`} at ${vtep.underlayAddress}`,
              attachments: [],
              problems: vtep.problems,
            })),
          containers: model.containers
            .filter((container) => container.hostId === host.id && onHost(container.key))
            .map((container): OutlineRow => {
              const service = container.serviceKey === null ? undefined : services.get(container.serviceKey);
              return {
                target: { kind: 'container', key: container.key },
                name: container.taskLabel ?? container.name,
                objectName: container.name,
                state: container.status,
                tone: worse(
                  container.status === 'running'
                    ? 'ok'
                    : container.status === 'exited' || container.status === 'dead'
                      ? 'bad'
                      : 'warn',
                  container.problems,
                ),
                detail: service === undefined ? null : `task of ${service.name}`,
                attachments: attachments(container.key),
                problems: container.problems,
              };
            })
            .toSorted((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true })),
        };
        const rows = outlined.networks.length + outlined.vteps.length + outlined.containers.length;
        return found(host.id) || rows > 0 ? [outlined] : [];
      }),
  };
}
