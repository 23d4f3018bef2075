import type { DesiredMesh, DesiredRoute } from '@switchyard/contracts';
import { renderHaproxy } from '../../hrm/render-haproxy.js';

/** Where the golden configs place their files. */
export const goldenDir = '/var/lib/switchyard/hrm';

export function route(routeId: string, hostname: string, change: Partial<DesiredRoute> = {}): DesiredRoute {
  return {
    routeId,
    hostname,
    protocol: 'http',
    serviceName: `svc-${routeId}`,
    backends: [],
    stickyCookie: null,
    redirect: null,
    isDefault: false,
    ...change,
  } as DesiredRoute;
}

export const backend = (task: string, address: string, port = 80) =>
  ({ task, address, port }) as DesiredRoute['backends'][number];

const mesh = (routes: DesiredRoute[]): DesiredMesh => ({ httpPort: 80, sniPort: 443, links: [], routes });

/** The meshes the files in `__golden__/` are rendered from, by file name. */
export const goldenMeshes: Record<string, DesiredMesh> = {
  empty: mesh([]),
  routes: mesh([
    route('web', 'www.example.com', {
      serviceName: 'web',
      backends: [backend('web.1.aaa', '10.0.1.5'), backend('web.2.bbb', '10.0.1.6')],
    }),
    route('shop', 'shop.example.com', {
      serviceName: 'shop',
      backends: [backend('shop.1.ccc', '10.0.1.7', 8080), backend('shop.2.ddd', '10.0.1.8', 8080)],
      stickyCookie: 'SHOPSESSION',
    }),
    route('apps', '*.apps.example.com', {
      serviceName: 'apps',
      backends: [backend('apps.1.eee', '10.0.1.9')],
    }),
    route('deep', '*.eu.apps.example.com', {
      serviceName: 'apps-eu',
      backends: [backend('apps-eu.1.fff', '10.0.1.10')],
    }),
    route('old', 'old.example.com', { redirect: 'https://www.example.com/new/' }),
    route('idle', 'idle.example.com', { serviceName: 'idle' }),
    route('catch', 'catch-all.example.com', {
      serviceName: 'catch',
      backends: [backend('catch.1.ggg', '10.0.1.11')],
      isDefault: true,
    }),
    route('tls', 'secure.example.com', {
      protocol: 'sni',
      serviceName: 'tls',
      backends: [backend('tls.1.hhh', '10.0.1.12', 443)],
    }),
    route('tlswild', '*.secure.example.com', {
      protocol: 'sni',
      serviceName: 'tls-wild',
      backends: [backend('tls-wild.1.iii', '10.0.1.13', 8443)],
    }),
  ]),
};

/**
 * What a golden mesh renders to, as one text: the config, then each map and page under its name.
 * The error responses are the same for every mesh (and CRLF-delimited), so they are left out.
 */
export function renderedGolden(name: string): string {
  const golden = goldenMeshes[name];
  if (golden === undefined) throw new Error(`no golden mesh ${name}`);
  const { config, files } = renderHaproxy(golden, { dir: goldenDir });
  const parts = Object.entries(files)
    .filter(([file]) => !file.endsWith('.http'))
    .map(([file, text]) => `### ${file}\n${text}`);
  return [`### haproxy.cfg\n${config}`, ...parts].join('\n');
}
