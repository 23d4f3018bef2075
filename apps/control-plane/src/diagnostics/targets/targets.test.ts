import type { DiagnosticAnswer, PathCheckResult, ProbeResult, RouteView } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { host1, host2, probeResult, sandboxRef } from '../../test-support/diagnostics/path.fixture.js';
import { matchRoute } from './load-targets.js';
import { planPublished } from './published-plan.js';
import { planRoute } from './route-plan.js';
import type { PublishedFacts, RouteFacts } from './target-facts.js';
import { httpAnswer, judgeTarget } from './target-judge.js';

// Paths from outside the cluster: port 8080 published by the service web through the routing mesh
// (tasks web.1 on host1 and web.2 on host2 at 10.255.0.5 and .6), a container's -p, and the
// hostname foo.example.com on host1's proxy; host2 plays the outside.

const web1 = sandboxRef('web.1', host1, '10.255.0.5');
const web2 = sandboxRef('web.2', host2, '10.255.0.6');
const meta = { from: 'outside', to: 'target', durationMs: 1 };

function ingressListing(elements = ['tcp . 8080 : goto pub-tcp-8080']): string {
  return [
    'table ip switchyard_ingress {',
    '\tmap published {',
    '\t\ttype inet_proto . inet_service : verdict',
    ...(elements.length === 0 ? [] : [`\t\telements = { ${elements.join(', ')} }`]),
    '\t}',
    '\tchain prerouting {',
    '\t\ttype nat hook prerouting priority dstnat; policy accept;',
    '\t\tfib daddr type local meta l4proto . th dport vmap @published',
    '\t}',
    '\tchain pub-tcp-8080 {',
    '\t\tmeta l4proto tcp dnat to numgen random mod 2 map { 0 : 10.255.0.5, 1 : 10.255.0.6 } : 80',
    '\t}',
    '}',
  ].join('\n');
}

const nftAnswer = (id: string, name: string, text: string, present = true): DiagnosticAnswer => ({
  id,
  ok: true,
  netns: null,
  fact: { fact: 'nft', nft: { table: { family: 'ip', name }, present, text } },
});
const probeAnswer = (id: string, probe: ProbeResult): DiagnosticAnswer => ({
  id,
  ok: true,
  netns: null,
  probe,
});
const connected = (id: string, host: string) =>
  probeAnswer(id, probeResult(['nc', '-vz', host], 0, `Connection to ${host} 80 port [tcp/http] succeeded!`));
const refused = (id: string, host: string, port: number) =>
  probeAnswer(
    id,
    probeResult(
      ['nc', '-vz', host],
      1,
      `nc: connect to ${host} port ${port} (tcp) failed: Connection refused`,
    ),
  );

const answersOf = (...list: DiagnosticAnswer[]) => new Map(list.map((answer) => [answer.id, answer]));

/** host1's own links: its underlay, and its legs into ingress and hrm. */
const hostLinks = (up = true): DiagnosticAnswer => ({
  id: `links:host@${host1.id}`,
  ok: true,
  netns: null,
  fact: {
    fact: 'links',
    links: [
      ['eth0', '192.168.70.11/24'],
      ['ingress0', '10.255.0.2/16'],
      ['hrm0', '10.0.3.2/24'],
    ].map(([name = '', address = '']) => ({
      name,
      kind: 'veth',
      mtu: 1500,
      up: up || name === 'eth0',
      mac: '02:42:00:00:00:01',
      master: null,
      addresses: [address],
      vni: null,
    })),
  },
});

/** host1's forwarding sysctls as the agent reads them; `off` names those that read 0. */
const hostSysctls = (
  devices: string[],
  off: string[] = [],
  netns: string | null = null,
): DiagnosticAnswer => ({
  id: `sysctls:host@${host1.id}`,
  ok: true,
  netns,
  fact: {
    fact: 'sysctls',
    sysctls: ['net.ipv4.ip_forward', ...devices.map((device) => `net.ipv4.conf.${device}.forwarding`)].map(
      (name) => ({ name, value: off.includes(name) ? '0' : '1' }),
    ),
  },
});

