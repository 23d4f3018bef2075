import type { TopoContainer, TopologyModel, TopoNetwork } from '../model/topology-model';
import { hostWidth, metrics } from './metrics';
import { assignSlots, rowsFor, type Slots } from './topology-slots';
import { estimate } from './topology-text';
import { vtepWanted } from './vtep-lanes';

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

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
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
  const spans = model.networks.filter((network) => network.hostId === null);
  const lanes = spans.length;
  // Room for every VTEP badge to name its overlay, though never more than four columns' worth.
  const room = Math.min(
    hostWidth(4) - 2 * metrics.hostPadding,
    spans.reduce((sum, network) => sum + vtepWanted(network, estimate), 0),
  );
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
export function placeAll(
  model: TopologyModel,
  memory: LayoutMemory | null,
  viewport: Viewport,
): LayoutMemory {
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
