import type { Labels, TopologyModel, TopoContainer, TopoNetwork } from './topology-model';

/** What the operator narrowed the map to; several values of one kind are alternatives. */
export interface TopologyFilter {
  networks: readonly string[];
  services: readonly string[];
  hosts: readonly string[];
  /** `key` (any value) or `key=value`, matched against containers', services' and networks' labels. */
  labels: readonly string[];
}

export const noFilter: TopologyFilter = { networks: [], services: [], hosts: [], labels: [] };

export const isFiltered = (filter: TopologyFilter) =>
  filter.networks.length + filter.services.length + filter.hosts.length + filter.labels.length > 0;

/** Whether `labels` has one the selectors ask for. */
export function matchesLabels(labels: Labels, selectors: readonly string[]): boolean {
  return selectors.some((selector) => {
    const at = selector.indexOf('=');
    const key = (at < 0 ? selector : selector.slice(0, at)).trim();
    const value = labels[key];
    if (value === undefined) return false;
    return at < 0 || value === selector.slice(at + 1).trim();
  });
}

interface Index {
  model: TopologyModel;
  linksOf: Map<string, string[]>;
  networksById: Map<string, TopoNetwork[]>;
}

function index(model: TopologyModel): Index {
  const linksOf = new Map<string, string[]>();
  for (const link of model.links)
    linksOf.set(link.containerKey, [...(linksOf.get(link.containerKey) ?? []), link.networkKey]);
  const networksById = new Map<string, TopoNetwork[]>();
  for (const network of model.networks)
    networksById.set(network.networkId, [...(networksById.get(network.networkId) ?? []), network]);
  return { model, linksOf, networksById };
}

/**
 * What one kind of filter lets through around a set of containers: the containers, where they are
 * attached (a network's copy on their host, or the VTEP there and its overlay), and the services
 * whose tasks they run.
 */
function around(idx: Index, containers: readonly TopoContainer[], accepted: Set<string>): void {
  const vtepNetwork = new Map(idx.model.vteps.map((vtep) => [vtep.key, vtep.networkKey]));
  for (const container of containers) {
    accepted.add(container.key);
    if (container.serviceKey !== null) accepted.add(container.serviceKey);
    for (const key of idx.linksOf.get(container.key) ?? []) {
      accepted.add(key);
      const span = vtepNetwork.get(key);
      if (span !== undefined) accepted.add(span);
    }
  }
}

/** A network's every copy, band and VTEP. */
function wholeNetworks(idx: Index, networkIds: ReadonlySet<string>, accepted: Set<string>): void {
  for (const id of networkIds)
    for (const network of idx.networksById.get(id) ?? []) accepted.add(network.key);
  for (const vtep of idx.model.vteps) if (networkIds.has(vtep.networkKey)) accepted.add(vtep.key);
}

function byNetwork(idx: Index, names: readonly string[]): Set<string> {
  const { model } = idx;
  const ids = new Set(
    model.networks.filter((network) => names.includes(network.name)).map((n) => n.networkId),
  );
  const accepted = new Set<string>();
  wholeNetworks(idx, ids, accepted);
  const attached = new Set(
    model.links.filter((link) => ids.has(link.networkId)).map((link) => link.containerKey),
  );
  around(
    idx,
    model.containers.filter((container) => attached.has(container.key)),
    accepted,
  );
  for (const service of model.services)
    if (service.networkIds.some((id) => ids.has(id))) accepted.add(service.key);
  return accepted;
}

function byService(idx: Index, names: readonly string[]): Set<string> {
  const { model } = idx;
  const services = model.services.filter((service) => names.includes(service.name));
  const keys = new Set(services.map((service) => service.key));
  const accepted = new Set(keys);
  around(
    idx,
    model.containers.filter((container) => container.serviceKey !== null && keys.has(container.serviceKey)),
    accepted,
  );
  // Its VIP networks, even before a task runs there.
  for (const service of services)
    for (const id of service.networkIds)
      for (const network of idx.networksById.get(id) ?? []) accepted.add(network.key);
  return accepted;
}

function byHost(idx: Index, names: readonly string[]): Set<string> {
  const { model } = idx;
  const ids = new Set(model.hosts.filter((host) => names.includes(host.name)).map((host) => host.id));
  const accepted = new Set(ids);
  around(
    idx,
    model.containers.filter((container) => ids.has(container.hostId)),
    accepted,
  );
  for (const network of model.networks)
    if (network.hostId !== null && ids.has(network.hostId)) accepted.add(network.key);
  for (const vtep of model.vteps)
    if (ids.has(vtep.hostId)) {
      accepted.add(vtep.key);
      accepted.add(vtep.networkKey);
    }
  return accepted;
}

function byLabel(idx: Index, selectors: readonly string[]): Set<string> {
  const { model } = idx;
  const services = new Set(
    model.services
      .filter((service) => matchesLabels(service.labels, selectors))
      .map((service) => service.key),
  );
  const accepted = new Set(services);
  around(
    idx,
    model.containers.filter(
      (container) =>
        matchesLabels(container.labels, selectors) ||
        (container.serviceKey !== null && services.has(container.serviceKey)),
    ),
    accepted,
  );
  wholeNetworks(
    idx,
    new Set(
      model.networks.filter((network) => matchesLabels(network.labels, selectors)).map((n) => n.networkId),
    ),
    accepted,
  );
  return accepted;
}

/**
 * The keys of the model's objects that pass every filter set (one kind's values are alternatives),
 * with the hosts they are on and the routing mesh when it routes to one of them; null: no filter,
 * everything shows.
 */
export function visibleKeys(model: TopologyModel, filter: TopologyFilter): ReadonlySet<string> | null {
  if (!isFiltered(filter)) return null;
  const idx = index(model);
  const passes = [
    filter.networks.length > 0 ? byNetwork(idx, filter.networks) : null,
    filter.services.length > 0 ? byService(idx, filter.services) : null,
    filter.hosts.length > 0 ? byHost(idx, filter.hosts) : null,
    filter.labels.length > 0 ? byLabel(idx, filter.labels) : null,
  ].filter((pass) => pass !== null);
  const [first, ...rest] = passes;
  const visible = new Set([...(first ?? [])].filter((key) => rest.every((pass) => pass.has(key))));

  // A host shows when it holds something shown; the host filter alone shows its hosts even empty.
  const occupied = new Set<string>();
  for (const container of model.containers) if (visible.has(container.key)) occupied.add(container.hostId);
  for (const network of model.networks)
    if (network.hostId !== null && visible.has(network.key)) occupied.add(network.hostId);
  for (const vtep of model.vteps) if (visible.has(vtep.key)) occupied.add(vtep.hostId);
  const onlyHosts = filter.networks.length + filter.services.length + filter.labels.length === 0;
  for (const host of model.hosts) {
    const named = filter.hosts.length === 0 || filter.hosts.includes(host.name);
    if (named && (onlyHosts || occupied.has(host.id))) visible.add(host.id);
    else visible.delete(host.id);
  }
  if (model.mesh && model.meshLinks.some((link) => visible.has(link.serviceKey))) visible.add(model.mesh.key);
  return visible;
}