function meshPort(
  overrides: Partial<PublishedFacts> = {},
  backends = ['10.255.0.5', '10.255.0.6'],
): PublishedFacts {
  return {
    node: host1,
    port: 8080,
    protocol: 'tcp',
    outside: host2,
    owner: {
      kind: 'ingress',
      service: 'web',
      targetPort: 80,
      backends,
      tasks: [
        { sandbox: web1, address: '10.255.0.5' },
        { sandbox: web2, address: '10.255.0.6' },
      ],
      leg: { interfaceName: 'ingress0', address: '10.255.0.2/16', network: 'ingress' },
    },
    published: ['8080/tcp'],
    ...overrides,
  };
}

function healthyMeshAnswers(listing = ingressListing()): Map<string, DiagnosticAnswer> {
  return answersOf(
    nftAnswer('dnat:switchyard_ingress', 'switchyard_ingress', listing),
    hostLinks(),
    hostSysctls(['ingress0']),
    connected('reach:backend:10.255.0.5', '10.255.0.5'),
    connected('reach:backend:10.255.0.6', '10.255.0.6'),
    connected('reach:outside', host1.underlay),
  );
}

describe('a published port from outside', () => {
  it('reaches the port from another host, at the underlay address, so it crosses prerouting', () => {
    const plan = planPublished(meshPort());
    expect(plan.queries.get(host2.id)).toEqual([
      {
        id: 'reach:outside',
        kind: 'probe-at',
        where: { scope: 'host' },
        probe: { tool: 'tcp', host: host1.underlay, port: 8080 },
      },
    ]);
    const result = judgeTarget(plan, healthyMeshAnswers(), meta);
    expect(result.brokenAt).toBeNull();
    expect(result.steps.find((step) => step.id === 'dnat')?.message).toBe(
      'sydg-host1: table ip switchyard_ingress: port 8080 is DNATed to 10.255.0.5 (task web.1 on sydg-host1), 10.255.0.6 (task web.2 on sydg-host2), port 80',
    );
  });

  it('names a DNAT element deleted by hand', () => {
    const result = judgeTarget(planPublished(meshPort()), healthyMeshAnswers(ingressListing([])), meta);
    expect(result.brokenAt).toBe('dnat');
    expect(result.steps.find((step) => step.id === 'dnat')?.message).toBe(
      "sydg-host1: table ip switchyard_ingress has no DNAT rule for port 8080: map published has no element tcp . 8080, so service web's port is refused on this host",
    );
  });

  it('names the routing mesh backends empty when the service has no healthy task', () => {
    const result = judgeTarget(planPublished(meshPort({}, [])), healthyMeshAnswers(ingressListing([])), meta);
    expect(result.brokenAt).toBe('backends');
    expect(result.steps.find((step) => step.id === 'backends')?.message).toBe(
      "the routing mesh's backends for sydg-host1:8080/tcp are empty: service web has no running, healthy task, so sydg-host1 refuses the port",
    );
  });

  it('names a backend the host cannot reach, and the port refused from outside', () => {
    const answers = healthyMeshAnswers();
    answers.set('reach:backend:10.255.0.6', refused('reach:backend:10.255.0.6', '10.255.0.6', 80));
    answers.set('reach:outside', refused('reach:outside', host1.underlay, 8080));
    const result = judgeTarget(planPublished(meshPort()), answers, meta);
    expect(result.brokenAt).toBe('reach:backend:10.255.0.6');
    const message = (id: string) => result.steps.find((step) => step.id === id)?.message;
    expect(message('reach:backend:10.255.0.6')).toBe(
      "sydg-host1's namespace: cannot connect to task web.2 on sydg-host2 at 10.255.0.6:80: nc: connect to 10.255.0.6 port 80 (tcp) failed: Connection refused",
    );
    expect(message('reach:outside')).toBe(
      "sydg-host2, outside sydg-host1: cannot connect to sydg-host1's 192.168.70.11:8080: nc: connect to 192.168.70.11 port 8080 (tcp) failed: Connection refused",
    );
  });

  it("names the host's leg into the ingress network set down", () => {
    const answers = healthyMeshAnswers();
    answers.set(`links:host@${host1.id}`, hostLinks(false));
    const result = judgeTarget(planPublished(meshPort()), answers, meta);
    expect(result.brokenAt).toBe('leg:ingress0');
    expect(result.steps.find((step) => step.id === 'leg:ingress0')?.message).toBe(
      'sydg-host1: ingress0, its leg into the ingress network, is down (ip link set ingress0 up)',
    );
  });

  it('names a port nothing publishes, and what the host does publish', () => {
    const result = judgeTarget(planPublished(meshPort({ owner: null, port: 9090 })), new Map(), meta);
    expect(result.brokenAt).toBe('published');
    expect(result.steps.at(-1)?.message).toMatch(
      /^nothing publishes port 9090\/tcp on sydg-host1 \(it publishes 8080\/tcp\)/,
    );
  });

  it("checks a container's -p rule in switchyard_nat", () => {
    const shop = sandboxRef('shop', host1, '172.18.0.2', 'container');
    const facts = meshPort({
      port: 8081,
      owner: {
        kind: 'sandbox',
        sandbox: shop,
        port: {
          hostIp: '0.0.0.0',
          hostPort: 8081,
          containerPort: 80,
          protocol: 'tcp',
          targetAddress: '172.18.0.2',
        },
        bridge: 'sy-br-shop',
      } as PublishedFacts['owner'],
    });
    const nat = (rules: string[]) =>
      [
        'table ip switchyard_nat {',
        '\tchain published {',
        ...rules.map((rule) => `\t\t${rule}`),
        '\t}',
        '}',
      ].join('\n');
    const answers = answersOf(
      nftAnswer('dnat:switchyard_nat', 'switchyard_nat', nat(['tcp dport 8081 dnat to 172.18.0.2:80'])),
      hostSysctls(['sy-br-shop']),
      connected('reach:backend:172.18.0.2', '172.18.0.2'),
      connected('reach:outside', host1.underlay),
    );
    expect(judgeTarget(planPublished(facts), answers, meta).brokenAt).toBeNull();
    answers.set('dnat:switchyard_nat', nftAnswer('dnat:switchyard_nat', 'switchyard_nat', nat([])));
    const broken = judgeTarget(planPublished(facts), answers, meta);
    expect(broken.brokenAt).toBe('dnat');
    expect(broken.steps.find((step) => step.id === 'dnat')?.message).toBe(
      'sydg-host1: table ip switchyard_nat chain published has no rule tcp dport 8081 dnat to 172.18.0.2:80: nothing DNATs port 8081 to shop on sydg-host1, so it is refused',
    );
  });
});

