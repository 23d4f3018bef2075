import type { DiagnosticAnswer, Fact } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { digAnswers, judgePath } from './path-judge.js';
import { planPath, sandboxLabel } from './path-plan.js';
import {
  bridge,
  digOutput,
  facts,
  fdbEntry,
  front,
  healthyAnswers,
  host1,
  host2,
  lbFact,
  lbListing,
  probeResult,
  sandboxRef,
  tool,
  toolSandbox,
  web1,
  web2,
  webService,
} from '../test-support/diagnostics/path.fixture.js';
import type { PathFacts } from './path-facts.js';

const meta = { from: 'tool', to: 'web', durationMs: 1 };

function check(pathFacts: PathFacts, answers: Map<string, DiagnosticAnswer> = healthyAnswers()) {
  return judgePath(planPath(pathFacts), answers, meta);
}

/** An answer without its id, for each kind of answer. */
type AnswerBody<T = DiagnosticAnswer> = T extends unknown ? Omit<T, 'id'> : never;

function replaced(id: string, answer: AnswerBody): Map<string, DiagnosticAnswer> {
  const answers = healthyAnswers();
  answers.set(id, { ...answer, id });
  return answers;
}

/** An agent's read of one fact, in the sandbox's namespace or the host's. */
const read = (fact: Fact, netns: string | null = null): AnswerBody => ({ ok: true, netns, fact });

const statusOf = (result: ReturnType<typeof check>, id: string) =>
  result.steps.find((s) => s.id === id)?.status;
const messageOf = (result: ReturnType<typeof check>, id: string) =>
  result.steps.find((s) => s.id === id)?.message;

describe('planPath', () => {
  it('asks host1 for DNS, the VIP rule, its overlay peers and the connects, host2 for its peers', () => {
    const plan = planPath(facts());
    expect(plan.queries.get(host1.id)?.map((query) => query.id)).toEqual([
      'dns',
      'lb',
      'fdb@node-1',
      'neighbours@node-1',
      'connect:vip',
      'connect:web.1',
      'connect:web.2',
    ]);
    expect(plan.queries.get(host2.id)?.map((query) => query.id)).toEqual(['fdb@node-2', 'neighbours@node-2']);
    expect(plan.queries.get(host1.id)?.find((query) => query.id === 'connect:vip')).toMatchObject({
      kind: 'probe',
      sandboxId: tool.id,
      probe: { tool: 'tcp', host: '10.0.2.2', port: 80 },
    });
    expect(plan.queries.get(host2.id)?.[0]).toMatchObject({
      kind: 'read',
      where: { scope: 'network', networkId: 'net-app' },
      fact: 'fdb',
    });
  });
});

