import type { DesiredMesh, DesiredState, ObservedState } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { route } from '../test-support/hrm/golden-meshes.js';
import type { LinkState } from '../osl/links.js';
import { document, overlayNetwork } from '../test-support/reconcile/documents.fixture.js';
import { FakeDataplane, fakeServices } from '../test-support/reconcile/fake-dataplane.js';
import { FakeKernel } from '../test-support/reconcile/fake-kernel.js';
import { Reconciler } from './reconciler.js';

const net = overlayNetwork('hrm', '10.0.0.0/24', {
  vni: 4200,
  netns: 'sy-h1-ov-mesh',
  localUnderlay: '192.0.2.1',
});
const link = {
  networkId: net.id,
  interfaceName: 'hrm0',
  address: '10.0.0.2',
  prefixLength: 24,
  mac: '02:42:0a:00:00:02',
} as DesiredMesh['links'][number];
const leg = [
  'host: link add hrm0 address 02:42:0a:00:00:02 mtu 1450 type veth peer name hrm-peer mtu 1450 netns sy-h1-ov-mesh',
  'host: addr add 10.0.0.2/24 dev hrm0',
  'host: link set hrm0 up',
  'sy-h1-ov-mesh: link set hrm-peer master br0 up',
];

function meshDocument(revision: number, change: Partial<DesiredMesh> = {}, hostnames = ['a.example.com']) {
  const hrm = {
    httpPort: 80,
    sniPort: 443,
    links: [link],
    routes: hostnames.map((hostname, i) => route(`r${i}`, hostname)),
    ...change,
  } as DesiredMesh;
  return { ...document(revision, [net], []), hrm } as DesiredState;
}

function setup() {
  const dataplane = new FakeDataplane();
  const services = fakeServices(dataplane.calls);
  const found: ObservedState[] = [];
  const reconciler = new Reconciler({
    sysctls: new FakeKernel(),
    dataplane,
    ...services,
    onDriftFound: (report) => found.push(report),
  });
  return { dataplane, proxy: services.proxy, reconciler, found };
}

const meshCalls = (calls: readonly string[]) => calls.filter((call) => /hrm0|hrm-peer|proxy\./.test(call));

describe('the HTTP routing mesh in a pass', () => {
  it('plumbs the host into each mesh network, then hands the routes to the proxy', async () => {
    const { dataplane, reconciler } = setup();
    const report = await reconciler.onDesired(meshDocument(1));
    expect(meshCalls(dataplane.calls)).toEqual([...leg, 'proxy.sync a.example.com']);
    expect(report?.conditions).toContainEqual({ object: 'hrm/proxy', ready: true });
  });

  it('finds the proxy config edited by hand at a resync, says so before and after, and reloads it', async () => {
    const { proxy, reconciler, found } = setup();
    await reconciler.onDesired(meshDocument(1));
    proxy.edited = ['haproxy.cfg'];
    const report = await reconciler.resync();
    const said = "HAProxy's haproxy.cfg differed on disk from what it serves";
    expect(found.at(-1)?.conditions).toContainEqual({
      object: 'hrm/proxy',
      ready: false,
      message: `drifted from what was applied: ${said}; repairing`,
    });
    expect(report?.drift).toContainEqual({
      object: 'hrm/proxy',
      found: said,
      repaired: 'wrote haproxy.cfg again and reloaded HAProxy',
    });
    expect(report?.conditions).toContainEqual({ object: 'hrm/proxy', ready: true });
    // The fake kernel reads as empty, so only the proxy's part of the next resync counts here.
    expect((await reconciler.resync())?.driftRepaired).not.toContain('hrm/proxy');
  });

  it('takes a quick pass for a change of routes, and a full one for a change of ports or links', async () => {
    const { dataplane, reconciler } = setup();
    await reconciler.onDesired(meshDocument(1));
    const reads = dataplane.reads;
    dataplane.calls.length = 0;
    const quick = await reconciler.onDesired(meshDocument(2, {}, ['a.example.com', 'b.example.com']));
    expect(dataplane.reads).toBe(reads);
    expect(meshCalls(dataplane.calls)).toEqual(['proxy.sync a.example.com,b.example.com']);
    expect(quick?.conditions).toContainEqual({ object: 'hrm/proxy', ready: true });

    await reconciler.onDesired(meshDocument(3, { httpPort: 8080 }));
    expect(dataplane.reads).toBe(reads + 1);
  });

  it('reports why the proxy does not serve, and a link to a network that is not an overlay here', async () => {
    const { proxy, reconciler } = setup();
    proxy.error = 'cannot start haproxy: cannot bind socket (Address already in use) for [0.0.0.0:80]';
    const stray = { ...link, networkId: 'elsewhere', interfaceName: 'hrm1' };
    const report = await reconciler.onDesired(meshDocument(1, { links: [link, stray] }));
    expect(report?.conditions).toContainEqual({
      object: 'hrm/proxy',
      ready: false,
      message: `mesh network elsewhere is not an overlay network of this node; ${proxy.error}`,
    });
  });

  it('stops the proxy and removes the legs once there is no mesh, with no condition', async () => {
    const { dataplane, reconciler } = setup();
    await reconciler.onDesired(meshDocument(1));
    const veth: LinkState = {
      name: 'hrm0',
      kind: 'veth',
      master: undefined,
      up: true,
      mtu: 1450,
      mac: link.mac,
      alias: undefined,
      hairpin: undefined,
      addresses: ['10.0.0.2/24'],
    };
    dataplane.snapshot = { ...dataplane.snapshot, host: [veth] };
    dataplane.calls.length = 0;
    const report = await reconciler.onDesired({ ...meshDocument(2), hrm: null });
    expect(meshCalls(dataplane.calls)).toEqual(['host: link del hrm0', 'proxy.stop']);
    expect(report?.conditions.map((condition) => condition.object)).not.toContain('hrm/proxy');
  });
});
