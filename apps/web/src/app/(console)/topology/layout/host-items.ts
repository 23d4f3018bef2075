import type { TopoContainer, TopoHost, TopoNetwork, TopoService, TopoVtep } from '../model/topology-model';
import { cellOrigin, fitted, gridTop, hostX, label, laneTop, vtepX, vtepY, type Frame } from './frame';
import { metrics } from './metrics';
import { fitText } from './topology-text';
import { vtepFont } from './vtep-lanes';
import type { Box, ContainerItem, HostItem, NetworkItem, SpanItem, VtepItem } from './topology-scene';

// The items drawn in and under the hosts: the host boxes, their networks, containers and VTEPs, and the
// bands of the networks that span hosts.

/** `:8080→80`, `:53→53/udp`: a published port as short as it can be said. */
export function shortPort(port: string): string {
  const match = /:(\d+)->(\d+)\/(\w+)$/.exec(port);
  if (!match) return port;
  const [, published, target, protocol] = match;
  return `:${published}→${target}${protocol === 'tcp' ? '' : `/${protocol}`}`;
}

/**
 * Where a task's edge enters its host: the gap left of its grid column, which runs between two
 * network pills (the first column's, inside the host's padding, left of the title).
 */
export const taskGapX = (frame: Frame, hostId: string, column: number) =>
  hostX(frame, hostId) +
  (column === 0 ? metrics.hostPadding / 2 : metrics.hostPadding + column * metrics.cellWidth);

export function hostItem(frame: Frame, host: TopoHost): HostItem {
  const x = hostX(frame, host.id);
  // The title stays in the first column, clear of the task edges entering by the next gap.
  const room = frame.memory.columns > 1 ? metrics.cellWidth - 4 : frame.width - 2 * metrics.hostPadding;
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
      `${host.status === 'down' ? 'down · ' : ''}${host.underlayAddress}`,
      room,
      {
        size: 10.5,
        face: 'mono',
        tone: host.status === 'down' ? 'bad' : 'text-muted',
      },
    ),
    problems: host.problems,
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
    problems: network.problems,
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
    problems: container.problems,
  };
}

/**
 * A VTEP badge's text: `appnet 257`, the name cut (`appn… 257`) when it has less room, the VNI alone
 * when even that does not fit; the VNI is what matches the badge to its overlay's band.
 */
export function vtepBadgeText(frame: Frame, name: string, vni: number | null, room: number): string {
  const id = vni === null ? '' : String(vni);
  const width = (text: string) => frame.measure(text, vtepFont.size, vtepFont.face, vtepFont.weight);
  const full = id === '' ? name : `${name} ${id}`;
  if (width(full) <= room) return full;
  const nameRoom = room - width(` ${id}`);
  const cut = fitText(name, nameRoom, vtepFont.size, vtepFont.face, frame.measure, vtepFont.weight);
  if (cut.length > 3) return id === '' ? cut : `${cut} ${id}`;
  return id === '' ? fitText(name, room, vtepFont.size, vtepFont.face, frame.measure) : id;
}

export function vtepItem(frame: Frame, vtep: TopoVtep, lane: number): VtepItem {
  const cx = vtepX(frame, vtep.hostId, lane);
  const cy = vtepY(frame);
  const width = (frame.vtepLanes[lane]?.width ?? metrics.vtepMinStep) - 6;
  const badge = { x: cx - width / 2, y: cy - metrics.vtepHeight / 2, width, height: metrics.vtepHeight };
  const vni = vtep.vni === null ? '' : ` (VNI ${vtep.vni})`;
  return {
    kind: 'vtep',
    key: vtep.key,
    target: { kind: 'vtep', key: vtep.key },
    box: { x: badge.x - 2, y: badge.y - 2, width: badge.width + 4, height: badge.height + 4 },
    ends: [vtep.key],
    networkKey: vtep.networkKey,
    networkName: vtep.networkName,
    vni: vtep.vni,
    ingress: vtep.ingress,
    hostName: vtep.hostName,
    title: `VTEP of ${vtep.networkName}${vni} on ${vtep.hostName} at ${vtep.underlayAddress}`,
    status: vtep.realised,
    cx,
    cy,
    badge,
    label: label(cx, cy + 3.5, vtepBadgeText(frame, vtep.networkName, vtep.vni, width - 6), {
      ...vtepFont,
      anchor: 'middle',
      tone: vtep.realised === 'failing' ? 'bad' : vtep.ingress ? 'mesh' : 'info',
    }),
    problems: vtep.problems,
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
  badges: readonly Box[],
  services: readonly TopoService[],
): SpanItem {
  const text = spanLabel(network, services);
  const wanted = frame.measure(text, 11, 'sans', 600) + 28;
  const left = badges.length === 0 ? 0 : Math.min(...badges.map((badge) => badge.x)) - 8;
  const right = badges.length === 0 ? wanted : Math.max(...badges.map((badge) => badge.x + badge.width)) + 8;
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
    problems: network.problems,
  };
}
