import { describe, expect, it } from 'vitest';
import { fixtureModel, twoHosts, type Fixture } from '../../../../test-support/topology/topology-fixture';
import { shortPort } from './host-items';
import { metrics } from './metrics';
import { layoutTopology } from './topology-layout';
import type { ContainerItem, HostItem, Label, SceneItem, VtepItem } from './topology-scene';
import { estimate } from './topology-text';

const viewport = { width: 1050, height: 560 };
const byKey = (items: readonly SceneItem[]) => new Map(items.map((item) => [item.key, item]));

function labelBox(label: Label) {
  const width = estimate(label.text, label.size, label.face, label.weight);
  const left =
    label.anchor === 'start' ? label.x : label.anchor === 'middle' ? label.x - width / 2 : label.x - width;
  return { left, right: left + width, top: label.y - label.size, bottom: label.y + 2 };
}

const overlaps = (a: ReturnType<typeof labelBox>, b: ReturnType<typeof labelBox>) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('layoutTopology', () => {
  it('is deterministic: the same model lays out the same scene', () => {
    const model = fixtureModel(twoHosts);
    expect(layoutTopology(model, null, viewport).scene).toEqual(layoutTopology(model, null, viewport).scene);
  });

  it('keeps every drawn object where it was when a container is added', () => {
    const before = layoutTopology(fixtureModel(twoHosts), null, viewport);
    const grown: Fixture = {
      ...twoHosts,
      containers: [...twoHosts.containers, { name: 'new', host: 'host1', networks: ['front'] }],
    };
    const after = layoutTopology(fixtureModel(grown), before.memory, viewport);
    const old = byKey(before.scene.items);
    const moved = after.scene.items.filter((item) => {
      const previous = old.get(item.key);
      return previous !== undefined && JSON.stringify(previous.box) !== JSON.stringify(item.box);
    });
    expect(moved.map((item) => item.key)).toEqual([]);
    expect(after.scene.items.some((item) => item.key === 'ctr-new')).toBe(true);
  });

  it('puts a new container in the slot of one removed, leaving the rest in place', () => {
    const before = layoutTopology(fixtureModel(twoHosts), null, viewport);
    const swapped: Fixture = {
      ...twoHosts,
      containers: [
        ...twoHosts.containers.filter((container) => container.name !== 'web'),
        { name: 'web2', host: 'host1', networks: ['front'] },
      ],
    };
    const after = byKey(layoutTopology(fixtureModel(swapped), before.memory, viewport).scene.items);
    expect(after.get('ctr-web2')?.box).toEqual(byKey(before.scene.items).get('ctr-web')?.box);
    expect(after.get('ctr-tool')?.box).toEqual(byKey(before.scene.items).get('ctr-tool')?.box);
  });

  it('draws each container inside its host, with labels that never overlap', () => {
    const containers = Array.from({ length: 40 }, (_, index) => ({
      name: `a-very-long-container-name-${index}`,
      host: index % 2 === 0 ? 'host1' : 'host2',
      networks: [index % 2 === 0 ? 'front' : 'back'],
      ports: [{ hostPort: 30_000 + index, containerPort: 80 }],
    }));
    const { scene } = layoutTopology(fixtureModel({ ...twoHosts, containers }), null, viewport);
    const hosts = new Map(
      scene.items
        .filter((item): item is HostItem => item.kind === 'host')
        .map((host) => [host.name, host.box]),
    );
    const drawn = scene.items.filter((item): item is ContainerItem => item.kind === 'container');
    expect(drawn).toHaveLength(40);
    const labels = drawn.flatMap((item) => [item.label, ...(item.ports ? [item.ports] : [])]).map(labelBox);
    for (const [index, item] of drawn.entries()) {
      const host = hosts.get(index % 2 === 0 ? 'host1' : 'host2');
      if (!host) throw new Error('no host');
      const label = labelBox(item.label);
      expect(label.left).toBeGreaterThanOrEqual(host.x);
      expect(label.right).toBeLessThanOrEqual(host.x + host.width);
      expect(item.cy).toBeLessThan(host.y + host.height);
    }
    for (const [index, a] of labels.entries())
      for (const b of labels.slice(index + 1)) expect(overlaps(a, b)).toBe(false);
  });

  it('draws one band per overlay under the hosts, reaching each of its VTEPs', () => {
    const { scene } = layoutTopology(fixtureModel(twoHosts), null, viewport);
    const band = scene.items.find((item) => item.kind === 'span' && item.name === 'ov');
    const vteps = scene.items.filter((item) => item.kind === 'vtep' && item.networkName === 'ov');
    const hostBottom = Math.max(
      ...scene.items.filter((item) => item.kind === 'host').map((host) => host.box.y + host.box.height),
    );
    expect(vteps).toHaveLength(2);
    if (!band) throw new Error('no band');
    expect(band.box.y).toBeGreaterThan(hostBottom);
    for (const vtep of vteps) {
      expect(vtep.box.x).toBeGreaterThan(band.box.x);
      expect(vtep.box.x + vtep.box.width).toBeLessThan(band.box.x + band.box.width);
    }
    expect(scene.items.filter((item) => item.kind === 'tunnel')).toHaveLength(2);
  });

  it("captions a host's VTEP row once, each badge naming its overlay and VNI", () => {
    const { scene } = layoutTopology(fixtureModel(twoHosts), null, viewport);
    const host1 = scene.items.find((item): item is HostItem => item.kind === 'host' && item.name === 'host1');
    expect(host1?.vtepLabel?.text).toBe('VTEPs');
    const vtep = scene.items.find(
      (item): item is VtepItem => item.kind === 'vtep' && item.hostName === 'host1',
    );
    expect(vtep?.label.text).toBe('ov 259');
    expect(vtep?.title).toBe('VTEP of ov (VNI 259) on host1 at 192.168.96.11');
  });

  it('places services above the hosts, with an edge to each task', () => {
    const { scene } = layoutTopology(fixtureModel(twoHosts), null, viewport);
    const service = scene.items.find((item) => item.kind === 'service');
    expect(service?.box.y).toBeLessThan(-metrics.serviceHeight);
    expect(scene.items.filter((item) => item.kind === 'task').map((item) => item.ends)).toEqual([
      ['service:svc-api', 'ctr-api.1'],
      ['service:svc-api', 'ctr-api.2'],
    ]);
  });

  it('labels a task with its service and slot', () => {
    const { scene } = layoutTopology(fixtureModel(twoHosts), null, viewport);
    const task = scene.items.find(
      (item): item is ContainerItem => item.kind === 'container' && item.name === 'api.1',
    );
    expect(task?.label.text).toBe('api.1');
    expect(task?.task).toBe(true);
  });
});

describe('shortPort', () => {
  it('keeps the published and target port', () => {
    expect(shortPort('0.0.0.0:8080->80/tcp')).toBe(':8080→80');
    expect(shortPort('0.0.0.0:53->53/udp')).toBe(':53→53/udp');
  });
});
