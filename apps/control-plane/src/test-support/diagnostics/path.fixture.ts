import type { DesiredSandbox, DiagnosticAnswer, Fact, ProbeResult } from '@switchyard/contracts';
import type { NetworkRef, NodeRef, PathFacts, SandboxRef, ServiceRef } from '../../diagnostics/path-facts.js';

/**
 * A small cluster for path-check tests: an overlay `appnet` (VNI 257) on two hosts, a service `web`
 * with a task on each and its VIP 10.0.2.2, and a toolbox `tool` on host1; plus every answer the
 * agents give when all is well, to be spoilt one at a time.
 */
export const host1: NodeRef = {
  id: 'node-1',
  name: 'sydg-host1',
  underlay: '192.168.70.11',
  connected: true,
};
export const host2: NodeRef = {
  id: 'node-2',
  name: 'sydg-host2',
  underlay: '192.168.70.12',
  connected: true,
};

export const appnet: NetworkRef = {
  id: 'net-app',
  name: 'appnet',
  driver: 'overlay',
  vni: 257,
  predefined: false,
  ingress: false,
};
export const front: NetworkRef = {
  id: 'net-front',
  name: 'front',
  driver: 'bridge',
  vni: null,
  predefined: false,
  ingress: false,
};
export const bridge: NetworkRef = {
  id: 'net-bridge',
  name: 'bridge',
  driver: 'bridge',
  vni: null,
  predefined: true,
  ingress: false,
};

const mac = (address: string) =>
  `02:42:${address
    .split('.')
    .map((part) => Number(part).toString(16).padStart(2, '0'))
    .join(':')}`;

export function sandboxRef(
  name: string,
  node: NodeRef,
  address: string,
  kind: SandboxRef['kind'] = 'task',
): SandboxRef {
  return {
    id: `id-${name}`,
    name,
    kind,
    node,
    status: 'running',
    exitCode: null,
    health: null,
    endpoints: [{ networkId: appnet.id, address, mac: mac(address) }],
  };
}

export const tool = sandboxRef('tool', host1, '10.0.2.5', 'container');
export const web1 = sandboxRef('web.1', host1, '10.0.2.3');
export const web2 = sandboxRef('web.2', host2, '10.0.2.4');
export const serviceId = 'cmx1cejw9000anm7df6v5efm8';

export function webService(tasks: SandboxRef[] = [web1, web2]): ServiceRef {
  return {
    id: serviceId,
    name: 'web',
    endpointMode: 'vip',
    ports: [{ protocol: 'tcp', port: 80 }],
    vips: [{ networkId: appnet.id, address: '10.0.2.2' }],
    networkIds: [appnet.id],
    tasks,
  };
}

export function toolSandbox(backends = ['10.0.2.3', '10.0.2.4']): DesiredSandbox {
  return {
    id: tool.id,
    name: tool.name,
    hostname: 'tool',
    netns: 'sydg-host1-sb-tool',
    workload: { image: 'switchyard/toolbox', command: [], env: {} },
    running: true,
    startGeneration: 1,
    restartPolicy: { name: 'no', maximumRetryCount: 0 },
    endpoints: [],
    ports: [],
    dns: {
      embedded: true,
      servers: [],
      search: [],
      records: [
        { name: 'web', address: '10.0.2.2' },
        ...backends.map((address) => ({ name: 'tasks.web', address })),
      ],
      srv: [],
    },
    virtualServices: [{ serviceId, vip: '10.0.2.2', ports: [{ protocol: 'tcp', port: 80 }], backends }],
    healthCheck: null,
  } as unknown as DesiredSandbox;
}

export function facts(overrides: Partial<PathFacts> = {}): PathFacts {
  return {
    source: tool,
    target: { kind: 'service', service: webService() },
    targetName: 'web',
    port: null,
    networks: new Map([appnet, front, bridge].map((network) => [network.id, network])),
    sourceDocument: { sandboxes: [toolSandbox()], networks: [] },
    ...overrides,
  };
}

export function probeResult(argv: string[], exitCode: number, output: string): ProbeResult {
  return { argv, exitCode, durationMs: 3, output, truncated: false };
}