describe('forwarding where a published port is routed', () => {
  const forwarding = (result: PathCheckResult) => result.steps.find((step) => step.id === 'forwarding');

  it("reads ip_forward and the ingress leg's forwarding on the publishing host, and passes when both are 1", () => {
    const plan = planPublished(meshPort());
    expect(plan.queries.get(host1.id)).toContainEqual({
      id: `sysctls:host@${host1.id}`,
      kind: 'read',
      where: { scope: 'host' },
      fact: 'sysctls',
      sysctls: ['net.ipv4.ip_forward', 'net.ipv4.conf.ingress0.forwarding'],
    });
    const result = judgeTarget(plan, healthyMeshAnswers(), meta);
    expect(result.brokenAt).toBeNull();
    expect(forwarding(result)?.message).toBe(
      'sydg-host1 routes what it DNATs to 10.255.0.5 (task web.1 on sydg-host1), 10.255.0.6 (task web.2 on sydg-host2): net.ipv4.ip_forward = 1, net.ipv4.conf.ingress0.forwarding = 1',
    );
  });

  it('names ip_forward switched off with the host, the sysctl and the fix, before the refused outside connection', () => {
    const answers = healthyMeshAnswers();
    answers.set(
      `sysctls:host@${host1.id}`,
      hostSysctls(['ingress0'], ['net.ipv4.ip_forward', 'net.ipv4.conf.ingress0.forwarding']),
    );
    answers.set('reach:outside', refused('reach:outside', host1.underlay, 8080));
    const result = judgeTarget(planPublished(meshPort()), answers, meta);
    expect(result.brokenAt).toBe('forwarding');
    expect(forwarding(result)?.message).toBe(
      'sydg-host1: forwarding is off (net.ipv4.ip_forward = 0): the published port 8080 is DNATed here and must be routed to 10.255.0.5 (task web.1 on sydg-host1), 10.255.0.6 (task web.2 on sydg-host2) (sysctl -w net.ipv4.ip_forward=1 on sydg-host1)',
    );
  });

  it('names one device whose forwarding is off, the one replies come back by, with the netns in the fix', () => {
    const answers = healthyMeshAnswers();
    answers.set(
      `sysctls:host@${host1.id}`,
      hostSysctls(['ingress0'], ['net.ipv4.conf.ingress0.forwarding'], 'sydg-host1'),
    );
    const result = judgeTarget(planPublished(meshPort()), answers, meta);
    expect(result.brokenAt).toBe('forwarding');
    expect(forwarding(result)?.message).toMatch(
      /^sydg-host1: forwarding is off on ingress0 \(net\.ipv4\.conf\.ingress0\.forwarding = 0\): .* \(ip netns exec sydg-host1 sysctl -w net\.ipv4\.conf\.ingress0\.forwarding=1\)$/,
    );
  });

  it("reads the bridge of a container's -p and names forwarding off there", () => {
    const shop = sandboxRef('shop', host1, '172.18.0.2', 'container');
    const port = {
      hostIp: '0.0.0.0',
      hostPort: 8081,
      containerPort: 80,
      protocol: 'tcp' as const,
      targetAddress: '172.18.0.2',
    };
    const plan = planPublished(
      meshPort({
        port: 8081,
        owner: { kind: 'sandbox', sandbox: shop, port, bridge: 'sy-br-shop' } as PublishedFacts['owner'],
      }),
    );
    const answers = answersOf(hostSysctls(['sy-br-shop'], ['net.ipv4.ip_forward']));
    const result = judgeTarget(plan, answers, meta);
    expect(forwarding(result)?.status).toBe('broken');
    expect(forwarding(result)?.message).toBe(
      'sydg-host1: forwarding is off (net.ipv4.ip_forward = 0): the published port 8081 is DNATed here and must be routed to 172.18.0.2 (shop on sydg-host1) (sysctl -w net.ipv4.ip_forward=1 on sydg-host1)',
    );
    expect(plan.queries.get(host1.id)?.find((query) => query.id.startsWith('sysctls:'))).toMatchObject({
      sysctls: ['net.ipv4.ip_forward', 'net.ipv4.conf.sy-br-shop.forwarding'],
    });
  });

  it('notes sysctls it cannot read without blaming them, and judges nothing when there is no backend', () => {
    const answers = healthyMeshAnswers();
    answers.delete(`sysctls:host@${host1.id}`);
    const result = judgeTarget(planPublished(meshPort()), answers, meta);
    expect(result.brokenAt).toBeNull();
    expect(forwarding(result)).toMatchObject({
      status: 'skipped',
      message: 'sydg-host1: forwarding not judged: cannot read its sysctls: its agent did not answer',
    });
    expect(forwarding(judgeTarget(planPublished(meshPort({}, [])), answers, meta))).toBeUndefined();
  });

  it('reads no forwarding for a routing mesh hostname: its proxy ends each connection and opens its own', () => {
    const queries = [...planRoute(routeFacts()).queries.values()].flat();
    expect(queries.filter((query) => query.kind === 'read' && query.fact === 'sysctls')).toEqual([]);
  });
});

