import type { TopologyData, TopologyModel } from './topology-model';

/** One figure of the map's header: what the page it links to lists, and how many the filters show. */
export interface TopoCount {
  noun: string;
  /** Of `total`, how many the filters let through; equal to it when nothing is filtered. */
  shown: number;
  /** What the list page counts: every object of the kind, as that page lists it. */
  total: number;
  href: string;
  /** What else the total holds (`3 predefined`), so it matches the list without surprise. */
  note: string | null;
}

const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);

/**
 * The header's figures, each counting what its list page lists (every network, predefined and
 * config-only included; every container, stopped ones and tasks included), so the numbers agree;
 * with a filter, how many of those the map shows.
 */
export function topologyCounts(
  data: TopologyData,
  model: TopologyModel,
  shown: ReadonlySet<string> | null,
): TopoCount[] {
  const drawnIds = new Map<string, string[]>();
  for (const drawn of [...model.networks, ...model.vteps]) {
    const id = 'networkId' in drawn ? drawn.networkId : drawn.networkKey;
    drawnIds.set(id, [...(drawnIds.get(id) ?? []), drawn.key]);
  }
  const visible = (keys: readonly string[]) => shown === null || keys.some((key) => shown.has(key));
  const predefined = data.networks.filter((network) => network.predefined).length;
  const taskContainers = new Set(
    data.services.flatMap((service) => service.tasks.map((task) => task.containerId)),
  );
  const tasks = data.containers.filter((container) => taskContainers.has(container.id)).length;
  const count = (
    noun: [string, string],
    keys: readonly (readonly string[])[],
    href: string,
    note: string | null = null,
  ): TopoCount => ({
    noun: plural(keys.length, ...noun),
    shown: keys.filter(visible).length,
    total: keys.length,
    href,
    note,
  });
  return [
    count(
      ['host', 'hosts'],
      data.nodes.map((node) => [node.id]),
      '/nodes',
    ),
    count(
      ['network', 'networks'],
      data.networks.map((network) => drawnIds.get(network.id) ?? []),
      '/networks',
      predefined === 0 ? null : `${predefined} predefined`,
    ),
    count(
      ['service', 'services'],
      data.services.map((service) => [`service:${service.id}`]),
      '/services',
    ),
    count(
      ['container', 'containers'],
      data.containers.map((container) => [container.id]),
      '/containers',
      tasks === 0 ? null : `${tasks} ${plural(tasks, 'task', 'tasks')}`,
    ),
    ...(data.routes.length === 0
      ? []
      : [
          count(
            ['routed hostname', 'routed hostnames'],
            data.routes.map((route) => [`service:${route.serviceId}`]),
            '/routes',
          ),
        ]),
  ];
}

/** `2 of 9 networks (3 predefined)`, or `9 networks (3 predefined)` unfiltered. */
export function countText(count: TopoCount, filtered: boolean): string {
  const figure = filtered ? `${count.shown} of ${count.total}` : String(count.total);
  return `${figure} ${count.noun}${count.note === null ? '' : ` (${count.note})`}`;
}
