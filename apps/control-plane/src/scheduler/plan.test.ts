import { describe, expect, it } from 'vitest';
import { parseConstraint, satisfies } from './constraints.js';
import { planService, type SchedulerNode, type SchedulerService, type SchedulerTask } from './plan.js';

function node(id: string, extra: Partial<SchedulerNode> = {}): SchedulerNode {
  return {
    id,
    name: id,
    ready: true,
    availability: 'active',
    labels: {},
    capabilities: ['vxlan'],
    load: 0,
    ...extra,
  };
}

const three = [node('h1'), node('h2'), node('h3')];

function service(extra: Partial<SchedulerService> = {}): SchedulerService {
  return {
    mode: 'replicated',
    replicas: 3,
    version: 1,
    constraints: [],
    requires: [],
    onePerNode: false,
    parallelism: 1,
    cooling: new Set(),
    updateHeld: false,
    ...extra,
  };
}

function task(
  id: string,
  slot: number | null,
  nodeId: string,
  extra: Partial<SchedulerTask> = {},
): SchedulerTask {
  return { id, slot, nodeId, specVersion: 1, ready: true, ...extra };
}

describe('constraints', () => {
  it('matches hostname and labels with == and !=; a missing label never equals', () => {
    const n = { name: 'h1', labels: { zone: 'east' } };
    expect(satisfies(n, parseConstraint('node.hostname==h1', 'c'))).toBe(true);
    expect(satisfies(n, parseConstraint('node.hostname != h1', 'c'))).toBe(false);
    expect(satisfies(n, parseConstraint('node.labels.zone==east', 'c'))).toBe(true);
    expect(satisfies(n, parseConstraint('node.labels.disk==ssd', 'c'))).toBe(false);
    expect(satisfies(n, parseConstraint('node.labels.disk!=ssd', 'c'))).toBe(true);
    expect(() => parseConstraint('engine.labels.x==y', 'constraints.0')).toThrow(/invalid constraint/);
  });
});

