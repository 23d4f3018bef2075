import { readFileSync } from 'node:fs';
import type { DiagnosticAnswer, DiagnosticQuery, Fact, LinkFact } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { judgePath } from '../path-judge.js';
import { planPath } from '../path-plan.js';
import type { PathFacts, SandboxRef } from '../path-facts.js';
import {
  facts,
  healthyAnswers,
  host1,
  host2,
  probeResult,
  tool,
  web1,
  web2,
  webService,
} from '../../test-support/diagnostics/path.fixture.js';
import { addAudit } from './audit-plan.js';
import { hostVethName } from './veth-name.js';

// The path of the fixture: tool (10.0.2.5) on host1, web.1 (10.0.2.3) on host1 and web.2
// (10.0.2.4) on host2, on the overlay appnet (VNI 257); the kernel facts below are what a healthy
// lab's agents read, to be spoilt one at a time.

const withEth0 = (sandbox: SandboxRef): SandboxRef => ({
  ...sandbox,
  endpoints: sandbox.endpoints.map((endpoint) => ({ ...endpoint, interfaceName: 'eth0' })),
});
const pathFacts: PathFacts = facts({
  source: withEth0(tool),
  target: { kind: 'service', service: webService([withEth0(web1), withEth0(web2)]) },
  port: 80,
});
const plan = addAudit(planPath(pathFacts), pathFacts);
const meta = { from: 'tool', to: 'web:80', durationMs: 1 };

const mac = (address: string) =>
  `02:42:${address
    .split('.')
    .map((part) => Number(part).toString(16).padStart(2, '0'))
    .join(':')}`;
const link = (name: string, extra: Partial<LinkFact> = {}): LinkFact => ({
  name,
  kind: 'veth',
  mtu: 1450,
  up: true,
  mac: '06:00:00:00:00:01',
  master: null,
  addresses: [],
  vni: null,
  ...extra,
});
const ruleset = (name: string) =>
  (
    JSON.parse(readFileSync(new URL(`./nft/__fixtures__/${name}.json`, import.meta.url), 'utf8')) as {
      nftables: Record<string, unknown>[];
    }
  ).nftables;

const sandboxes: Record<string, { address: string; netns: string }> = {
  [tool.id]: { address: '10.0.2.5', netns: 'sydg-host1-sb-tool' },
  [web1.id]: { address: '10.0.2.3', netns: 'sydg-host1-sb-web1' },
  [web2.id]: { address: '10.0.2.4', netns: 'sydg-host2-sb-web2' },
};

/** What a healthy agent reads for each audit query. */
function healthyFact(query: DiagnosticQuery & { kind: 'read' }, node: string): Fact {
  const where = query.where;
  if (where.scope === 'sandbox') {
    const { address } = sandboxes[where.sandboxId] ?? { address: '' };
    switch (query.fact) {
      case 'links':
        return { fact: 'links', links: [link('eth0', { mac: mac(address), addresses: [`${address}/24`] })] };
      case 'routes':
        return {
          fact: 'routes',
          routes: [
            {
              destination: 'default',
              gateway: '172.20.0.1',
              device: 'eth1',
              protocol: null,
              scope: null,
              source: null,
            },
            {
              destination: '10.0.2.0/24',
              gateway: null,
              device: 'eth0',
              protocol: 'kernel',
              scope: 'link',
              source: address,
            },
          ],
        };
      case 'neighbours':
        return { fact: 'neighbours', neighbours: [] };
      case 'sysctls':
        return { fact: 'sysctls', sysctls: (query.sysctls ?? []).map((name) => ({ name, value: '0' })) };
      default:
        return { fact: 'ruleset', nftables: ruleset('client-sandbox') };
    }
  }
  if (where.scope === 'network') {
    const veths = Object.keys(sandboxes)
      .filter((id) => (node === host1.id ? id !== web2.id : id === web2.id))
      .map((id) => hostVethName(id, 'net-app'));
    switch (query.fact) {
      case 'links':
        return {
          fact: 'links',
          links: [
            link('br0', { kind: 'bridge' }),
            link('vx-257', { kind: 'vxlan', master: 'br0', vni: 257 }),
            ...veths.map((name) => link(name, { master: 'br0' })),
          ],
        };
      case 'ports':
        return {
          fact: 'ports',
          ports: ['vx-257', ...veths].map((name) => ({
            name,
            master: 'br0',
            state: 'forwarding',
            up: true,
            carrier: true,
          })),
        };
      case 'sysctls':
        return { fact: 'sysctls', sysctls: [{ name: 'net.bridge.bridge-nf-call-iptables', value: '1' }] };
      default:
        return { fact: 'ruleset', nftables: [] };
    }
  }
  const underlay = node === host1.id ? host1.underlay : host2.underlay;
  switch (query.fact) {
    case 'links':
      return { fact: 'links', links: [link('eth0', { addresses: [`${underlay}/24`] })] };
    case 'routes':
      return {
        fact: 'routes',
        routes: [
          {
            destination: '192.168.70.0/24',
            gateway: null,
            device: 'eth0',
            protocol: 'kernel',
            scope: 'link',
            source: underlay,
          },
        ],
      };
    case 'neighbours':
      return { fact: 'neighbours', neighbours: [] };
    default:
      return { fact: 'ruleset', nftables: ruleset('host') };
  }
}

