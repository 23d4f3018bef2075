import type { SimulationLinkDatum, SimulationNodeDatum } from 'd3';
import type { TopoNetwork, TopologyModel, TopoService } from './topology-model';

export interface SimNode extends SimulationNodeDatum {
  key: string;
  kind: 'network' | 'vtep' | 'container';
  hostId: string;
  /** For collisions: a network's pill is as wide as its name. */
  radius: number;
}

export interface SimLink extends SimulationLinkDatum<SimNode> {
  key: string;
}

/** The part of the canvas a host owns; its nodes never leave it, so hosts never overlap. */
export interface HostCell {
  left: number;
  top: number;
  right: number;
  bottom: number;
  cx: number;
  cy: number;
}

export const hostPadding = 22;
export const hostLabelHeight = 26;
export const containerRadius = 13;
export const vtepSize = 10;
const spanRowHeight = 34;
const spanThickness = 24;

/** Room under the hosts for the networks that span them, one row each. */
export function spanBandHeight(spanCount: number): number {
  return spanCount === 0 ? 0 : spanCount * spanRowHeight + 12;
}

/** A spanning network's band: across the hosts it lives on, in its own row below every host. */
export function spanRect(
  network: TopoNetwork,
  hostIds: readonly string[],
  cells: ReadonlyMap<string, HostCell>,
  canvas: { row: number; rows: number; width: number; height: number },
): { x: number; y: number; width: number; height: number } {
  const centres = hostIds.flatMap((id) => {
    const cell = cells.get(id);
    return cell ? [cell.cx] : [];
  });
  const minimum = networkPillWidth(network.name) + 40;
  const left = centres.length === 0 ? canvas.width / 2 : Math.min(...centres) - minimum / 2;
  const right = centres.length === 0 ? canvas.width / 2 : Math.max(...centres) + minimum / 2;
  const width = Math.max(right - left, minimum);
  const x = Math.max(8, Math.min((left + right) / 2 - width / 2, canvas.width - width - 8));
  const bandTop = canvas.height - spanBandHeight(canvas.rows) + 6;
  const y = bandTop + canvas.row * spanRowHeight + (spanRowHeight - spanThickness) / 2;
  return { x, y, width, height: spanThickness };
}

/** Room above the hosts for the services, one row of cards. */
export function serviceBandHeight(serviceCount: number): number {
  return serviceCount === 0 ? 0 : 74;
}

export const serviceCardHeight = 46;

export function serviceCardWidth(service: TopoService): number {
  const longest = Math.max(
    service.name.length + service.replicas.length + 3,
    ...service.vips.map((vip) => vip.length),
  );
  return Math.max(120, longest * 6.8 + 28);
}

/** Each service's card centre: spread evenly along the band above the hosts. */
export function servicePositions(
  services: readonly TopoService[],
  width: number,
): Map<string, { x: number; y: number }> {
  const step = width / Math.max(1, services.length);
  return new Map(
    services.map((service, index) => [
      service.key,
      { x: step * (index + 0.5), y: 12 + serviceCardHeight / 2 },
    ]),
  );
}

export function networkPillWidth(name: string): number {
  return Math.max(64, name.length * 7.4 + 24);
}

/** The hosts' cells, in up to three columns, between `top` and `bottom`. */
export function hostCells(
  hostIds: readonly string[],
  width: number,
  { top: areaTop, bottom: areaBottom }: { top: number; bottom: number },
): Map<string, HostCell> {
  const columns = Math.max(1, Math.min(hostIds.length, 3));
  const rows = Math.max(1, Math.ceil(hostIds.length / columns));
  const cellWidth = width / columns;
  const cellHeight = (areaBottom - areaTop) / rows;
  const gap = 12;
  return new Map(
    hostIds.map((id, index) => {
      const left = (index % columns) * cellWidth + gap;
      const top = areaTop + Math.floor(index / columns) * cellHeight + gap;
      const right = left + cellWidth - 2 * gap;
      const bottom = top + cellHeight - 2 * gap;
      return [
        id,
        { left, top, right, bottom, cx: (left + right) / 2, cy: (top + bottom) / 2 + hostLabelHeight / 2 },
      ];
    }),
  );
}

function near(x: number, y: number, spread: number): { x: number; y: number } {
  return { x: x + (Math.random() - 0.5) * spread, y: y + (Math.random() - 0.5) * spread };
}

/**
 * The simulation's nodes for a new model. Nodes already drawn keep their object, and so their position
 * and velocity: an update moves only what changed. New containers start next to their network.
 */
