import type { TopologyModel } from '../model/topology-model';
import { hostWidth, metrics } from './metrics';
import { serviceCard, type Frame } from './frame';
import { containerItem, hostItem, networkItem, spanItem, taskGapX, vtepItem } from './host-items';
import { linkItem, type Anchor } from './link-item';
import { groupBy, placeAll, type LayoutMemory, type Viewport } from './placement';
import { meshItem, meshLinkItem, serviceItem } from './service-items';
import type { Scene, SceneItem, TaskItem, TunnelItem } from './topology-scene';
import { pointsBox, segmentBox, union } from './topology-scene';
import { vtepLanes } from './vtep-lanes';
import { estimate, type Measure } from './topology-text';

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
  const width = hostWidth(placed.columns);
  const spanning = model.networks.filter((network) => network.hostId === null);
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
    vtepLanes: vtepLanes(spanning, placed.lanes, width - 2 * metrics.hostPadding, measure),
  };

  const hosts = model.hosts.map((host) => hostItem(frame, host));
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
    const badges = (vtepXs.get(network.key) ?? []).map((vtep) => vtep.badge);
    return [spanItem(frame, network, lane, badges, model.services)];
  });
  const spanByKey = new Map(spans.map((span) => [span.key, span]));
  const tunnels: TunnelItem[] = vteps.flatMap((vtep) => {
    const span = spanByKey.get(vtep.networkKey);
    if (!span) return [];
    const from = { x: vtep.cx, y: vtep.badge.y + vtep.badge.height };
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
      { x: vtep.cx, y: vtep.badge.y, side: 'vtep', lane: placed.lanes.get(vtep.networkKey) ?? 0 },
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
  const hostOf = new Map(model.containers.map((container) => [container.key, container.hostId]));
  const tasks: TaskItem[] = model.taskLinks.flatMap((task) => {
    const card = cards.get(task.serviceKey);
    const container = containerByKey.get(task.containerKey);
    const hostId = hostOf.get(task.containerKey);
    const slot = hostId === undefined ? undefined : placed.cells.get(hostId)?.get(task.containerKey);
    if (!card || !container || hostId === undefined || slot === undefined) return [];
    const gap = taskGapX(frame, hostId, slot % placed.columns);
    const from = { x: card.x + card.width / 2, y: card.y + card.height };
    const to = { x: gap, y: -metrics.taskEntry };
    // Above the container's circle, below the labels of the row over it.
    const over = container.cy - container.r - 5;
    const tail = [
      { x: gap, y: over },
      { x: container.cx, y: over },
      { x: container.cx, y: container.cy - container.r },
    ];
    return [
      {
        kind: 'task',
        key: task.key,
        target: null,
        box: pointsBox([from, to, ...tail]),
        ends: [task.serviceKey, task.containerKey],
        taskName: task.taskName,
        from,
        to,
        tail,
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