function netnsOf(query: DiagnosticQuery & { kind: 'read' }, node: string): string | null {
  if (query.where.scope === 'sandbox') return sandboxes[query.where.sandboxId]?.netns ?? null;
  if (query.where.scope === 'network') return `${node === host1.id ? 'sydg-host1' : 'sydg-host2'}-ov-257`;
  return null;
}

type Spoil = (query: DiagnosticQuery & { kind: 'read' }, node: string, fact: Fact) => Fact;

function answers(spoil: Spoil = (_query, _node, fact) => fact): Map<string, DiagnosticAnswer> {
  const all = healthyAnswers();
  for (const [node, queries] of plan.queries) {
    for (const query of queries) {
      if (query.kind !== 'read' || !query.id.startsWith('audit:')) continue;
      all.set(query.id, {
        id: query.id,
        ok: true,
        netns: netnsOf(query, node),
        fact: spoil(query, node, healthyFact(query, node)),
      });
    }
  }
  return all;
}

const judged = (spoil?: Spoil) => judgePath(plan, answers(spoil), meta);
const stepOf = (result: ReturnType<typeof judged>, id: string) => result.steps.find((step) => step.id === id);
const inSandbox =
  (sandbox: SandboxRef, kind: Fact['fact'], change: (fact: Fact) => Fact): Spoil =>
  (query, _node, fact) =>
    query.where.scope === 'sandbox' && query.where.sandboxId === sandbox.id && query.fact === kind
      ? change(fact)
      : fact;

