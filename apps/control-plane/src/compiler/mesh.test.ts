import { describe, expect, it } from 'vitest';
import { desiredMeshSchema } from '@switchyard/contracts';
import { compileMesh, meshInterfaceName, type MeshFacts, type RouteFacts } from './mesh.js';
import type { ServiceTaskFacts } from './service-records.js';

const hrm = 'a'.repeat(64);
const edge = 'b'.repeat(64);
const plain = 'c'.repeat(64);

const task = (name: string, addresses: Record<string, string>, extra: Partial<ServiceTaskFacts> = {}) => ({
  name,
  running: true,
  healthChecked: false,
  health: null,
  addresses: Object.entries(addresses).map(([networkId, address]) => ({ networkId, address })),
  ...extra,
});

const route = (hostname: string, extra: Partial<RouteFacts> = {}): RouteFacts => ({
  id: `r${hostname.length}x${hostname.charCodeAt(0)}`,
  hostname,
  protocol: 'http',
  serviceName: 'web',
  internalPort: 8080,
  stickyCookie: null,
  redirect: null,
  isDefault: false,
  meshNetworkIds: [hrm],
  tasks: [],
  ...extra,
});

const mesh = (routes: RouteFacts[], links = [{ networkId: hrm, vni: 256 }]): MeshFacts => ({
  httpPort: 80,
  sniPort: 8443,
  links: links.map((link, index) => ({
    ...link,
    address: `10.0.${index + 1}.2`,
    prefixLength: 24,
    mac: `02:42:0a:00:0${index + 1}:02`,
  })),
  routes,
});

describe('compileMesh', () => {
  it('is null off the mesh: no facts, or no leg', () => {
    expect(compileMesh(null)).toBeNull();
    expect(compileMesh(mesh([route('a.example.com')], []))).toBeNull();
  });

  it('gives the legs, each with a short unique interface name, and the ports', () => {
    const compiled = compileMesh(
      mesh(
        [],
        [
          { networkId: edge, vni: 16_777_215 },
          { networkId: hrm, vni: 256 },
        ],
      ),
    );
    expect(compiled).toEqual({
      httpPort: 80,
      sniPort: 8443,
      links: [
        {
          networkId: hrm,
          interfaceName: 'hrm-256',
          address: '10.0.2.2',
          prefixLength: 24,
          mac: '02:42:0a:00:02:02',
        },
        {
          networkId: edge,
          interfaceName: 'hrm-16777215',
          address: '10.0.1.2',
          prefixLength: 24,
          mac: '02:42:0a:00:01:02',
        },
      ],
      routes: [],
    });
    expect(meshInterfaceName(16_777_215).length).toBeLessThanOrEqual(15);
    desiredMeshSchema.parse(compiled);
  });

  it('sends routable routes only, by hostname, balanced over the serving tasks on a mesh network', () => {
    const tasks = [
      task('web.2.b', { [hrm]: '10.0.1.12', [plain]: '10.0.9.12' }),
      task('web.1.a', { [hrm]: '10.0.1.11', [plain]: '10.0.9.11' }),
      task('web.3.c', { [hrm]: '10.0.1.13' }, { running: false }),
      task('web.4.d', { [hrm]: '10.0.1.14' }, { healthChecked: true, health: 'unhealthy' }),
      task('web.5.e', { [hrm]: '10.0.1.15' }, { healthChecked: true, health: 'healthy' }),
      task('web.6.f', { [plain]: '10.0.9.16' }),
    ];
    const compiled = compileMesh(
      mesh([
        route('z.example.com', { tasks, stickyCookie: 'S', isDefault: true }),
        route('off.example.com', { meshNetworkIds: [], tasks }),
        route('a.example.com', { protocol: 'sni', internalPort: 443 }),
      ]),
    );
    expect(compiled?.routes.map((r) => r.hostname)).toEqual(['a.example.com', 'z.example.com']);
    expect(compiled?.routes[0]).toMatchObject({ protocol: 'sni', backends: [] });
    expect(compiled?.routes[1]).toEqual({
      routeId: route('z.example.com').id,
      hostname: 'z.example.com',
      protocol: 'http',
      serviceName: 'web',
      stickyCookie: 'S',
      redirect: null,
      isDefault: true,
      backends: [
        { task: 'web.1.a', address: '10.0.1.11', port: 8080 },
        { task: 'web.2.b', address: '10.0.1.12', port: 8080 },
        { task: 'web.5.e', address: '10.0.1.15', port: 8080 },
      ],
    });
    desiredMeshSchema.parse(compiled);
  });

  it('reaches a task through a mesh network both it and the node are on', () => {
    const tasks = [task('web.1.a', { [edge]: '10.0.2.11' }), task('web.2.b', { [hrm]: '10.0.1.12' })];
    const both = route('x.example.com', { meshNetworkIds: [hrm, edge], tasks });
    expect(compileMesh(mesh([both]))?.routes[0]?.backends).toEqual([
      { task: 'web.2.b', address: '10.0.1.12', port: 8080 },
    ]);
    const onBoth = mesh(
      [both],
      [
        { networkId: hrm, vni: 256 },
        { networkId: edge, vni: 300 },
      ],
    );
    expect(compileMesh(onBoth)?.routes[0]?.backends.map((b) => b.address)).toEqual([
      '10.0.2.11',
      '10.0.1.12',
    ]);
  });
});