describe('planService', () => {
  it('spreads replicas one per node, then onto the least loaded', () => {
    const plan = planService(service({ replicas: 4 }), [], [node('h1', { load: 5 }), node('h2'), node('h3')]);
    expect(plan.start).toEqual([
      { slot: 1, nodeId: 'h2' },
      { slot: 2, nodeId: 'h3' },
      { slot: 3, nodeId: 'h1' },
      { slot: 4, nodeId: 'h2' },
    ]);
  });

  it('honours constraints and the networks’ capabilities, and says which slots it cannot place', () => {
    const nodes = [
      node('h1', { labels: { zone: 'east' } }),
      node('h2', { labels: { zone: 'east' }, capabilities: [] }),
      node('h3'),
    ];
    const plan = planService(
      service({
        replicas: 2,
        constraints: [parseConstraint('node.labels.zone==east', 'c')],
        requires: ['vxlan'],
        onePerNode: true,
      }),
      [],
      nodes,
    );
    expect(plan.start).toEqual([{ slot: 1, nodeId: 'h1' }]);
    expect(plan.pending).toEqual(['slot 2: no suitable node']);
  });

  it('runs a global service once on every eligible node, not on paused or down ones', () => {
    const nodes = [
      node('h1'),
      node('h2', { availability: 'pause' }),
      node('h3', { ready: false }),
      node('h4'),
    ];
    const plan = planService(service({ mode: 'global' }), [task('t1', null, 'h1')], nodes);
    expect(plan.start).toEqual([{ slot: null, nodeId: 'h4' }]);
    expect(plan.stop).toEqual([]);
  });

  it('reschedules the tasks of a down or drained node; a paused node keeps its own', () => {
    const nodes = [
      node('h1', { ready: false }),
      node('h2', { availability: 'drain' }),
      node('h3', { availability: 'pause' }),
      node('h4'),
    ];
    const plan = planService(service(), [task('a', 1, 'h1'), task('b', 2, 'h2'), task('c', 3, 'h3')], nodes);
    expect(plan.stop).toEqual([
      { taskId: 'a', reason: 'node h1 is down' },
      { taskId: 'b', reason: 'node h2 is drained' },
    ]);
    expect(plan.start).toEqual([
      { slot: 1, nodeId: 'h4' },
      { slot: 2, nodeId: 'h4' },
    ]);
  });

  it('waits out the restart delay before refilling a slot whose task just ended', () => {
    const plan = planService(service({ replicas: 2, cooling: new Set(['slot:1']) }), [], three);
    expect(plan.start).toEqual([{ slot: 2, nodeId: 'h1' }]);
    expect(plan.pending).toEqual(['slot 1: restart delay']);
  });

  it('scales down from the highest slot', () => {
    const tasks = [1, 2, 3, 4, 5].map((slot) => task(`t${slot}`, slot, `h${(slot % 3) + 1}`));
    const plan = planService(service({ replicas: 2 }), tasks, three);
    expect(plan.stop.map((stop) => stop.taskId)).toEqual(['t3', 't4', 't5']);
    expect(plan.start).toEqual([]);
  });

  it('rolls an update one task at a time, the next only once the new one is ready', () => {
    const old = [task('a', 1, 'h1'), task('b', 2, 'h2'), task('c', 3, 'h3')];
    const first = planService(service({ version: 2 }), old, three);
    expect(first.stop).toEqual([{ taskId: 'a', reason: 'updated to a new version' }]);
    expect(first.start).toEqual([{ slot: 1, nodeId: 'h1' }]);
    const coming = [
      task('a2', 1, 'h1', { specVersion: 2, ready: false }),
      old[1] as SchedulerTask,
      old[2] as SchedulerTask,
    ];
    const waiting = planService(service({ version: 2 }), coming, three);
    expect([waiting.stop, waiting.start, waiting.updated, waiting.outdated]).toEqual([[], [], 0, 2]);
    const up = coming.map((t) => (t.id === 'a2' ? { ...t, ready: true } : t));
    const next = planService(service({ version: 2 }), up, three);
    expect(next.stop.map((stop) => stop.taskId)).toEqual(['b']);
    expect(next.updated).toBe(1);
    const held = planService(service({ version: 2, updateHeld: true }), up, three);
    expect(held.stop).toEqual([]);
    const wide = planService(service({ version: 2, parallelism: 2 }), old, three);
    expect(wide.stop.map((stop) => stop.taskId)).toEqual(['a', 'b']);
  });
});

describe('planService: OCI images', () => {
  const id = `sha256:${'b'.repeat(64)}`;
  const holding = {
    capabilities: ['containerd' as const],
    images: [{ id, references: ['web:1'], present: true }],
  };

  it('places tasks only on hosts whose runtime holds the image', () => {
    const nodes = [node('h1', holding), node('h2', holding), node('h3')];
    const plan = planService(service({ image: { reference: 'web:1', id } }), [], nodes);
    expect(plan.start.map((start) => start.nodeId).sort()).toEqual(['h1', 'h1', 'h2']);
  });

  it('leaves the slot pending, naming the image and every host and why', () => {
    const nodes = [
      node('h1', {
        capabilities: ['containerd'],
        images: [{ id, references: [], present: false, error: 'disk full' }],
      }),
      node('h2'),
    ];
    expect(
      planService(service({ replicas: 1, image: { reference: 'web:1', id } }), [], nodes).pending,
    ).toEqual([
      'slot 1: image web:1 is not on any ready host: h1 has not loaded it (disk full); h2 has no container runtime',
    ]);
    expect(
      planService(service({ replicas: 1, image: { reference: 'nope:latest', id: null } }), [], nodes).pending,
    ).toEqual(['slot 1: no such image: nope:latest (docker load or docker pull it first)']);
  });
});