const routeView = (overrides: Partial<RouteView> = {}): RouteView => ({
  id: 'route1',
  hostname: 'foo.example.com',
  protocol: 'http',
  serviceId: 'svc',
  serviceName: 'web',
  internalPort: 80,
  stickyCookie: null,
  redirect: null,
  isDefault: false,
  source: 'label',
  routable: true,
  reason: null,
  backends: 2,
  hosts: [{ nodeId: host1.id, nodeName: host1.name, state: 'ready', message: null }],
  counters: {
    requests: 0,
    status: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
    avgResponseMs: null,
  },
  createdAt: '2026-12-07T00:00:00.000Z',
  ...overrides,
});

function routeFacts(backends = [{ task: 'web.1', address: '10.0.3.4', port: 80 }]): RouteFacts {
  return {
    hostname: 'foo.example.com',
    path: '/',
    node: host1,
    outside: host2,
    route: routeView(),
    mesh: { httpPort: 80, sniPort: 8443, routes: [] },
    legs: [{ interfaceName: 'hrm0', address: '10.0.3.2/24', network: 'hrm' }],
    desired: {
      routeId: 'route1',
      hostname: 'foo.example.com',
      protocol: 'http',
      serviceName: 'web',
      backends,
      stickyCookie: null,
      redirect: null,
      isDefault: false,
    } as RouteFacts['desired'],
    tasks: [web1],
  };
}