export const digOutput = (...addresses: string[]) =>
  [
    ';; Got answer:',
    `;; ->>HEADER<<- opcode: QUERY, status: ${addresses.length > 0 ? 'NOERROR' : 'NXDOMAIN'}, id: 57360`,
    '',
    ';; ANSWER SECTION:',
    ...addresses.map((address) => `web.\t\t\t600\tIN\tA\t${address}`),
    '',
  ].join('\n');

export function lbListing(
  backends = ['10.0.2.3', '10.0.2.4'],
  elements = ['10.0.2.2 . tcp . 80 : goto svc-cmx1cejw9000'],
): string {
  const map = backends.map((backend, i) => `${i} : ${backend}`).join(', ');
  return [
    'table ip switchyard_lb {',
    '\tmap services {',
    '\t\ttype ipv4_addr . inet_proto . inet_service : verdict',
    ...(elements.length === 0 ? [] : [`\t\telements = { ${elements.join(',\n\t\t\t     ')} }`]),
    '\t}',
    '',
    '\tset no-backends {',
    '\t\ttype ipv4_addr . inet_proto . inet_service',
    '\t}',
    '',
    '\tchain output {',
    '\t\ttype nat hook output priority -100; policy accept;',
    '\t\tip daddr . meta l4proto . th dport vmap @services',
    '\t}',
    '',
    '\tchain svc-cmx1cejw9000 {',
    ...(backends.length === 0 ? [] : [`\t\tdnat to numgen random mod ${backends.length} map { ${map} }`]),
    '\t}',
    '}',
    '',
  ].join('\n');
}

/** The sandbox's VIP table as an agent reads it: the listing, or none when the table is gone. */
export const lbFact = (text = lbListing(), present = true): Fact => ({
  fact: 'nft',
  nft: { table: { family: 'ip', name: 'switchyard_lb' }, present, text },
});

const ok = (
  id: string,
  netns: string | null,
  body: { probe?: ProbeResult; fact?: Fact },
): DiagnosticAnswer => ({
  id,
  ok: true,
  netns,
  ...body,
});

export const fdbEntry = (address: string, underlay: string) => ({
  mac: mac(address),
  device: 'vx-257',
  destination: underlay,
  master: null,
  state: 'permanent',
  self: true,
});
export const neighbourEntry = (address: string) => ({
  address,
  device: 'vx-257',
  mac: mac(address),
  state: 'permanent',
});

/** What the agents answer when every hop is right. */
export function healthyAnswers(): Map<string, DiagnosticAnswer> {
  const connect = (id: string, host: string) =>
    ok(id, 'sydg-host1-sb-tool', {
      probe: probeResult(
        ['ip', 'netns', 'exec', 'sydg-host1-sb-tool', 'nc', '-vz', '-w', '3', host, '80'],
        0,
        `Connection to ${host} 80 port [tcp/http] succeeded!`,
      ),
    });
  const answers = [
    ok('dns', 'sydg-host1-sb-tool', { probe: probeResult(['dig'], 0, digOutput('10.0.2.2')) }),
    ok('lb', 'sydg-host1-sb-tool', { fact: lbFact() }),
    ok(`fdb@${host1.id}`, 'sydg-host1-ov-257', {
      fact: { fact: 'fdb', fdb: [fdbEntry('10.0.2.4', host2.underlay)] },
    }),
    ok(`neighbours@${host1.id}`, 'sydg-host1-ov-257', {
      fact: { fact: 'neighbours', neighbours: [neighbourEntry('10.0.2.4')] },
    }),
    ok(`fdb@${host2.id}`, 'sydg-host2-ov-257', {
      fact: { fact: 'fdb', fdb: [fdbEntry('10.0.2.5', host1.underlay)] },
    }),
    ok(`neighbours@${host2.id}`, 'sydg-host2-ov-257', {
      fact: { fact: 'neighbours', neighbours: [neighbourEntry('10.0.2.5')] },
    }),
    connect('connect:vip', '10.0.2.2'),
    connect('connect:web.1', '10.0.2.3'),
    connect('connect:web.2', '10.0.2.4'),
  ];
  return new Map(answers.map((answer) => [answer.id, answer]));
}
