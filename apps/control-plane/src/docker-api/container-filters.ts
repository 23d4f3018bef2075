import { normalizeImage, type ContainerView } from '@switchyard/contracts';
import { badParameter } from './docker-error.js';
import { labelsMatch, nameMatches, parseFilters, type Filters } from './filters.js';

const containerFilterKeys = ['ancestor', 'exited', 'id', 'label', 'name', 'network', 'status'] as const;
const statuses = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];

export function parseContainerFilters(text: string | null): Filters {
  const filters = parseFilters(text, containerFilterKeys);
  for (const status of filters.get('status') ?? []) {
    if (!statuses.includes(status)) {
      throw badParameter(`invalid filter 'status=${status}': must be one of ${statuses.join(', ')}`);
    }
  }
  for (const code of filters.get('exited') ?? []) {
    if (!/^-?\d+$/.test(code)) throw badParameter(`invalid filter 'exited=${code}': not an exit code`);
  }
  return filters;
}

/** `docker ps --filter`: every key must match, any of a key's values may. */
export function containerMatches(view: ContainerView, filters: Filters): boolean {
  const any = (key: string, test: (value: string) => boolean): boolean => {
    const values = filters.get(key);
    return values === undefined || values.some(test);
  };
  return (
    any('id', (pattern) => view.id.startsWith(pattern)) &&
    any('name', (pattern) => nameMatches(pattern.replace(/^\//, ''), view.name)) &&
    any('status', (status) => status === view.status) &&
    any('ancestor', (image) => normalizeImage(image) === normalizeImage(view.image)) &&
    any('network', (network) =>
      view.networks.some((endpoint) => endpoint.networkName === network || endpoint.networkId === network),
    ) &&
    any('exited', (code) => view.status === 'exited' && view.exitCode === Number(code)) &&
    labelsMatch(filters.get('label') ?? [], view.labels)
  );
}
