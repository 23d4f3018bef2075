import { z } from 'zod';
import type { TopologyFilter } from './topology-filter';

const renderers = ['auto', 'svg', 'canvas'] as const;
export type RendererChoice = (typeof renderers)[number];

/** auto: the map, or the list where the page is too narrow for the map to be read. */
const views = ['auto', 'map', 'list'] as const;
export type ViewChoice = (typeof views)[number];

/** The map's state in its address, so another page (or a test) can link to a narrowed view. */
export interface TopologyQuery {
  filter: TopologyFilter;
  search: string;
  renderer: RendererChoice;
  view: ViewChoice;
}

const values = z.array(z.string().trim().min(1).max(253)).max(50);

const querySchema = z.object({
  network: values.catch([]),
  service: values.catch([]),
  host: values.catch([]),
  label: values.catch([]),
  q: z.string().max(200).catch(''),
  renderer: z.enum(renderers).catch('auto'),
  view: z.enum(views).catch('auto'),
});

/** `?network=a&network=b&service=web&q=10.0`: unknown keys and bad values are ignored, not fatal. */
export function parseTopologyQuery(params: URLSearchParams): TopologyQuery {
  const all = (key: string) => params.getAll(key).filter((value) => value.trim() !== '');
  const parsed = querySchema.parse({
    network: all('network'),
    service: all('service'),
    host: all('host'),
    label: all('label'),
    q: params.get('q') ?? '',
    renderer: params.get('renderer') ?? 'auto',
    view: params.get('view') ?? 'auto',
  });
  return {
    filter: { networks: parsed.network, services: parsed.service, hosts: parsed.host, labels: parsed.label },
    search: parsed.q,
    renderer: parsed.renderer,
    view: parsed.view,
  };
}

export function topologyQueryString(query: TopologyQuery): string {
  const params = new URLSearchParams();
  for (const network of query.filter.networks) params.append('network', network);
  for (const service of query.filter.services) params.append('service', service);
  for (const host of query.filter.hosts) params.append('host', host);
  for (const label of query.filter.labels) params.append('label', label);
  if (query.search.trim() !== '') params.set('q', query.search);
  if (query.renderer !== 'auto') params.set('renderer', query.renderer);
  if (query.view !== 'auto') params.set('view', query.view);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
