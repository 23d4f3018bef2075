import type { TopologyModel } from './topology-model';

/**
 * The keys of the objects a search finds, by a case-insensitive part of a name, an address (endpoint,
 * VIP, subnet, underlay), an image, a published port or a routed hostname. Empty for an empty query.
 */
export function searchMatches(model: TopologyModel, query: string): Set<string> {
  const needle = query.trim().toLowerCase();
  const found = new Set<string>();
  if (needle === '') return found;
  const has = (...texts: readonly (string | null)[]) =>
    texts.some((text) => text !== null && text.toLowerCase().includes(needle));

  for (const host of model.hosts) if (has(host.name, host.underlayAddress)) found.add(host.id);
  for (const network of model.networks) if (has(network.name, ...network.subnets)) found.add(network.key);
  for (const vtep of model.vteps) if (has(vtep.networkName)) found.add(vtep.key);
  const addresses = new Map<string, string[]>();
  for (const link of model.links)
    if (link.address !== null)
      addresses.set(link.containerKey, [...(addresses.get(link.containerKey) ?? []), link.address]);
  for (const container of model.containers)
    if (
      has(
        container.name,
        container.taskLabel,
        container.image,
        ...container.ports,
        ...(addresses.get(container.key) ?? []),
      )
    )
      found.add(container.key);
  for (const service of model.services)
    if (has(service.name, service.image, ...service.vips, ...service.ports, ...service.hostnames))
      found.add(service.key);
  if (model.mesh?.routes.some((route) => has(route.hostname))) found.add(model.mesh.key);
  return found;
}