describe('the audit steps of a path check', () => {
  it('reads every namespace on the path, in path order, before the connects', () => {
    const ids = plan.checks.map((check) => (check.kind === 'fixed' ? check.step.id : check.id));
    const audit = ids.filter((id) => id.startsWith('audit:'));
    expect(audit).toEqual([
      'audit:tool',
      'audit:bridge:sydg-host1',
      'audit:underlay:sydg-host1',
      'audit:underlay:sydg-host2',
      'audit:bridge:sydg-host2',
      'audit:web.1',
      'audit:web.2',
    ]);
    expect(ids.indexOf('audit:web.2')).toBeLessThan(ids.indexOf('connect:vip'));
    const host2Reads = plan.queries.get(host2.id)?.filter((query) => query.id.startsWith('audit:')) ?? [];
    expect(host2Reads.map((query) => query.id)).toEqual([
      'audit:host:node-2:ruleset',
      'audit:host:node-2:links',
      'audit:host:node-2:routes',
      'audit:host:node-2:neighbours',
      'audit:net:node-2:net-app:ruleset',
      'audit:net:node-2:net-app:links',
      'audit:net:node-2:net-app:ports',
      'audit:net:node-2:net-app:sysctls',
      'audit:sb:id-web.2:ruleset',
      'audit:sb:id-web.2:links',
      'audit:sb:id-web.2:routes',
      'audit:sb:id-web.2:neighbours',
      'audit:sb:id-web.2:sysctls',
    ]);
  });

  it('shows a healthy path as short ok steps', () => {
    const result = judged();
    expect(result.ok).toBe(true);
    const audit = result.steps.filter((step) => step.id.startsWith('audit:'));
    expect(audit.every((step) => step.status === 'ok')).toBe(true);
    expect(stepOf(result, 'audit:tool')?.message).toBe(
      "sydg-host1: tool's sandbox: eth0 up; routes via eth0; 1 nft table let it through",
    );
    expect(stepOf(result, 'audit:underlay:sydg-host2')?.message).toBe(
      'sydg-host2: the host namespace: routes via eth0; 2 nft tables let it through',
    );
    for (const step of audit) expect(step.message.length).toBeLessThan(120);
  });

  it("names a drop rule in a table the agent did not make, in the client's sandbox, with the fix", () => {
    const result = judged(
      inSandbox(tool, 'ruleset', () => ({ fact: 'ruleset', nftables: ruleset('foreign') })),
    );
    expect(result.brokenAt).toBe('audit:tool');
    expect(stepOf(result, 'audit:tool')?.message).toBe(
      "sydg-host1: tool's sandbox: table inet hid, chain out, rule handle 6 (ip daddr 10.0.2.3 drop) drops tcp → 10.0.2.3:80 (task web.1 on sydg-host1) leaving tool: ip netns exec sydg-host1-sb-tool nft delete rule inet hid out handle 6",
    );
  });

  it("names a task's sandbox whose input chain drops by policy", () => {
    // The foreign table without its `tcp dport 80 accept`: nothing lets the connection in.
    const closed = ruleset('foreign').filter(
      (item) => (item['rule'] as { handle?: number } | undefined)?.handle !== 18,
    );
    const result = judged(inSandbox(web2, 'ruleset', () => ({ fact: 'ruleset', nftables: closed })));
    expect(stepOf(result, 'audit:web.2')?.message).toBe(
      "sydg-host2: task web.2's sandbox: table inet hid, chain in (policy drop) drops tcp → 10.0.2.4:80 from tool arriving in web.2: ip netns exec sydg-host2-sb-web2 nft insert rule inet hid in ip saddr 10.0.2.5 tcp dport 80 accept",
    );
    const open = judged(
      inSandbox(web2, 'ruleset', () => ({ fact: 'ruleset', nftables: ruleset('foreign') })),
    );
    expect(stepOf(open, 'audit:web.2')?.status).toBe('ok');
  });

  it("names a task's veth set down on its overlay bridge, with its host and namespace", () => {
    const veth = hostVethName(web2.id, 'net-app');
    const result = judged((query, node, fact) =>
      node === host2.id && fact.fact === 'links' && query.where.scope === 'network'
        ? {
            ...fact,
            links: fact.links.map((entry) => (entry.name === veth ? { ...entry, up: false } : entry)),
          }
        : fact,
    );
    expect(result.brokenAt).toBe('audit:bridge:sydg-host2');
    expect(stepOf(result, 'audit:bridge:sydg-host2')?.message).toBe(
      `sydg-host2: the overlay namespace of appnet: task web.2's veth ${veth} on br0 is down: ip -n sydg-host2-ov-257 link set ${veth} up`,
    );
    // Marked on appnet's copy on host2, whose bridge holds the veth.
    expect(stepOf(result, 'audit:bridge:sydg-host2')?.subject).toMatchObject({
      kind: 'network',
      name: 'appnet',
      node: { id: host2.id },
    });
  });

  it('names a bridge port disabled by hand, and one whose other end is down', () => {
    const veth = hostVethName(web2.id, 'net-app');
    const port =
      (state: string, carrier: boolean): Spoil =>
      (query, node, fact) =>
        node === host2.id && fact.fact === 'ports'
          ? {
              ...fact,
              ports: fact.ports.map((entry) => (entry.name === veth ? { ...entry, state, carrier } : entry)),
            }
          : fact;
    expect(stepOf(judged(port('disabled', true)), 'audit:bridge:sydg-host2')?.message).toContain(
      `is disabled on br0, so the bridge drops its frames: bridge -n sydg-host2-ov-257 link set dev ${veth} state 3`,
    );
    expect(stepOf(judged(port('disabled', false)), 'audit:bridge:sydg-host2')?.message).toContain(
      'its other end, in the sandbox, is down (no carrier)',
    );
  });

  it("names the client's eth0 set down", () => {
    const result = judged(
      inSandbox(tool, 'links', (fact) =>
        fact.fact === 'links'
          ? { ...fact, links: fact.links.map((entry) => ({ ...entry, up: false })) }
          : fact,
      ),
    );
    expect(stepOf(result, 'audit:tool')?.message).toBe(
      "sydg-host1: tool's sandbox: tool's interface on appnet eth0 is down: ip -n sydg-host1-sb-tool link set eth0 up",
    );
  });

  it('names a connected route deleted in a sandbox: the flow leaves by the default route instead', () => {
    const result = judged(
      inSandbox(tool, 'routes', (fact) =>
        fact.fact === 'routes'
          ? { ...fact, routes: fact.routes.filter((route) => route.device !== 'eth0') }
          : fact,
      ),
    );
    expect(stepOf(result, 'audit:tool')?.message).toBe(
      "sydg-host1: tool's sandbox: the route to 10.0.2.2 (the VIP of web) is default via 172.20.0.1 dev eth1: it leaves by eth1, not eth0: ip -n sydg-host1-sb-tool route add 10.0.2.0/24 dev eth0",
    );
    const none = judged(inSandbox(web1, 'routes', () => ({ fact: 'routes', routes: [] })));
    expect(stepOf(none, 'audit:web.1')?.message).toBe(
      "sydg-host1: task web.1's sandbox: has no route to 10.0.2.5 (tool on sydg-host1): ip -n sydg-host1-sb-web1 route add 10.0.2.0/24 dev eth0",
    );
  });

  it('names a failed neighbour entry, and one pinned to the wrong MAC', () => {
    const neighbour = (state: string, lladdr: string | null): Spoil =>
      inSandbox(tool, 'neighbours', () => ({
        fact: 'neighbours',
        neighbours: [{ address: '10.0.2.4', device: 'eth0', mac: lladdr, state }],
      }));
    // Being resolved again while the connects run: not a break as long as they pass.
    expect(stepOf(judged(neighbour('failed', null)), 'audit:tool')?.status).toBe('ok');
    const failed = answers(neighbour('failed', null));
    failed.set('connect:web.2', {
      id: 'connect:web.2',
      ok: true,
      netns: 'sydg-host1-sb-tool',
      probe: probeResult(['nc'], 1, 'nc: connect to 10.0.2.4 port 80 (tcp) timed out'),
    });
    expect(stepOf(judgePath(plan, failed, meta), 'audit:tool')?.message).toBe(
      "sydg-host1: tool's sandbox: the neighbour entry for 10.0.2.4 (task web.2 on sydg-host2) on eth0 is FAILED: nothing answers its ARP: ip -n sydg-host1-sb-tool neigh replace 10.0.2.4 lladdr 02:42:0a:00:02:04 dev eth0",
    );
    expect(stepOf(judged(neighbour('permanent', '02:00:00:00:00:01')), 'audit:tool')?.message).toContain(
      'the neighbour entry for 10.0.2.4 on eth0 says 02:00:00:00:00:01 (permanent), but task web.2 on sydg-host2 is 02:42:0a:00:02:04',
    );
  });

  it('names strict rp_filter only where the route back really leaves by another device', () => {
    const strict: Spoil = (query, node, fact) =>
      fact.fact === 'sysctls' && query.where.scope === 'sandbox' && query.where.sandboxId === web2.id
        ? { ...fact, sysctls: fact.sysctls.map((sysctl) => ({ ...sysctl, value: '1' })) }
        : fact;
    expect(stepOf(judged(strict), 'audit:web.2')?.status).toBe('ok');
    const asymmetric: Spoil = (query, node, fact) => {
      const spoilt = strict(query, node, fact);
      return spoilt.fact === 'routes' && query.where.scope === 'sandbox' && query.where.sandboxId === web2.id
        ? {
            ...spoilt,
            routes: [
              ...spoilt.routes,
              {
                destination: '10.0.2.5',
                gateway: null,
                device: 'eth1',
                protocol: null,
                scope: null,
                source: null,
              },
            ],
          }
        : spoilt;
    };
    // The request from tool arrives on eth0 and the route back leaves by eth1: strict rp_filter drops it.
    expect(stepOf(judged(asymmetric), 'audit:web.2')?.message).toBe(
      "sydg-host2: task web.2's sandbox: rp_filter is strict (1) on eth0, and the route back to 10.0.2.5 (tool on sydg-host1) leaves by eth1 (10.0.2.5 dev eth1): the kernel drops what tool on sydg-host1 sends: ip netns exec sydg-host2-sb-web2 sysctl -w net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.eth0.rp_filter=0, or restore the route",
    );
    // Without rp_filter the same route is named as what misroutes the reply.
    const loose: Spoil = (query, node, fact) => {
      const spoilt = asymmetric(query, node, fact);
      return spoilt.fact === 'sysctls'
        ? { ...spoilt, sysctls: spoilt.sysctls.map((sysctl) => ({ ...sysctl, value: '0' })) }
        : spoilt;
    };
    expect(stepOf(judged(loose), 'audit:web.2')?.message).toContain(
      'the route to 10.0.2.5 (tool on sydg-host1) is 10.0.2.5 dev eth1: it leaves by eth1, not eth0',
    );
  });

  it('calls a rule it cannot evaluate a break only when a connect failed', () => {
    const marked = {
      fact: 'ruleset' as const,
      nftables: ruleset('foreign').filter((item) => {
        const rule = item['rule'] as { handle?: number } | undefined;
        return rule === undefined || [5, 11, 17].includes(rule.handle ?? 0);
      }),
    };
    const spoil = inSandbox(tool, 'ruleset', () => marked);
    const passed = judged(spoil);
    expect(stepOf(passed, 'audit:tool')).toMatchObject({ status: 'ok' });
    expect(stepOf(passed, 'audit:tool')?.message).toContain('may drop it, but the connects passed');
    const failed = answers(spoil);
    failed.set('connect:web.1', {
      id: 'connect:web.1',
      ok: true,
      netns: 'sydg-host1-sb-tool',
      probe: probeResult(['nc'], 1, 'nc: connect to 10.0.2.3 port 80 (tcp) timed out'),
    });
    const result = judgePath(plan, failed, meta);
    expect(stepOf(result, 'audit:tool')?.message).toContain(
      'table inet hid, chain out, rule handle 11 (meta mark 1 drop) may drop tcp → 10.0.2.2:80',
    );
    expect(stepOf(result, 'audit:tool')?.status).toBe('broken');
  });

  it('says which read failed, a break only when a connect failed too', () => {
    const all = answers();
    all.set('audit:sb:id-tool:ruleset', {
      id: 'audit:sb:id-tool:ruleset',
      ok: false,
      error: 'nft: not found',
    });
    expect(stepOf(judgePath(plan, all, meta), 'audit:tool')).toMatchObject({
      status: 'ok',
      message:
        "sydg-host1: tool's sandbox: eth0 up; routes via eth0; cannot read the nft ruleset: nft: not found",
    });
    all.set('connect:vip', {
      id: 'connect:vip',
      ok: true,
      netns: 'sydg-host1-sb-tool',
      probe: probeResult(['nc'], 1, 'nc: connect to 10.0.2.2 port 80 (tcp) timed out'),
    });
    expect(stepOf(judgePath(plan, all, meta), 'audit:tool')).toMatchObject({
      status: 'broken',
      message: "sydg-host1: tool's sandbox: cannot read the nft ruleset: nft: not found",
    });
  });
});

