import type { TopoMeshLink } from '../model/topology-mesh';
import type {
  TopoContainer,
  TopoHost,
  TopoLink,
  TopologyModel,
  TopoNetwork,
  TopoService,
  TopoVtep,
} from '../model/topology-model';
import type {
  Box,
  ContainerItem,
  HostItem,
  Label,
  LinkItem,
  MeshItem,
  MeshLinkItem,
  NetworkItem,
  Point,
  Scene,
  SceneItem,
  ServiceItem,
  SpanItem,
  TaskItem,
  TunnelItem,
  VtepItem,
} from './topology-scene';
import { pointsBox, segmentBox, union } from './topology-scene';
import { assignSlots, rowsFor, type Slots } from './topology-slots';
import { estimate, fitText, type Measure } from './topology-text';

/** World units (pixels at zoom 1). Fixed cells: a label can never reach into its neighbour's. */
export const metrics = {
  cellWidth: 112,
  cellHeight: 58,
  hostPadding: 14,
  headerHeight: 46,
  railHeight: 46,
  vtepRowHeight: 34,
  vtepLabelWidth: 132,
  hostGap: 36,
  laneGap: 26,
  laneHeight: 30,
  bandHeight: 22,
  serviceWidth: 236,
  serviceHeight: 62,
  serviceRowHeight: 80,
  servicesGap: 56,
  meshGap: 52,
  meshHeight: 30,
  containerRadius: 9,
  vtepSize: 10,
  /** Between two buses (and two gutters) of endpoints. */
  busGap: 4,
} as const;

/**
 * What the layout remembers between updates, so live changes never move what is already drawn: every
 * object's slot, and the grid's size (which only grows while the page is open).
 */
export interface LayoutMemory {
  columns: number;
  gridRows: number;
  railRows: number;
  /** Room for this many overlays' buses above the VTEP row: grows in steps, never shrinks. */
  laneCapacity: number;
  hosts: Slots;
  cells: ReadonlyMap<string, Slots>;
  rails: ReadonlyMap<string, Slots>;
  lanes: Slots;
  services: Slots;
}

export interface Viewport {
  width: number;
  height: number;
}

type LabelStyle = Partial<Omit<Label, 'x' | 'y' | 'text'>>;

const label = (x: number, y: number, text: string, style: LabelStyle = {}): Label => ({
  x,
  y,
  text,
  anchor: 'start',
  size: 11,
  face: 'sans',
  weight: 400,
  tone: 'text',
  halo: null,
  ...style,
});

