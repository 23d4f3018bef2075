import { describe, expect, it } from 'vitest';
import { fixtureModel, twoHosts, type Fixture } from '../../../../test-support/topology/topology-fixture';
import { shortPort } from './host-items';
import { metrics } from './metrics';
import { layoutTopology } from './topology-layout';
import type {
  ContainerItem,
  HostItem,
  Label,
  LinkItem,
  NetworkItem,
  SceneItem,
  TaskItem,
  VtepItem,
} from './topology-scene';
import { brokenMark, problemsOf } from './topology-scene';
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

  it("names each VTEP's overlay and VNI on its badge and in its tooltip", () => {
    const { scene } = layoutTopology(fixtureModel(twoHosts), null, viewport);
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

describe('task edges', () => {
  /** Points along a task's edge: its curve sampled, then its straight tail. */
  function edgePoints(task: TaskItem) {
    const { from, to } = task;
    const middle = (from.y + to.y) / 2;
    const curve = Array.from({ length: 41 }, (_, index) => {
      const t = index / 40;
      const u = 1 - t;
      return {
        x: u ** 3 * from.x + 3 * u * u * t * from.x + 3 * u * t * t * to.x + t ** 3 * to.x,
        y: u ** 3 * from.y + 3 * u * u * t * middle + 3 * u * t * t * middle + t ** 3 * to.y,
      };
    });
    const straight = [to, ...task.tail].flatMap((start, index, all) => {
      const end = all[index + 1];
      if (end === undefined) return [start];
      const steps = Math.max(1, Math.ceil(Math.hypot(end.x - start.x, end.y - start.y)));
      return Array.from({ length: steps }, (_, step) => ({
        x: start.x + ((end.x - start.x) * step) / steps,
        y: start.y + ((end.y - start.y) * step) / steps,
      }));
    });
    return [...curve, ...straight];
  }

  // Tasks in every column, under a host whose every rail slot holds a pill.
  const crowded: Fixture = {
    hosts: ['host1', 'host2'],
    networks: [
      { name: 'bridge', predefined: true },
      { name: 'a', host: 'host1' },
      { name: 'b', host: 'host1' },
      { name: 'c', host: 'host1' },
      { name: 'ov', driver: 'overlay' },
    ],
    containers: [
      ...Array.from({ length: 8 }, (_, index) => ({
        name: `solo${index}`,
        host: 'host1',
        networks: [['bridge', 'a', 'b', 'c'][index % 4] ?? 'a'],
      })),
      ...Array.from({ length: 8 }, (_, index) => ({
        name: `web.${index + 1}`,
        host: index % 2 === 0 ? 'host1' : 'host2',
        networks: ['ov'],
      })),
    ],
    services: [
      { name: 'web', networks: ['ov'], tasks: Array.from({ length: 8 }, (_, index) => `web.${index + 1}`) },
    ],
  };

  it('never runs through a network pill: an overlay task does not look attached to bridge', () => {
    const { scene } = layoutTopology(fixtureModel(crowded), null, viewport);
    const pills = scene.items.filter((item): item is NetworkItem => item.kind === 'network');
    const tasks = scene.items.filter((item): item is TaskItem => item.kind === 'task');
    expect(tasks).toHaveLength(8);
    expect(pills.length).toBeGreaterThanOrEqual(5);
    const crossings = tasks.flatMap((task) =>
      pills.flatMap((network) => {
        const { pill } = network;
        const inside = edgePoints(task).filter(
          (point) =>
            point.x > pill.x &&
            point.x < pill.x + pill.width &&
            point.y > pill.y &&
            point.y < pill.y + pill.height,
        );
        return inside.length === 0 ? [] : [`${task.taskName} through ${network.key}`];
      }),
    );
    console.log(
      `${tasks.length} task edges checked against ${pills.length} pills: ${crossings.length} crossings`,
    );
    expect(crossings).toEqual([]);
  });

  it('ends on top of its task, and its overlay endpoint ends at the VTEP, not at bridge', () => {
    const model = fixtureModel(crowded);
    const { scene } = layoutTopology(model, null, viewport);
    const containers = new Map(
      scene.items
        .filter((item): item is ContainerItem => item.kind === 'container')
        .map((item) => [item.key, item]),
    );
    for (const task of scene.items.filter((item): item is TaskItem => item.kind === 'task')) {
      const container = containers.get(task.ends[1] ?? '');
      expect(task.tail.at(-1)).toEqual({ x: container?.cx, y: (container?.cy ?? 0) - (container?.r ?? 0) });
    }
    const links = scene.items.filter((item): item is LinkItem => item.kind === 'link');
    const taskLinks = links.filter((link) => link.containerName.startsWith('web.'));
    expect(taskLinks).toHaveLength(8);
    expect(taskLinks.every((link) => link.networkName === 'ov' && link.viaVtep)).toBe(true);
  });
});

describe('VTEP badges', () => {
  const overlays: Fixture = {
    ...twoHosts,
    networks: [
      ...twoHosts.networks,
      { name: 'a-rather-long-overlay-name', driver: 'overlay' },
      { name: 'ov3', driver: 'overlay' },
    ],
    containers: [
      ...twoHosts.containers,
      { name: 'x', host: 'host1', networks: ['a-rather-long-overlay-name', 'ov3'] },
      { name: 'y', host: 'host2', networks: ['a-rather-long-overlay-name', 'ov3'] },
    ],
  };

  it('each carry their VNI, stay inside their host and apart from each other', () => {
    const { scene } = layoutTopology(fixtureModel(overlays), null, viewport);
    const hosts = new Map(
      scene.items
        .filter((item): item is HostItem => item.kind === 'host')
        .map((host) => [host.name, host.box]),
    );
    const vteps = scene.items.filter((item): item is VtepItem => item.kind === 'vtep');
    expect(vteps).toHaveLength(6);
    for (const vtep of vteps) {
      expect(vtep.label.text).toContain(String(vtep.vni));
      expect(vtep.title).toContain(`${vtep.networkName} (VNI ${vtep.vni})`);
      const host = hosts.get(vtep.hostName);
      if (!host) throw new Error('no host');
      expect(vtep.badge.x).toBeGreaterThanOrEqual(host.x);
      expect(vtep.badge.x + vtep.badge.width).toBeLessThanOrEqual(host.x + host.width);
      const text = labelBox(vtep.label);
      expect(text.left).toBeGreaterThanOrEqual(vtep.badge.x);
      expect(text.right).toBeLessThanOrEqual(vtep.badge.x + vtep.badge.width);
    }
    for (const [index, a] of vteps.entries())
      for (const b of vteps.slice(index + 1))
        expect(a.badge.x + a.badge.width <= b.badge.x || b.badge.x + b.badge.width <= a.badge.x).toBe(true);
    console.log(vteps.map((vtep) => `${vtep.hostName}:${vtep.label.text}`).join(', '));
  });
});

describe('broken marks', () => {
  it('marks a broken object at its corner and carries the reasons; a healthy one has none', () => {
    const { scene } = layoutTopology(fixtureModel(twoHosts), null, viewport);
    const db = scene.items.find((item) => item.key === 'ctr-db');
    const web = scene.items.find((item) => item.key === 'ctr-web');
    if (db?.kind !== 'container' || !web) throw new Error('not drawn');
    expect(problemsOf(db)).toEqual(['exited while meant to run']);
    expect(brokenMark(db)).toEqual({ x: db.cx + db.r + 1, y: db.cy - db.r - 1 });
    expect([problemsOf(web), brokenMark(web)]).toEqual([[], null]);
  });
});
