import type { TopoContainer, TopoHost, TopoNetwork, TopoService, TopoVtep } from '../model/topology-model';
import { cellOrigin, fitted, gridTop, hostX, label, laneTop, vtepX, vtepY, type Frame } from './frame';
import { metrics } from './metrics';
import type { ContainerItem, HostItem, NetworkItem, SpanItem, VtepItem } from './topology-scene';

// The items drawn in and under the hosts: the host boxes, their networks, containers and VTEPs, and the
// bands of the networks that span hosts.

/** `:8080→80`, `:53→53/udp`: a published port as short as it can be said. */
export function shortPort(port: string): string {
  const match = /:(\d+)->(\d+)\/(\w+)$/.exec(port);
  if (!match) return port;
  const [, published, target, protocol] = match;
  return `:${published}→${target}${protocol === 'tcp' ? '' : `/${protocol}`}`;
}

export function hostItem(frame: Frame, host: TopoHost, hasVteps: boolean): HostItem {
  const x = hostX(frame, host.id);
  const room = frame.width - 2 * metrics.hostPadding;
  const left = x + metrics.hostPadding;
  return {
    kind: 'host',
    key: host.id,
    target: { kind: 'host', key: host.id },
    box: { x, y: 0, width: frame.width, height: frame.height },
    ends: [host.id],
    name: host.name,
    status: host.status,
    title: fitted(frame, left, 21, host.name, room, { size: 13, weight: 600 }),
    subtitle: fitted(
      frame,
      left,
      37,
      `${host.underlayAddress}${host.status === 'down' ? ' · down' : ''}`,
      room,
      {
        size: 10.5,
        face: 'mono',
        tone: host.status === 'down' ? 'bad' : 'text-muted',
      },
    ),
    vtepLabel: hasVteps
      ? label(left, vtepY(frame) + 3.5, `VTEP ${host.underlayAddress}`, {
          size: 10,
          face: 'mono',
          tone: 'text-muted',
        })
      : null,
  };
}

function networkSublabel(network: TopoNetwork): string {
  if (network.parent !== null) return `on ${network.parent}`;
  if (network.driver === 'host') return 'host stack';
  if (network.driver === 'null') return 'no network';
  const subnet = network.subnets[0] ?? network.driver;
  return network.internal ? `${subnet} · internal` : subnet;
}

export function networkItem(frame: Frame, network: TopoNetwork, hostId: string, slot: number): NetworkItem {
  const origin = cellOrigin(frame, hostId, slot, metrics.headerHeight, metrics.railHeight);
  const pill = { x: origin.x + 5, y: origin.y + 4, width: metrics.cellWidth - 10, height: 22 };
  const centre = origin.x + metrics.cellWidth / 2;
  return {
    kind: 'network',
    key: network.key,
    target: { kind: 'network', key: network.key },
    box: { x: origin.x + 2, y: origin.y + 2, width: metrics.cellWidth - 4, height: metrics.railHeight - 4 },
    ends: [network.key],
    name: network.name,
    driver: network.driver,
    predefined: network.predefined,
    status: network.realised,
    pill,
    label: fitted(frame, centre, pill.y + 15, network.name, pill.width - 8, {
      anchor: 'middle',
      size: 10,
      weight: 600,
    }),
    sublabel: fitted(
      frame,
      centre,
      pill.y + pill.height + 12,
      networkSublabel(network),
      metrics.cellWidth - 6,
      {
        anchor: 'middle',
        size: 9.5,
        face: 'mono',
        tone: 'text-muted',
      },
    ),
  };
}

export function containerItem(frame: Frame, container: TopoContainer, slot: number): ContainerItem {
  const origin = cellOrigin(frame, container.hostId, slot, gridTop(frame), metrics.cellHeight);
  const cx = origin.x + metrics.cellWidth / 2;
  const cy = origin.y + 15;
  const [firstPort] = container.ports;
  const ports =
    firstPort === undefined
      ? null
      : `${shortPort(firstPort)}${container.ports.length > 1 ? ` +${container.ports.length - 1}` : ''}`;
  const room = metrics.cellWidth - 8;
  return {
    kind: 'container',
    key: container.key,
    target: { kind: 'container', key: container.key },
    box: { x: origin.x + 2, y: origin.y + 1, width: metrics.cellWidth - 4, height: metrics.cellHeight - 2 },
    ends: [container.key],
    name: container.name,
    status: container.status,
    task: container.serviceKey !== null,
    cx,
    cy,
    r: metrics.containerRadius,
    label: fitted(frame, cx, origin.y + 38, container.taskLabel ?? container.name, room, {
      anchor: 'middle',
      halo: 'surface-sunken',
    }),
    ports:
      ports === null
        ? null
        : fitted(frame, cx, origin.y + 51, ports, room, {
            anchor: 'middle',
            size: 9.5,
            face: 'mono',
            tone: 'text-muted',
            halo: 'surface-sunken',
          }),
  };
}

export function vtepItem(frame: Frame, vtep: TopoVtep, lane: number): VtepItem {
  const { vtepSize: size } = metrics;
  const cx = vtepX(frame, vtep.hostId, lane);
  const cy = vtepY(frame);
  return {
    kind: 'vtep',
    key: vtep.key,
    target: { kind: 'vtep', key: vtep.key },
    box: { x: cx - size / 2 - 3, y: cy - size / 2 - 3, width: size + 6, height: size + 6 },
    ends: [vtep.key],
    networkKey: vtep.networkKey,
    networkName: vtep.networkName,
    hostName: vtep.hostName,
    title: `VTEP ${vtep.underlayAddress}`,
    status: vtep.realised,
    cx,
    cy,
    size,
  };
}

function spanLabel(network: TopoNetwork, services: readonly TopoService[]): string {
  const vni = network.vni === null ? '' : ` · VNI ${network.vni}`;
  if (!network.ingress) return `${network.name} · ${network.driver}${vni}`;
  const published = services.flatMap((service) =>
    service.ingressPorts.map((port) => `:${port} → ${service.name}`),
  );
  return `${network.name} · routing mesh${vni}${published.length > 0 ? ` · ${published.join(', ')}` : ''}`;
}

export function spanItem(
  frame: Frame,
  network: TopoNetwork,
  lane: number,
  xs: readonly number[],
  services: readonly TopoService[],
): SpanItem {
  const text = spanLabel(network, services);
  const wanted = frame.measure(text, 11, 'sans', 600) + 28;
  const left = xs.length === 0 ? 0 : Math.min(...xs) - 18;
  const right = xs.length === 0 ? wanted : Math.max(...xs) + 18;
  const width = Math.max(right - left, Math.min(wanted, Math.max(frame.width, right - left)));
  const box = { x: left, y: laneTop(frame, lane), width, height: metrics.bandHeight };
  return {
    kind: 'span',
    key: network.key,
    target: { kind: 'network', key: network.key },
    box,
    ends: [network.key],
    name: network.name,
    ingress: network.ingress,
    status: network.realised,
    label: fitted(frame, box.x + 12, box.y + 15, text, width - 24, {
      weight: 600,
      tone: network.ingress ? 'mesh' : 'text',
    }),
  };
}