const httpOutput = (status: string, body = 'Hostname: web.1.abc\n') =>
  `HTTP/1.1 ${status}\r\ncontent-type: text/plain\r\n\r\n${body}`;

function healthyRouteAnswers(status = '200 OK'): Map<string, DiagnosticAnswer> {
  return answersOf(
    connected('reach:proxy', host1.underlay),
    hostLinks(),
    connected('reach:backend:10.0.3.4', '10.0.3.4'),
    probeAnswer('reach:outside', probeResult(['curl'], 0, httpOutput(status))),
  );
}

describe('a routing mesh hostname', () => {
  it('sends the request with the Host header from another host to the proxy', () => {
    const plan = planRoute(routeFacts());
    expect(plan.queries.get(host2.id)?.[0]).toMatchObject({
      kind: 'probe-at',
      probe: { tool: 'http', host: host1.underlay, port: 80, path: '/', hostHeader: 'foo.example.com' },
    });
    const result = judgeTarget(plan, healthyRouteAnswers(), meta);
    expect(result.brokenAt).toBeNull();
    expect(result.steps.at(-1)?.message).toBe(
      'sydg-host2, outside sydg-host1: GET http://192.168.70.11:80/ with Host foo.example.com answers HTTP/1.1 200 OK, from web.1.abc in 3 ms',
    );
  });

  it("names a route whose backends are gone, and the proxy's 503", () => {
    const answers = healthyRouteAnswers('503 Service Unavailable');
    const result = judgeTarget(planRoute(routeFacts([])), answers, meta);
    expect(result.brokenAt).toBe('proxy-route');
    expect(result.steps.find((step) => step.id === 'proxy-route')?.message).toBe(
      "the route foo.example.com on sydg-host1's proxy has no backend: service web has no running, healthy task on the mesh network, so the proxy answers 503",
    );
    expect(result.steps.at(-1)?.status).toBe('broken');
  });

  it('names a proxy that does not listen', () => {
    const answers = healthyRouteAnswers();
    answers.set('reach:proxy', refused('reach:proxy', host1.underlay, 80));
    const result = judgeTarget(planRoute(routeFacts()), answers, meta);
    expect(result.brokenAt).toBe('reach:proxy');
    expect(result.steps.find((step) => step.id === 'reach:proxy')?.message).toBe(
      "sydg-host1's namespace: the routing mesh proxy (HAProxy) does not listen on sydg-host1:80: it is not running in the host's namespace: cannot connect to the proxy at 192.168.70.11:80: nc: connect to 192.168.70.11 port 80 (tcp) failed: Connection refused",
    );
  });

  it('names a hostname no route has', () => {
    const result = judgeTarget(
      planRoute({ ...routeFacts(), route: null, desired: undefined }),
      new Map(),
      meta,
    );
    expect(result.brokenAt).toBe('route');
  });

  it('matches a wildcard route, the longest first', () => {
    const routes = [routeView({ hostname: '*.example.com' }), routeView({ hostname: '*.shop.example.com' })];
    expect(matchRoute(routes, 'a.shop.example.com')?.hostname).toBe('*.shop.example.com');
    expect(matchRoute(routes, 'foo.example.com')?.hostname).toBe('*.example.com');
    expect(matchRoute(routes, 'example.org')).toBeNull();
  });

  it('reads the last status line curl printed', () => {
    expect(httpAnswer('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 302 Found\r\nlocation: /x\r\n')).toEqual({
      status: 302,
      line: 'HTTP/1.1 302 Found',
      answeredBy: null,
    });
    expect(httpAnswer('curl: (7) Failed to connect')).toBeNull();
  });
});