describe('judgePath', () => {
  it('passes every step when the kernel holds what the desired state says', () => {
    const result = check(facts());
    expect(result.ok).toBe(true);
    expect(result.brokenAt).toBeNull();
    expect(result.steps.map((step) => [step.id, step.status])).toEqual([
      ['source', 'ok'],
      ['network', 'ok'],
      ['dns', 'ok'],
      ['vip', 'ok'],
      ['backend:web.1', 'ok'],
      ['backend:web.2', 'ok'],
      ['overlay:web.1', 'skipped'],
      ['overlay:tool>web.2', 'ok'],
      ['overlay:web.2>tool', 'ok'],
      ['connect:vip', 'ok'],
      ['connect:web.1', 'ok'],
      ['connect:web.2', 'ok'],
    ]);
    expect(messageOf(result, 'vip')).toBe(
      "sandbox of tool on sydg-host1: VIP 10.0.2.2 (port 80) balances over 10.0.2.3 (web.1), 10.0.2.4 (web.2), web's healthy tasks",
    );
    expect(messageOf(result, 'dns')).toBe(
      'sandbox of tool on sydg-host1: web resolves to 10.0.2.2 (the VIP of web on appnet), as the desired state says',
    );
  });

  it('names the host, the overlay and the task when an FDB entry was deleted by hand', () => {
    const result = check(
      facts(),
      replaced(`fdb@${host1.id}`, read({ fact: 'fdb', fdb: [] }, 'sydg-host1-ov-257')),
    );
    expect(result.ok).toBe(false);
    expect(result.brokenAt).toBe('overlay:tool>web.2');
    expect(messageOf(result, 'overlay:tool>web.2')).toBe(
      'sydg-host1: the overlay appnet (vx-257) has no FDB entry for 02:42:0a:00:02:04 → 192.168.70.12 (task web.2 on sydg-host2)',
    );
    // The topology marks appnet's copy on host1, where the entry is missing.
    expect(result.steps.find((s) => s.id === 'overlay:tool>web.2')?.subject).toEqual({
      kind: 'network',
      id: 'net-app',
      name: 'appnet',
      node: { id: host1.id, name: 'sydg-host1' },
    });
    expect(statusOf(result, 'overlay:web.2>tool')).toBe('ok');
  });

  it('says where an FDB entry points instead, and when the neighbour entry is missing', () => {
    const wrong = check(
      facts(),
      replaced(`fdb@${host2.id}`, read({ fact: 'fdb', fdb: [fdbEntry('10.0.2.5', '192.168.70.99')] })),
    );
    expect(messageOf(wrong, 'overlay:web.2>tool')).toBe(
      'sydg-host2: the overlay appnet (vx-257) sends 02:42:0a:00:02:05 to 192.168.70.99 instead of 192.168.70.11 (tool on sydg-host1)',
    );
    const noNeighbour = check(
      facts(),
      replaced(`neighbours@${host1.id}`, read({ fact: 'neighbours', neighbours: [] })),
    );
    expect(messageOf(noNeighbour, 'overlay:tool>web.2')).toBe(
      'sydg-host1: the overlay appnet (vx-257) has no neighbour entry 10.0.2.4 → 02:42:0a:00:02:04 (task web.2 on sydg-host2)',
    );
  });

  it('names the VIP when its rule is gone from the sandbox', () => {
    const lb = (text: string, present = true) => read(lbFact(text, present), 'sydg-host1-sb-tool');
    const noElement = check(facts(), replaced('lb', lb(lbListing(undefined, []))));
    expect(noElement.brokenAt).toBe('vip');
    expect(messageOf(noElement, 'vip')).toBe(
      'sandbox of tool on sydg-host1: VIP 10.0.2.2:80 has no rule in table switchyard_lb',
    );
    const noTable = check(facts(), replaced('lb', lb('', false)));
    expect(messageOf(noTable, 'vip')).toBe(
      'sandbox of tool on sydg-host1: table switchyard_lb does not exist, so VIP 10.0.2.2:80 has no rule',
    );
  });

  it('names a backend the VIP lost and one it should not have', () => {
    const result = check(facts(), replaced('lb', read(lbFact(lbListing(['10.0.2.3', '10.0.2.9'])))));
    expect(messageOf(result, 'vip')).toBe(
      "sandbox of tool on sydg-host1: VIP 10.0.2.2:80 balances over 10.0.2.3, 10.0.2.9, but web's healthy tasks are 10.0.2.3 (web.1), 10.0.2.4 (web.2): missing 10.0.2.4 (web.2); sending to 10.0.2.9, which serve nothing",
    );
  });

  it('expects an unhealthy task out of the VIP, and calls the task broken', () => {
    const sick = { ...web2, health: 'unhealthy' as const };
    const result = check(
      facts({
        target: { kind: 'service', service: webService([web1, sick]) },
        sourceDocument: { sandboxes: [toolSandbox(['10.0.2.3'])], networks: [] },
      }),
      replaced('lb', read(lbFact(lbListing(['10.0.2.3'])))),
    );
    expect(statusOf(result, 'vip')).toBe('ok');
    expect(result.brokenAt).toBe('backend:web.2');
    expect(messageOf(result, 'backend:web.2')).toBe(
      'task web.2 on sydg-host2 runs but is unhealthy: it is left out of DNS and the VIP',
    );
    expect(result.steps.find((s) => s.id === 'backend:web.2')?.subject).toEqual({
      kind: 'task',
      id: web2.id,
      name: 'web.2',
      node: { id: host2.id, name: 'sydg-host2' },
    });
  });

  it('says the embedded DNS answered something else than the desired state', () => {
    const result = check(
      facts(),
      replaced('dns', { ok: true, netns: null, probe: probeResult(['dig'], 0, digOutput()) }),
    );
    expect(messageOf(result, 'dns')).toBe(
      'sandbox of tool on sydg-host1: the embedded DNS answers web with no address (NXDOMAIN), but the desired state says 10.0.2.2 (the VIP of web on appnet)',
    );
  });

  it('reports a connect that fails with the tool’s own words', () => {
    const result = check(
      facts(),
      replaced('connect:web.2', {
        ok: true,
        netns: null,
        probe: probeResult(
          ['nc'],
          1,
          'nc: connect to 10.0.2.4 port 80 (tcp) timed out: Operation now in progress',
        ),
      }),
    );
    expect(messageOf(result, 'connect:web.2')).toBe(
      'sandbox of tool on sydg-host1: cannot connect to 10.0.2.4:80 (task web.2 on sydg-host2): nc: connect to 10.0.2.4 port 80 (tcp) timed out: Operation now in progress',
    );
  });

  it('cannot read a host whose agent is away, and says so', () => {
    const answers = healthyAnswers();
    for (const id of [`fdb@${host2.id}`, `neighbours@${host2.id}`]) {
      answers.set(id, { id, ok: false, error: 'the agent on sydg-host2 is not connected' });
    }
    const result = check(facts(), answers);
    expect(messageOf(result, 'overlay:web.2>tool')).toBe(
      'sydg-host2: cannot read the overlay appnet (vx-257): the agent on sydg-host2 is not connected',
    );
  });

  it('stops at the network when A and B share none, and says which to connect', () => {
    const lonely = {
      ...tool,
      endpoints: [{ networkId: front.id, address: '172.30.0.2', mac: '02:42:ac:1e:00:02' }],
    };
    const plan = planPath(facts({ source: lonely }));
    expect(plan.queries.size).toBe(0);
    const result = judgePath(plan, new Map(), meta);
    expect(result.brokenAt).toBe('network');
    expect(messageOf(result, 'network')).toBe(
      'tool is on front and web on appnet: they share no network: connect tool to appnet (docker network connect appnet tool)',
    );
    expect(result.steps.slice(2).every((step) => step.status === 'skipped')).toBe(true);
  });

  it('runs nothing from a sandbox whose host is not connected', () => {
    const away = { ...tool, node: { ...host1, connected: false } };
    const plan = planPath(facts({ source: away }));
    expect(plan.queries.size).toBe(0);
    expect(judgePath(plan, new Map(), meta).steps[0]).toMatchObject({
      status: 'broken',
      message: "sydg-host1's agent is not connected: nothing can run in tool's sandbox",
    });
  });

  it('pings a container when no port is given, and skips DNS on the default bridge', () => {
    const onBridge = (name: string, address: string) => ({
      ...sandboxRef(name, host2, address, 'container'),
      endpoints: [{ networkId: bridge.id, address, mac: '02:42:ac:11:00:03' }],
    });
    const source = { ...onBridge('tool', '172.17.0.2'), node: host1 };
    const target = onBridge('db', '172.17.0.3');
    const plan = planPath(
      facts({
        source,
        target: { kind: 'container', sandbox: target },
        targetName: 'db',
        sourceDocument: {
          sandboxes: [{ ...toolSandbox(), dns: { ...toolSandbox().dns, embedded: false } }],
          networks: [],
        },
      }),
    );
    const result = judgePath(plan, new Map(), meta);
    expect(statusOf(result, 'dns')).toBe('skipped');
    expect(result.steps.some((step) => step.id === 'vip')).toBe(false);
    expect(plan.queries.get(host1.id)).toEqual([
      {
        id: 'connect:db',
        kind: 'probe',
        sandboxId: source.id,
        probe: { tool: 'ping', host: '172.17.0.3', count: 2 },
      },
    ]);
  });

  it('refuses a port the service does not listen on', () => {
    const result = check(facts({ port: 81 }));
    expect(messageOf(result, 'vip')).toBe('web does not listen on port 81: its ports are 80/tcp');
  });
});

describe('sandboxLabel', () => {
  it('calls a task by its slot, as docker service ps does, and a container by its name', () => {
    expect(sandboxLabel(sandboxRef('web.2.kcw9u2asre3dlem2cm5glm78a', host2, '10.0.2.4'))).toBe(
      'task web.2 on sydg-host2',
    );
    expect(sandboxLabel(tool)).toBe('tool on sydg-host1');
  });
});

describe('digAnswers', () => {
  it('reads the A records and the status of dig’s answer section', () => {
    expect(digAnswers(digOutput('10.0.2.4', '10.0.2.3'))).toEqual({
      status: 'NOERROR',
      addresses: ['10.0.2.3', '10.0.2.4'],
    });
    expect(digAnswers(';; connection timed out; no servers could be reached')).toEqual({
      status: null,
      addresses: [],
    });
  });
});