/** A label cut to `room` as the frame measures text. */
function fitted(
  frame: Frame,
  x: number,
  y: number,
  text: string,
  room: number,
  style: LabelStyle = {},
): Label {
  const base = label(x, y, text, style);
  return { ...base, text: fitText(text, room, base.size, base.face, frame.measure, base.weight) };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

const byText =
  <T>(...keys: ((item: T) => string)[]) =>
  (a: T, b: T) => {
    for (const key of keys) {
      const order = key(a).localeCompare(key(b));
      if (order !== 0) return order;
    }
    return 0;
  };

/** `:8080→80`, `:53→53/udp`: a published port as short as it can be said. */
export function shortPort(port: string): string {
  const match = /:(\d+)->(\d+)\/(\w+)$/.exec(port);
  if (!match) return port;
  const [, published, target, protocol] = match;
  return `:${published}→${target}${protocol === 'tcp' ? '' : `/${protocol}`}`;
}

const hostWidth = (columns: number) => columns * metrics.cellWidth + 2 * metrics.hostPadding;

/**
 * Containers per host in each host's grid, chosen once when the page opens: the count that shows the
 * whole map largest in the viewport, fewer columns when equal (hosts stay side by side).
 */
function chooseColumns(model: TopologyModel, viewport: Viewport): number {
  const hosts = Math.max(1, model.hosts.length);
  const perHost = Math.max(
    0,
    ...[...groupBy(model.containers, (c) => c.hostId).values()].map((c) => c.length),
  );
  const railsPerHost = Math.max(
    1,
    ...[
      ...groupBy(
        model.networks.filter((n) => n.hostId !== null),
        (n) => n.hostId ?? '',
      ).values(),
    ].map((n) => n.length),
  );
  const lanes = model.networks.filter((network) => network.hostId === null).length;
  const room = metrics.vtepLabelWidth + lanes * 8;
  let best = { columns: 2, fit: -1 };
  for (let columns = 2; columns <= 8; columns += 1) {
    if (hostWidth(columns) - 2 * metrics.hostPadding < room) continue;
    const width = hosts * hostWidth(columns) + (hosts - 1) * metrics.hostGap;
    const height =
      metrics.headerHeight +
      Math.ceil(railsPerHost / columns) * metrics.railHeight +
      (Math.ceil(perHost / columns) + 1) * metrics.cellHeight +
      metrics.vtepRowHeight +
      metrics.laneGap +
      lanes * metrics.laneHeight +
      (model.services.length > 0 ? metrics.servicesGap + metrics.serviceRowHeight : 0);
    const fit = Math.min(viewport.width / width, viewport.height / height, 1);
    if (fit > best.fit + 0.01) best = { columns, fit };
  }
  return best.fit < 0 ? 8 : best.columns;
}

/** The slots of everything in the model: kept from `memory`, new objects in the free ones. */
function placeAll(model: TopologyModel, memory: LayoutMemory | null, viewport: Viewport): LayoutMemory {
  const columns = memory?.columns ?? chooseColumns(model, viewport);
  const linksByContainer = groupBy(model.links, (link) => link.containerKey);
  const containersByHost = groupBy(model.containers, (container) => container.hostId);
  const networksByHost = groupBy(
    model.networks.filter((network) => network.hostId !== null),
    (network) => network.hostId ?? '',
  );
  // Initial order: containers by their first network, so a network's containers start out together.
  const containerOrder = byText<TopoContainer>(
    (container) => linksByContainer.get(container.key)?.[0]?.networkName ?? '',
    (container) => container.taskLabel ?? container.name,
  );
  const networkOrder = byText<TopoNetwork>(
    (network) => (network.predefined ? '0' : '1'),
    (network) => network.name,
  );
  const cells = new Map(
    model.hosts.map((host) => [
      host.id,
      assignSlots(
        memory?.cells.get(host.id),
        (containersByHost.get(host.id) ?? []).toSorted(containerOrder).map((container) => container.key),
      ),
    ]),
  );
  const rails = new Map(
    model.hosts.map((host) => [
      host.id,
      assignSlots(
        memory?.rails.get(host.id),
        (networksByHost.get(host.id) ?? []).toSorted(networkOrder).map((network) => network.key),
      ),
    ]),
  );
  // The routing mesh first: on every host, its tunnels are the shortest.
  const spans = model.networks
    .filter((network) => network.hostId === null)
    .toSorted(
      byText(
        (network) => (network.ingress ? '0' : '1'),
        (network) => network.name,
      ),
    );
  const neededRows = Math.max(1, ...[...cells.values()].map((slots) => rowsFor(slots, columns)));
  const neededRails = Math.max(1, ...[...rails.values()].map((slots) => rowsFor(slots, columns)));
  return {
    columns,
    // Spare rows (a quarter more, at least one): the next containers land there without growing the hosts.
    gridRows: Math.max(memory?.gridRows ?? 0, neededRows + Math.max(1, Math.ceil(neededRows / 4))),
    railRows: Math.max(memory?.railRows ?? 0, neededRails),
    laneCapacity: Math.max(memory?.laneCapacity ?? 0, Math.ceil(spans.length / 4) * 4),
    hosts: assignSlots(
      memory?.hosts,
      model.hosts.map((host) => host.id),
    ),
    cells,
    rails,
    lanes: assignSlots(
      memory?.lanes,
      spans.map((network) => network.key),
    ),
    services: assignSlots(
      memory?.services,
      model.services.map((service) => service.key),
    ),
  };
}

interface Frame {
  memory: LayoutMemory;
  measure: Measure;
  /** One host's width and height: every host has the same. */
  width: number;
  height: number;
  /** All the hosts side by side. */
  span: number;
  vtepStep: number;
}

const hostX = (frame: Frame, host: string) =>
  (frame.memory.hosts.get(host) ?? 0) * (hostWidth(frame.memory.columns) + metrics.hostGap);

function cellOrigin(frame: Frame, hostId: string, slot: number, top: number, height: number): Point {
  const { columns } = frame.memory;
  return {
    x: hostX(frame, hostId) + metrics.hostPadding + (slot % columns) * metrics.cellWidth,
    y: top + Math.floor(slot / columns) * height,
  };
}

/** The local networks' buses run between the pills and the grid, one lane per rail slot. */
const busLanes = (frame: Frame) => frame.memory.railRows * frame.memory.columns;
const railBusHeight = (frame: Frame) => 6 + busLanes(frame) * metrics.busGap;
const railBottom = (frame: Frame) => metrics.headerHeight + frame.memory.railRows * metrics.railHeight;
const gridTop = (frame: Frame) => railBottom(frame) + railBusHeight(frame);
const gridBottom = (frame: Frame) => gridTop(frame) + frame.memory.gridRows * metrics.cellHeight;
const vtepY = (frame: Frame) => frame.height - metrics.vtepRowHeight / 2;

function vtepX(frame: Frame, hostId: string, lane: number): number {
  return (
    hostX(frame, hostId) +
    metrics.hostPadding +
    metrics.vtepLabelWidth +
    lane * frame.vtepStep +
    frame.vtepStep / 2
  );
}

function hostItem(frame: Frame, host: TopoHost, hasVteps: boolean): HostItem {
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

function networkItem(frame: Frame, network: TopoNetwork, hostId: string, slot: number): NetworkItem {
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

function containerItem(frame: Frame, container: TopoContainer, slot: number): ContainerItem {
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

function vtepItem(frame: Frame, vtep: TopoVtep, lane: number): VtepItem {
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

const laneTop = (frame: Frame, lane: number) =>
  frame.height + metrics.laneGap + lane * metrics.laneHeight + (metrics.laneHeight - metrics.bandHeight) / 2;

function spanLabel(network: TopoNetwork, services: readonly TopoService[]): string {
  const vni = network.vni === null ? '' : ` · VNI ${network.vni}`;
  if (!network.ingress) return `${network.name} · ${network.driver}${vni}`;
  const published = services.flatMap((service) =>
    service.ingressPorts.map((port) => `:${port} → ${service.name}`),
  );
  return `${network.name} · routing mesh${vni}${published.length > 0 ? ` · ${published.join(', ')}` : ''}`;
}

function spanItem(
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

/** Services in evenly spread slots over the hosts, in rows that grow upwards, away from the hosts. */
function serviceCard(frame: Frame, slot: number): Box {
  const span = Math.max(frame.span, metrics.serviceWidth);
  const columns = Math.max(1, Math.floor((span + 16) / (metrics.serviceWidth + 16)));
  const slotWidth = span / columns;
  const row = Math.floor(slot / columns);
  return {
    x: (slot % columns) * slotWidth + (slotWidth - metrics.serviceWidth) / 2,
    y: -metrics.servicesGap - metrics.serviceHeight - row * metrics.serviceRowHeight,
    width: metrics.serviceWidth,
    height: metrics.serviceHeight,
  };
}

function serviceItem(frame: Frame, service: TopoService, card: Box): ServiceItem {
  const left = card.x + 10;
  const room = card.width - 20;
  const replicas = label(card.x + card.width - 10, card.y + 19, service.replicas, {
    anchor: 'end',
    weight: 600,
    size: 12,
    tone: service.health === 'healthy' ? 'ok' : service.health === 'degraded' ? 'bad' : 'warn',
  });
  const titleRoom = room - frame.measure(service.replicas, 12, 'sans', 600) - 8;
  const [vip] = service.vips;
  const vipText =
    vip === undefined
      ? 'no VIP'
      : `VIP ${vip}${service.vips.length > 1 ? ` +${service.vips.length - 1}` : ''}`;
  const line = (y: number, text: string) =>
    fitted(frame, left, y, text, room, { size: 10, face: 'mono', tone: 'text-muted' });
  return {
    kind: 'service',
    key: service.key,
    target: { kind: 'service', key: service.key },
    box: card,
    ends: [service.key],
    name: service.name,
    replicas: service.replicas,
    health: service.health,
    title: fitted(frame, left, card.y + 19, service.name, titleRoom, { size: 12, weight: 600 }),
    replicasLabel: replicas,
    lines: [
      line(card.y + 37, vipText),
      line(card.y + 52, service.ports.length === 0 ? 'no published port' : service.ports.join(', ')),
    ],
  };
}

function meshItem(frame: Frame, model: TopologyModel, centre: Point): MeshItem | null {
  if (!model.mesh) return null;
  const count = model.mesh.routes.length;
  const text = `HRM · HTTP routing mesh · ${count} ${count === 1 ? 'hostname' : 'hostnames'}`;
  const width = frame.measure(text, 11.5, 'sans', 600) + 32;
  const box = {
    x: centre.x - width / 2,
    y: centre.y - metrics.meshHeight / 2,
    width,
    height: metrics.meshHeight,
  };
  return {
    kind: 'mesh',
    key: model.mesh.key,
    target: { kind: 'mesh', key: model.mesh.key },
    box,
    ends: [model.mesh.key],
    status: model.mesh.realised,
    label: label(centre.x, centre.y + 4, text, { anchor: 'middle', size: 11.5, weight: 600, tone: 'mesh' }),
  };
}

function meshLinkItem(frame: Frame, link: TopoMeshLink, mesh: MeshItem, card: Box): MeshLinkItem {
  const from = { x: mesh.box.x + mesh.box.width / 2, y: mesh.box.y + mesh.box.height };
  const to = { x: card.x + card.width / 2, y: card.y };
  const text =
    link.hostnames.length === 1
      ? (link.hostnames[0] ?? '')
      : `${link.hostnames[0] ?? ''} +${link.hostnames.length - 1}`;
  return {
    kind: 'meshLink',
    key: link.key,
    target: { kind: 'mesh', key: mesh.key },
    box: segmentBox(from, to),
    ends: [mesh.key, link.serviceKey],
    serviceName: link.serviceName,
    status: link.realised,
    from,
    to,
    hostnames: link.hostnames,
    // Beside the edge's end, inside the card's right half: never over a neighbour's label.
    label: fitted(frame, to.x + 6, to.y - 7, text, card.width / 2 - 8, {
      size: 10,
      face: 'mono',
      tone: 'mesh',
      halo: 'surface',
    }),
  };
}

/**
 * An endpoint as a bus: from the container sideways into its column's gutter, along it to the
 * network's bus lane, then to the pill (left, above the grid) or the VTEP (right, below it). Every
 * endpoint of a network in one column shares its gutter, so the lines bundle instead of fanning out.
 */
function linkItem(
  frame: Frame,
  link: TopoLink,
  container: ContainerItem,
  to: Anchor,
  order: number,
): LinkItem {
  const cellLeft = container.cx - metrics.cellWidth / 2;
  const points =
    to.side === 'rail'
      ? (() => {
          const gutter = cellLeft + 4 + (to.lane % 6) * 3;
          const bus = gridTop(frame) - 4 - to.lane * metrics.busGap;
          return [
            { x: container.cx - container.r, y: container.cy },
            { x: gutter, y: container.cy },
            { x: gutter, y: bus },
            { x: to.x, y: bus },
            { x: to.x, y: to.y },
          ];
        })()
      : (() => {
          const gutter = cellLeft + metrics.cellWidth - 4 - (to.lane % 8) * 3;
          const bus = gridBottom(frame) + 4 + to.lane * metrics.busGap;
          return [
            { x: container.cx + container.r, y: container.cy },
            { x: gutter, y: container.cy },
            { x: gutter, y: bus },
            { x: to.x, y: bus },
            { x: to.x, y: to.y },
          ];
        })();
  return {
    kind: 'link',
    key: link.key,
    target: { kind: 'link', key: link.key },
    box: pointsBox(points),
    ends: [link.containerKey, link.networkKey],
    points,
    address: link.address,
    addressLabel:
      link.address === null
        ? null
        : label(container.cx + container.r + 4, container.cy - 2 + order * 11, link.address, {
            size: 10,
            face: 'mono',
            weight: 600,
            tone: 'accent',
            halo: 'surface-sunken',
          }),
  };
}

/** Where an endpoint's bus ends: a pill's foot or a VTEP's top, and the lane its bus runs in. */
interface Anchor {
  x: number;
  y: number;
  side: 'rail' | 'vtep';
  lane: number;
}

/**
 * The whole map as primitive shapes with ids, in paint order. Pure: the same model and memory give the
 * same scene, and the memory it returns keeps every object where it was on the next update.
 */
export function layoutTopology(
  model: TopologyModel,
  memory: LayoutMemory | null,
  viewport: Viewport,
  measure: Measure = estimate,
): { scene: Scene; memory: LayoutMemory } {
  const placed = placeAll(model, memory, viewport);
  const lanes = rowsFor(placed.lanes, 1);
  const width = hostWidth(placed.columns);
  const room = width - 2 * metrics.hostPadding - metrics.vtepLabelWidth;
  const frame: Frame = {
    memory: placed,
    measure,
    width,
    span: placed.hosts.size * (width + metrics.hostGap) - metrics.hostGap,
    height:
      metrics.headerHeight +
      placed.railRows * metrics.railHeight +
      6 +
      placed.railRows * placed.columns * metrics.busGap +
      placed.gridRows * metrics.cellHeight +
      6 +
      placed.laneCapacity * metrics.busGap +
      metrics.vtepRowHeight,
    vtepStep: Math.max(6, Math.min(18, room / Math.max(1, lanes))),
  };

  const vtepsByHost = groupBy(model.vteps, (vtep) => vtep.hostId);
  const hosts = model.hosts.map((host) => hostItem(frame, host, (vtepsByHost.get(host.id) ?? []).length > 0));
  const networks = model.networks.flatMap((network) => {
    const slot = network.hostId === null ? undefined : placed.rails.get(network.hostId)?.get(network.key);
    return network.hostId === null || slot === undefined
      ? []
      : [networkItem(frame, network, network.hostId, slot)];
  });
  const vteps = model.vteps.flatMap((vtep) => {
    const lane = placed.lanes.get(vtep.networkKey);
    return lane === undefined ? [] : [vtepItem(frame, vtep, lane)];
  });
  const vtepXs = groupBy(vteps, (vtep) => vtep.networkKey);
  const spans = model.networks.flatMap((network) => {
    const lane = placed.lanes.get(network.key);
    if (network.hostId !== null || lane === undefined) return [];
    const xs = (vtepXs.get(network.key) ?? []).map((vtep) => vtep.cx);
    return [spanItem(frame, network, lane, xs, model.services)];
  });
  const spanByKey = new Map(spans.map((span) => [span.key, span]));
  const tunnels: TunnelItem[] = vteps.flatMap((vtep) => {
    const span = spanByKey.get(vtep.networkKey);
    if (!span) return [];
    const from = { x: vtep.cx, y: vtep.cy + vtep.size / 2 };
    const to = { x: vtep.cx, y: span.box.y };
    return [
      {
        kind: 'tunnel',
        key: `tunnel:${vtep.key}`,
        target: null,
        box: segmentBox(from, to),
        ends: [vtep.key, vtep.networkKey],
        status: vtep.status,
        from,
        to,
      },
    ];
  });
  const containers = model.containers.flatMap((container) => {
    const slot = placed.cells.get(container.hostId)?.get(container.key);
    return slot === undefined ? [] : [containerItem(frame, container, slot)];
  });

  const containerByKey = new Map(containers.map((container) => [container.key, container]));
  const networkByKey = new Map(networks.map((network) => [network.key, network]));
  const anchors = new Map<string, Anchor>([
    ...model.networks.flatMap((network): [string, Anchor][] => {
      const item = networkByKey.get(network.key);
      const lane = network.hostId === null ? undefined : placed.rails.get(network.hostId)?.get(network.key);
      if (!item || lane === undefined) return [];
      return [[network.key, { x: item.pill.x + 9, y: item.pill.y + item.pill.height, side: 'rail', lane }]];
    }),
    ...vteps.map((vtep): [string, Anchor] => [
      vtep.key,
      { x: vtep.cx, y: vtep.cy - vtep.size / 2, side: 'vtep', lane: placed.lanes.get(vtep.networkKey) ?? 0 },
    ]),
  ]);
  const order = new Map<string, number>();
  const links = model.links.flatMap((link) => {
    const container = containerByKey.get(link.containerKey);
    const to = anchors.get(link.networkKey);
    if (!container || !to) return [];
    const index = order.get(link.containerKey) ?? 0;
    order.set(link.containerKey, index + 1);
    return [linkItem(frame, link, container, to, index)];
  });

  const cards = new Map(
    model.services.map((service) => [service.key, serviceCard(frame, placed.services.get(service.key) ?? 0)]),
  );
  const services = model.services.flatMap((service) => {
    const card = cards.get(service.key);
    return card ? [serviceItem(frame, service, card)] : [];
  });
  const tasks: TaskItem[] = model.taskLinks.flatMap((task) => {
    const card = cards.get(task.serviceKey);
    const container = containerByKey.get(task.containerKey);
    if (!card || !container) return [];
    const from = { x: card.x + card.width / 2, y: card.y + card.height };
    const to = { x: container.cx, y: container.cy - container.r };
    return [
      {
        kind: 'task',
        key: task.key,
        target: null,
        box: segmentBox(from, to),
        ends: [task.serviceKey, task.containerKey],
        taskName: task.taskName,
        from,
        to,
      },
    ];
  });
  const topCard = Math.min(
    -metrics.servicesGap - metrics.serviceHeight,
    ...[...cards.values()].map((card) => card.y),
  );
  const mesh = meshItem(frame, model, {
    x: Math.max(frame.span, metrics.serviceWidth) / 2,
    y: topCard - metrics.meshGap,
  });
  const meshLinks = mesh
    ? model.meshLinks.flatMap((link) => {
        const card = cards.get(link.serviceKey);
        return card ? [meshLinkItem(frame, link, mesh, card)] : [];
      })
    : [];

  const items: SceneItem[] = [
    ...hosts,
    ...tunnels,
    ...spans,
    ...tasks,
    ...meshLinks,
    ...links,
    ...networks,
    ...vteps,
    ...containers,
    ...services,
    ...(mesh ? [mesh] : []),
  ];
  const bounds = union(items.map((item) => item.box)) ?? { x: 0, y: 0, width: 1, height: 1 };
  return { scene: { items, bounds }, memory: placed };
}
