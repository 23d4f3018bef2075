import type { NodeView, ServiceView } from '@switchyard/contracts';
import { ServiceError } from '../errors.js';
import { DockerApiError, notFound } from './docker-error.js';
import type { RequestContext } from './router.js';
import type { NetworkRef } from './service-json.js';

/** Swarm's own wording for a missing service, whatever the service layer said. */
export async function findService({ deps }: RequestContext, key: string): Promise<ServiceView> {
  try {
    return await deps.swarm.services.get(key);
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'NOT_FOUND')
      throw notFound(`service ${key} not found`);
    throw error;
  }
}

/** Docker resolves a node by full id, name, or unique id prefix. */
export async function findNode({ deps }: RequestContext, key: string): Promise<NodeView> {
  const nodes = await deps.swarm.nodes.list();
  const exact = nodes.find((node) => node.id === key || node.name === key);
  if (exact !== undefined) return exact;
  const byPrefix = key === '' ? [] : nodes.filter((node) => node.id.startsWith(key));
  if (byPrefix.length > 1)
    throw new DockerApiError(400, `node ${key} is ambiguous (${byPrefix.length} matches found)`);
  const [node] = byPrefix;
  if (node === undefined) throw notFound(`node ${key} not found`);
  return node;
}

/** The `version` query parameter of Swarm updates: required, and checked against the object's. */
export function checkVersion(query: URLSearchParams, current: number): number {
  const text = query.get('version') ?? '';
  if (!/^\d+$/.test(text)) throw new DockerApiError(400, `invalid version: "${text}" is not a number`);
  const version = Number(text);
  if (version !== current) throw new DockerApiError(409, 'update out of sequence');
  return version;
}

export async function networkRefs({ deps }: RequestContext): Promise<NetworkRef[]> {
  const networks = await deps.networks.list();
  return networks.map((network) => {
    const subnet = network.ipam[0]?.subnet;
    return {
      id: network.id,
      name: network.name,
      prefixLength: subnet === undefined ? null : Number(subnet.split('/')[1]),
    };
  });
}