describe('the audit of a bridge network', () => {
  const onFront = (sandbox: SandboxRef, address: string): SandboxRef => ({
    ...sandbox,
    endpoints: [{ networkId: 'net-front', address, mac: mac(address), interfaceName: 'eth0' }],
  });
  const client = onFront(tool, '172.30.0.2');
  const db = { ...onFront(web1, '172.30.0.3'), id: 'id-db', name: 'db', kind: 'container' as const };
  const bridgeFacts = facts({
    source: client,
    target: { kind: 'container', sandbox: db },
    targetName: 'db',
    port: 5432,
    sourceDocument: {
      sandboxes: [],
      networks: [{ id: 'net-front', bridge: { interfaceName: 'br-dddddddddddd' } }],
    } as unknown as PathFacts['sourceDocument'],
  });
  const bridgePlan = addAudit(planPath(bridgeFacts), bridgeFacts);
  const ids = bridgePlan.checks.flatMap((check) => (check.kind === 'audit' ? [check.id] : []));

  it('reads the two sandboxes and the host namespace that bridges them', () => {
    expect(ids).toEqual(['audit:tool', 'audit:bridge:sydg-host1', 'audit:db']);
    const bridgeStep = bridgePlan.checks.find(
      (check) => check.kind === 'audit' && check.id === 'audit:bridge:sydg-host1',
    );
    expect(bridgeStep?.kind === 'audit' && bridgeStep.audit.links.map((entry) => entry.link.name)).toEqual([
      'br-dddddddddddd',
      hostVethName(client.id, 'net-front'),
      hostVethName(db.id, 'net-front'),
    ]);
  });

  it("names the ICC rule of the agent's own filter table when br_netfilter passes bridged traffic to it", () => {
    const all = new Map<string, DiagnosticAnswer>();
    for (const [, queries] of bridgePlan.queries) {
      for (const query of queries) {
        if (query.kind !== 'read') continue;
        const fact: Fact =
          query.fact === 'ruleset'
            ? { fact: 'ruleset', nftables: query.where.scope === 'host' ? ruleset('switchyard') : [] }
            : query.fact === 'sysctls'
              ? {
                  fact: 'sysctls',
                  sysctls: (query.sysctls ?? []).map((name) => ({
                    name,
                    value: name.includes('bridge') ? '1' : '0',
                  })),
                }
              : query.fact === 'links'
                ? {
                    fact: 'links',
                    links: [
                      link('eth0', {
                        mac: mac(
                          query.where.scope === 'sandbox' && query.where.sandboxId === db.id
                            ? '172.30.0.3'
                            : '172.30.0.2',
                        ),
                        addresses: ['172.30.0.2/16'],
                      }),
                      link('br-dddddddddddd', { kind: 'bridge' }),
                      link(hostVethName(client.id, 'net-front'), { master: 'br-dddddddddddd' }),
                      link(hostVethName(db.id, 'net-front'), { master: 'br-dddddddddddd' }),
                    ],
                  }
                : query.fact === 'routes'
                  ? {
                      fact: 'routes',
                      routes: [
                        {
                          destination: '172.30.0.0/16',
                          gateway: null,
                          device: 'eth0',
                          protocol: null,
                          scope: null,
                          source: null,
                        },
                      ],
                    }
                  : query.fact === 'ports'
                    ? { fact: 'ports', ports: [] }
                    : { fact: 'neighbours', neighbours: [] };
        all.set(query.id, {
          id: query.id,
          ok: true,
          netns: query.where.scope === 'host' ? null : 'ns',
          fact,
        });
      }
    }
    const result = judgePath(bridgePlan, all, meta);
    expect(result.steps.find((step) => step.id === 'audit:bridge:sydg-host1')?.message).toMatch(
      /^sydg-host1: the host namespace \(bridge br-dddddddddddd\): table inet switchyard_filter, chain forward, rule handle \d+ \(iifname br-dddddddddddd oifname br-dddddddddddd drop\) drops tcp → 172\.30\.0\.3:5432 \(db on sydg-host1\) through br-dddddddddddd \(br_netfilter\): it is the agent's own rule, as the desired state asks/,
    );
  });
});

describe('the veth names', () => {
  it("are the agent's: veth and 7 hex digits of sandbox/network (the cluster test finds them in the kernel)", () => {
    expect(hostVethName('sb-1', 'net-1')).toBe('vethdd8bb6e');
  });
});

describe('the underlay', () => {
  it("names a route to the other host's underlay that leaves by another device", () => {
    const result = judgePath(
      plan,
      answers((query, node, fact) =>
        query.where.scope === 'host' && node === host1.id && fact.fact === 'routes'
          ? {
              ...fact,
              routes: [
                ...fact.routes,
                {
                  destination: host2.underlay,
                  gateway: null,
                  device: 'docker0',
                  protocol: null,
                  scope: null,
                  source: null,
                },
              ],
            }
          : fact,
      ),
      meta,
    );
    expect(result.steps.find((step) => step.id === 'audit:underlay:sydg-host1')?.message).toBe(
      `sydg-host1: the host namespace: the route to ${host2.underlay} (sydg-host2's underlay address) is ${host2.underlay} dev docker0: it leaves by docker0, not eth0: ip route del ${host2.underlay} dev docker0`,
    );
  });
});
