import { describe, expect, it } from 'vitest';
import {
  compileIngress,
  serviceDiscovery,
  type ServiceFacts,
  type ServiceTaskFacts,
} from './service-records.js';

const task = (name: string, address: string, extra: Partial<ServiceTaskFacts> = {}): ServiceTaskFacts => ({
  name,
  running: true,
  healthChecked: false,
  health: null,
  addresses: [
    { networkId: 'app', address },
    { networkId: 'ing', address: address.replace('10.0.1.', '10.0.0.') },
  ],
  ...extra,
});

const web: ServiceFacts = {
  id: 's-web',
  name: 'web',
  endpointMode: 'vip',
  networkIds: ['ing', 'app'],
  vips: [
    { networkId: 'app', address: '10.0.1.2' },
    { networkId: 'ing', address: '10.0.0.2' },
  ],
  ports: [{ protocol: 'tcp', port: 80 }],
  published: [{ protocol: 'tcp', publishedPort: 8080, targetPort: 80 }],
  tasks: [
    task('web.1.a', '10.0.1.10'),
    task('web.2.b', '10.0.1.9', { healthChecked: true, health: 'healthy' }),
    task('web.3.c', '10.0.1.11', { healthChecked: true, health: 'unhealthy' }),
    task('web.4.d', '10.0.1.12', { running: false }),
  ],
};

const names = (records: { name: string; address: string }[]) => records.map((r) => `${r.name}=${r.address}`);

describe('serviceDiscovery', () => {
  it('answers the VIP for the name and only serving tasks for tasks.<name>, balancing over them', () => {
    const found = serviceDiscovery(new Set(['app']), [web]);
    expect(names(found.records)).toEqual(['web=10.0.1.2', 'tasks.web=10.0.1.9', 'tasks.web=10.0.1.10']);
    expect(found.virtualServices).toEqual([
      {
        serviceId: 's-web',
        vip: '10.0.1.2',
        ports: [{ protocol: 'tcp', port: 80 }],
        backends: ['10.0.1.9', '10.0.1.10'],
      },
    ]);
    expect(found.srv).toEqual([{ name: '_80._tcp.web', target: 'web', port: 80 }]);
  });

  it('answers serving tasks for the name in dnsrr mode, with an SRV target per task, and no VIP', () => {
    const found = serviceDiscovery(new Set(['app']), [{ ...web, endpointMode: 'dnsrr', vips: [] }]);
    expect(names(found.records).filter((r) => r.startsWith('web='))).toEqual([
      'web=10.0.1.9',
      'web=10.0.1.10',
    ]);
    expect(found.virtualServices).toEqual([]);
    expect(found.srv.map((r) => r.target)).toEqual(['web.1.a', 'web.2.b']);
  });

  it('says nothing to a sandbox that shares no network with the service', () => {
    expect(serviceDiscovery(new Set(['other']), [web])).toEqual({
      records: [],
      srv: [],
      virtualServices: [],
    });
  });
});

describe('compileIngress', () => {
  it('publishes each ingress port to the serving tasks’ ingress addresses, wherever they run', () => {
    const ingress = compileIngress(
      { networkId: 'ing', endpoint: { address: '10.0.0.3', prefixLength: 24, mac: '02:42:0a:00:00:03' } },
      [web],
    );
    expect(ingress).toEqual({
      networkId: 'ing',
      endpoint: {
        interfaceName: 'sy-ingress',
        address: '10.0.0.3',
        prefixLength: 24,
        mac: '02:42:0a:00:00:03',
      },
      published: [
        {
          serviceId: 's-web',
          protocol: 'tcp',
          publishedPort: 8080,
          targetPort: 80,
          backends: ['10.0.0.9', '10.0.0.10'],
        },
      ],
    });
    expect(compileIngress(null, [web])).toBeNull();
  });
});