export function reconcileNodes(
  previous: ReadonlyMap<string, SimNode>,
  model: TopologyModel,
  cells: ReadonlyMap<string, HostCell>,
): Map<string, SimNode> {
  const next = new Map<string, SimNode>();
  const place = (key: string, kind: SimNode['kind'], hostId: string, radius: number, anchorKey?: string) => {
    const existing = previous.get(key);
    if (existing && existing.hostId === hostId) {
      existing.radius = radius;
      next.set(key, existing);
      return;
    }
    const anchor = (anchorKey && next.get(anchorKey)) || undefined;
    const cell = cells.get(hostId);
    const start =
      anchor?.x !== undefined && anchor.y !== undefined
        ? near(anchor.x, anchor.y, 40)
        : near(cell?.cx ?? 0, cell?.cy ?? 0, 60);
    next.set(key, { key, kind, hostId, radius, ...start });
  };
  for (const network of model.networks)
    if (network.hostId !== null)
      place(network.key, 'network', network.hostId, networkPillWidth(network.name) / 2 + 6);
  for (const vtep of model.vteps) place(vtep.key, 'vtep', vtep.hostId, vtepSize + 22);
  for (const container of model.containers) {
    const firstLink = model.links.find((link) => link.containerKey === container.key);
    place(container.key, 'container', container.hostId, containerRadius + 16, firstLink?.networkKey);
  }
  return next;
}

export function simLinks(model: TopologyModel, nodes: ReadonlyMap<string, SimNode>): SimLink[] {
  return model.links.flatMap((link) => {
    const source = nodes.get(link.networkKey);
    const target = nodes.get(link.containerKey);
    return source && target ? [{ key: link.key, source, target }] : [];
  });
}

/** A custom force: keeps every node inside its host's cell, below the host's label. */
export function containWithinHosts(cells: () => ReadonlyMap<string, HostCell>) {
  let nodes: SimNode[] = [];
  const force = () => {
    const current = cells();
    for (const node of nodes) {
      const cell = current.get(node.hostId);
      if (!cell || node.x === undefined || node.y === undefined) continue;
      const margin = node.radius + hostPadding / 2;
      node.x = Math.min(Math.max(node.x, cell.left + margin), cell.right - margin);
      node.y = Math.min(Math.max(node.y, cell.top + hostLabelHeight + margin), cell.bottom - margin);
    }
  };
  force.initialize = (initial: SimNode[]) => {
    nodes = initial;
  };
  return force;
}

/** The host's rounded rectangle: snug around its nodes, never smaller than a readable box. */
export function hostRegion(
  cell: HostCell,
  nodes: readonly SimNode[],
): { x: number; y: number; width: number; height: number } {
  const placed = nodes.filter((node) => node.x !== undefined && node.y !== undefined);
  if (placed.length === 0) {
    const width = Math.min(220, cell.right - cell.left);
    return { x: cell.cx - width / 2, y: cell.cy - 70, width, height: 120 };
  }
  const left = Math.min(...placed.map((node) => (node.x ?? 0) - node.radius)) - hostPadding;
  const right = Math.max(...placed.map((node) => (node.x ?? 0) + node.radius)) + hostPadding;
  const top = Math.min(...placed.map((node) => (node.y ?? 0) - node.radius)) - hostPadding - hostLabelHeight;
  const bottom = Math.max(...placed.map((node) => (node.y ?? 0) + node.radius)) + hostPadding;
  const width = Math.max(right - left, 200);
  const height = Math.max(bottom - top, 110);
  const x = Math.max(cell.left, Math.min((left + right) / 2 - width / 2, cell.right - width));
  const y = Math.max(cell.top, Math.min(top, cell.bottom - height));
  return { x, y, width, height };
}

/**
 * Room above everything else for the routing mesh's node, only while a route exists. The rest of the
 * map is shifted down by it as a whole, so its appearing never re-runs the layout.
 */
export function meshBandHeight(hasMesh: boolean): number {
  return hasMesh ? 64 : 0;
}

export const meshNodeHeight = 28;
export const meshNodeY = 8 + meshNodeHeight / 2;

export function meshNodeWidth(label: string): number {
  return Math.max(140, label.length * 7 + 28);
}

/** `foo.example.com +2`: an edge's label stays short; the hover card lists them all. */
export function hostnamesLabel(hostnames: readonly string[]): string {
  const [first] = hostnames;
  if (first === undefined) return '';
  return hostnames.length === 1 ? first : `${first} +${hostnames.length - 1}`;
}
