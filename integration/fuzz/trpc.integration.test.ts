import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anyJson,
  badCidr,
  badEscapedSegment,
  badIpv4,
  badName,
  badNumber,
  badStringMap,
  deepNesting,
  deepSentinel,
  hugeString,
  notArray,
  notBoolean,
  notJson,
  notNumber,
  notObject,
  notString,
  oddString,
  spacedString,
  withDeepNesting,
  withJunk,
  unusableSubnet,
  contradictingIpam,
} from './support/bad-values.js';
import { fuzzInterface, messagesOf, startFuzzCluster, type FuzzCluster } from './support/harness.js';
import type { Answer } from './support/transport.js';

// Issue 14, item 6: generated bad input to every tRPC procedure that takes input, as a signed-in
// admin, through batch and non-batch URLs: a 4xx in tRPC's error shape naming the problem, the
// control plane up, and the store unchanged.

let fuzz: FuzzCluster;

beforeAll(async () => {
  fuzz = await startFuzzCluster('trpc', async ({ transport }) => {
    const service = await transport.trpcCall(
      ['services.create'],
      [{ name: 'fuzz-svc', image: 'switchyard/whoami', replicas: 0, networks: [{ network: 'hrm' }] }],
    );
    expect(service.status, service.text).toBe(200);
    const route = await transport.trpcCall(
      ['routes.create'],
      [{ hostname: 'fuzz.example.com', service: 'fuzz-svc', internalPort: 80 }],
    );
    expect(route.status, route.text).toBe(200);
  });
}, 60_000);

afterAll(async () => {
  console.log(`trpc: ${JSON.stringify(Object.fromEntries(fuzz.sent))} bad inputs sent`);
  await fuzz.close();
});

/** One procedure and an input that is bad for it. */
interface Call {
  procedure: string;
  input: unknown;
}

type Mutation = fc.Arbitrary<Record<string, unknown>>;
const field = (key: string, values: fc.Arbitrary<unknown>): Mutation =>
  values.map((value) => ({ [key]: value }));

/** `base` made bad by one of `changes`, with unknown fields besides. */
function call(procedure: string, base: Record<string, unknown>, ...changes: Mutation[]): fc.Arbitrary<Call> {
  return fc
    .oneof(...changes)
    .chain((changed) => withJunk({ ...base, ...changed }))
    .map((input) => ({ procedure, input }));
}

/** A key field (`{network: ...}`) that names nothing or is not a name at all. */
const badKey = fc.oneof(
  notString,
  fc.constantFrom('', '   '),
  badName.filter((name) => name.trim() !== ''),
);

const keyed = (procedure: string, key: string, extra: Record<string, unknown> = {}) =>
  call(procedure, extra, field(key, badKey));

const reservedPort = fc.constantFrom(
  { port: 4789, protocol: 'udp' },
  { port: 22, protocol: 'tcp' },
  { port: 7080, protocol: 'tcp' },
);

const serviceSpecChanges: Mutation[] = [
  field('name', fc.oneof(notString, badName)),
  field('image', fc.oneof(notString, fc.constantFrom('', '  '))),
  field(
    'replicas',
    fc.oneof(
      notNumber.filter((r) => r !== undefined),
      badNumber.map((n) => (Number.isInteger(n) && n > 0 ? n + 1_000 : n)),
    ),
  ),
  field('mode', fc.oneof(fc.constantFrom('job', 'Global', ''), notString)),
  field('endpointMode', fc.constantFrom('rr', 'VIP', 1)),
  field(
    'ports',
    fc.oneof(
      notArray,
      badNumber.map((targetPort) => [{ targetPort }]),
    ),
  ),
  field(
    'ports',
    reservedPort.map(({ port, protocol }) => [{ targetPort: 80, publishedPort: port, protocol }]),
  ),
  field(
    'ports',
    fc.constantFrom([{ targetPort: 80, protocol: 'sctp' }], [{ targetPort: 80, publishMode: 'dnsrr' }]),
  ),
  field(
    'constraints',
    fc.oneof(
      notArray,
      oddString.map((c) => [c]),
      fc.constant(['zone=east']),
    ),
  ),
  field(
    'networks',
    fc.oneof(
      notArray,
      fc.constant([{ network: '' }]),
      oddString.map((alias) => [{ network: 'hrm', aliases: [alias] }]),
    ),
  ),
  field(
    'healthCheck',
    fc.oneof(
      notObject.filter((h) => h !== null),
      fc.constant({ kind: 'exec' }),
      badNumber.map((intervalMs) => ({ kind: 'tcp', port: 80, intervalMs: -Math.abs(intervalMs) - 1 })),
    ),
  ),
  field('update', fc.oneof(notObject, fc.constant({ parallelism: 0 }), fc.constant({ delayMs: 2 ** 31 }))),
  field(
    'restartPolicy',
    fc.oneof(
      notObject,
      fc.constant({ name: 'sometimes' }),
      fc.constant({ name: 'on-failure', maximumRetryCount: -1 }),
    ),
  ),
  field('env', fc.oneof(notObject, badStringMap)),
  field('labels', fc.oneof(notObject, badStringMap, fc.constant({ a: deepSentinel }))),
  field('command', fc.oneof(notArray, fc.array(notString, { minLength: 1, maxLength: 2 }))),
];
const serviceBase = { name: 'fuzz-new', image: 'switchyard/whoami', replicas: 0 };

const routeChanges: Mutation[] = [
  field(
    'hostname',
    fc.oneof(notString, badName, fc.constantFrom('*.', 'a..b', '*.*.x', 'x:80', '-a.example.com')),
  ),
  field('internalPort', fc.oneof(notNumber, badNumber)),
  field(
    'protocol',
    fc.oneof(
      fc.constantFrom('https', 'tcp', 'HTTP'),
      notString.filter((p) => p !== undefined),
    ),
  ),
  field(
    'stickyCookie',
    fc.oneof(
      oddString.filter((c) => /[^A-Za-z0-9!#$%&'*+.^_`|~-]/.test(c.trim())),
      notString.filter((c) => c !== null),
    ),
  ),
  field(
    'redirect',
    fc.oneof(
      fc.constantFrom(
        'javascript:alert(1)',
        'ftp://x',
        '//x',
        'http://a b',
        'https://x/\r\nSet-Cookie: a=b',
        'http://\u00e9.example',
      ),
      notString.filter((r) => r !== null),
    ),
  ),
  field('isDefault', notBoolean),
  field(
    'service',
    fc.oneof(
      notString,
      fc.constant(''),
      fc.stringMatching(/^[a-z]{1,8}$/).map((name) => `zz-missing-${name}`),
    ),
  ),
];
const routeBase = { hostname: 'fuzz-new.example.com', service: 'fuzz-svc', internalPort: 80 };

const calls: fc.Arbitrary<Call> = fc.oneof(
  // networks
  call(
    'networks.create',
    { name: 'fuzz-t-net' },
    field('name', fc.oneof(notString, badName)),
    field(
      'driver',
      fc.oneof(
        notString.filter((d) => d !== undefined),
        fc.constantFrom('zz-nodriver', 'bridge/x'),
      ),
    ),
    field(
      'ipam',
      fc.oneof(
        notArray,
        badCidr.map((subnet) => [{ subnet }]),
      ),
    ),
    field(
      'ipam',
      badIpv4.map((gateway) => [{ subnet: '10.98.0.0/24', gateway }]),
    ),
    field(
      'ipam',
      badCidr.map((ipRange) => [{ subnet: '10.98.0.0/24', ipRange }]),
    ),
    field(
      'ipam',
      unusableSubnet.map((subnet) => [{ subnet }]),
    ),
    field(
      'ipam',
      contradictingIpam.map(({ gateway, ipRange, aux }) => [
        {
          subnet: '10.99.0.0/24',
          ...(gateway === undefined ? {} : { gateway }),
          ...(ipRange === undefined ? {} : { ipRange }),
          ...(aux === undefined ? {} : { auxAddresses: { a: aux } }),
        },
      ]),
    ),
    field(
      'internal',
      notBoolean.filter((b) => b !== undefined),
    ),
    field('scope', fc.constantFrom('global', 'LOCAL', 1)),
    field('configFrom', badName),
    field('options', fc.oneof(notObject, badStringMap)),
    field(
      'options',
      fc
        .oneof(
          oddString,
          hugeString.map((s) => s.slice(0, 300)),
        )
        .map((name) => ({ 'com.docker.network.bridge.name': name })),
    ),
    field(
      'labels',
      fc.oneof(
        notObject,
        badStringMap,
        oddString.map((node) => ({ 'com.switchyard.node': node })),
      ),
    ),
  ),
  keyed('networks.get', 'network'),
  keyed('networks.inspect', 'network'),
  keyed('networks.remove', 'network'),
  call(
    'networks.connect',
    { network: 'bridge', container: 'fuzz-none' },
    field('network', badKey),
    field('container', badKey),
    field(
      'aliases',
      fc.oneof(
        notArray,
        oddString.map((alias) => [alias]),
        fc.constant(Array.from({ length: 65 }, (_, i) => `a${i}`)),
      ),
    ),
    field('ipv4Address', badIpv4),
    field(
      'container',
      fc.stringMatching(/^[a-z]{1,8}$/).map((name) => `zz-missing-${name}`),
    ),
  ),
  call(
    'networks.disconnect',
    { network: 'bridge', container: 'fuzz-none' },
    field('container', badKey),
    field('network', badKey),
    field(
      'force',
      notBoolean.filter((f) => f !== undefined),
    ),
  ),
  // containers
  call(
    'containers.create',
    { image: 'switchyard/toolbox' },
    field('name', fc.oneof(notString, badName)),
    field('image', fc.oneof(notString, fc.constantFrom('', 'nginx'))),
    field('hostname', fc.oneof(notString, badName)),
    field(
      'ports',
      fc.oneof(
        notArray,
        badNumber.map((hostPort) => [{ hostIp: null, hostPort, containerPort: 80, protocol: 'tcp' }]),
      ),
    ),
    field(
      'ports',
      reservedPort.map(({ port, protocol }) => [
        { hostIp: null, hostPort: port, containerPort: port, protocol },
      ]),
    ),
    field(
      'ports',
      badIpv4.map((hostIp) => [{ hostIp, hostPort: 8080, containerPort: 80, protocol: 'tcp' }]),
    ),
    field(
      'expose',
      badNumber.map((port) => [{ port, protocol: 'tcp' }]),
    ),
    field(
      'dns',
      fc.oneof(
        notArray,
        badIpv4.map((ip) => [ip]),
      ),
    ),
    field(
      'dnsSearch',
      fc.oneof(
        spacedString.map((d) => [d]),
        fc.constant(Array.from({ length: 7 }, (_, i) => `d${i}.example`)),
      ),
    ),
    field(
      'restartPolicy',
      fc.constantFrom({ name: 'sometimes' }, { name: 'always', maximumRetryCount: -1 }, 'always'),
    ),
    field(
      'labels',
      fc.oneof(
        notObject,
        badStringMap,
        oddString.map((node) => ({ 'com.switchyard.node': node })),
      ),
    ),
    field('env', fc.oneof(notObject, badStringMap)),
    field(
      'networks',
      fc.oneof(
        notArray,
        fc.constant([{ network: '' }]),
        badIpv4.map((ipv4Address) => [{ network: 'bridge', ipv4Address }]),
      ),
    ),
    field(
      'publishAll',
      notBoolean.filter((b) => b !== undefined),
    ),
  ),
  keyed('containers.get', 'container'),
  keyed('containers.start', 'container'),
  keyed('containers.remove', 'container'),
  call(
    'containers.stop',
    { container: 'fuzz-none' },
    field('container', badKey),
    field(
      'timeoutSeconds',
      fc.oneof(
        notNumber.filter((t) => t !== undefined),
        badNumber,
        fc.constant(601),
      ),
    ),
  ),
  call(
    'containers.logs',
    { container: 'fuzz-none' },
    field('container', badKey),
    field(
      'tail',
      fc.oneof(
        fc.constantFrom(0, -1, 1.5, 'all'),
        notNumber.filter((t) => t !== null && t !== undefined),
      ),
    ),
  ),
  call(
    'containers.list',
    {},
    field(
      'all',
      notBoolean.filter((b) => b !== undefined),
    ),
  ),
  // services
  call('services.create', serviceBase, ...serviceSpecChanges),
  fc
    .tuple(
      fc.oneof(...serviceSpecChanges),
      fc.option(fc.oneof(notNumber, fc.constant(1.5)), { nil: undefined }),
    )
    .chain(([change, version]) =>
      withJunk({
        service: 'fuzz-svc',
        spec: { ...serviceBase, name: 'fuzz-svc', ...change },
        ...(version === undefined ? {} : { version }),
      }),
    )
    .map((input) => ({ procedure: 'services.update', input })),
  call('services.update', { service: 'fuzz-svc' }, field('spec', notObject), field('service', badKey)),
  call(
    'services.scale',
    { service: 'fuzz-svc', replicas: 0 },
    field(
      'replicas',
      fc.oneof(
        notNumber,
        badNumber.map((n) => (Number.isInteger(n) && n > 0 ? n + 1_000 : n)),
      ),
    ),
    field('service', badKey),
  ),
  keyed('services.get', 'service'),
  keyed('services.remove', 'service'),
  call(
    'services.logs',
    { service: 'fuzz-svc' },
    field('service', badKey),
    field('tail', fc.constantFrom(0, -5, 2.5, 'x', {})),
  ),
  // routes
  call('routes.create', routeBase, ...routeChanges),
  fc
    .oneof(...routeChanges)
    .chain((change) =>
      withJunk({
        route: 'fuzz.example.com',
        spec: { ...routeBase, hostname: 'fuzz.example.com', ...change },
      }),
    )
    .map((input) => ({ procedure: 'routes.update', input })),
  keyed('routes.get', 'route'),
  keyed('routes.remove', 'route'),
  // nodes, users, tokens, events, inventory, diagnostics, auth
  call(
    'nodes.update',
    { node: 'fuzz-a' },
    field('node', badKey),
    field(
      'labels',
      fc.oneof(
        notObject.filter((l) => l !== undefined),
        badStringMap,
      ),
    ),
    field(
      'availability',
      fc.oneof(
        fc.constantFrom('Active', 'down', ''),
        notString.filter((a) => a !== undefined),
      ),
    ),
    field(
      'version',
      fc.oneof(
        fc.constantFrom(1.5, '1', -0.5),
        notNumber.filter((n) => n !== undefined),
      ),
    ),
  ),
  keyed('nodes.inspect', 'node'),
  call(
    'nodes.remove',
    {},
    field(
      'id',
      fc.oneof(
        notString,
        fc.constant(''),
        fc.stringMatching(/^[a-z0-9]{1,12}$/).map((id) => `zz-missing-${id}`),
      ),
    ),
  ),
  call(
    'users.create',
    { username: 'fuzz-user', password: 'long-enough-password', role: 'viewer' },
    field('username', fc.oneof(notString, badName, fc.constantFrom('A', 'a', 'Admin', 'admin'))),
    field('password', fc.oneof(notString, fc.string({ maxLength: 7 }), fc.constant('p'.repeat(257)))),
    field('role', fc.oneof(notString, fc.constantFrom('root', 'Admin', ''))),
  ),
  call(
    'users.remove',
    {},
    field(
      'id',
      fc.oneof(
        notString,
        fc.constant(''),
        fc.stringMatching(/^[a-z0-9]{1,12}$/).map((id) => `zz-missing-${id}`),
      ),
    ),
  ),
  call(
    'users.setRole',
    { id: 'zz-missing-user', role: 'viewer' },
    field('id', fc.oneof(notString, fc.constant(''))),
    field('role', fc.oneof(notString, fc.constantFrom('root', 'Admin', ''))),
  ),
  call(
    'users.resetPassword',
    { id: 'zz-missing-user', password: 'long-enough-password' },
    field('id', fc.oneof(notString, fc.constant(''))),
    field('password', fc.oneof(notString, fc.string({ maxLength: 11 }), fc.constant('p'.repeat(257)))),
  ),
  // Never a valid pair: a change that succeeded would rightly change the store.
  call(
    'auth.changePassword',
    { currentPassword: 'not-the-password', newPassword: 'short' },
    field('currentPassword', fc.oneof(notString, fc.constant(''), fc.constant('p'.repeat(257)))),
    field('newPassword', fc.oneof(notString, fc.string({ maxLength: 11 }), fc.constant('p'.repeat(257)))),
  ),
  call(
    'tokens.create',
    { purpose: 'fuzz' },
    field('purpose', fc.oneof(notString, fc.constantFrom('', '   '), fc.constant('p'.repeat(121)))),
    field(
      'expiresInHours',
      fc.oneof(
        notNumber.filter((n) => n !== undefined),
        fc.constantFrom(0, -1, 1.5, 24 * 365 + 1),
      ),
    ),
  ),
  call(
    'tokens.revoke',
    {},
    field(
      'id',
      fc.oneof(
        notString,
        fc.constant(''),
        fc.stringMatching(/^[a-z0-9]{1,12}$/).map((id) => `zz-missing-${id}`),
      ),
    ),
  ),
  call(
    'events.list',
    {},
    field(
      'limit',
      fc.oneof(
        fc.constantFrom(0, 1001, 1.5, -1),
        notNumber.filter((n) => n !== undefined),
      ),
    ),
    field(
      'since',
      fc.oneof(
        fc.constantFrom('yesterday', '2026-13-01T00:00:00Z', ''),
        notString.filter((s) => s !== undefined),
      ),
    ),
    field(
      'kinds',
      fc.oneof(
        notArray.filter((k) => k !== undefined),
        fc.constant(['no.such.kind']),
      ),
    ),
    field('severities', fc.constantFrom(['fatal'], ['info', 'info', 'info', 'info'])),
    field(
      'groups',
      fc.oneof(
        notArray.filter((g) => g !== undefined),
        fc.constant(['nope']),
      ),
    ),
    field('actor', fc.constantFrom('', ' ', 'a'.repeat(257))),
    field('before', fc.constantFrom({ at: 'x', id: 'y' }, { at: '2026-01-01T00:00:00Z', id: '' }, 'x')),
    field('until', fc.constant('2000-01-01T00:00:00Z')).map((u) => ({ ...u, since: '2026-01-01T00:00:00Z' })),
  ),
  call(
    'events.export',
    {},
    field('limit', fc.constantFrom(0, 1001, 1.5)),
    field('search', fc.constantFrom('', 'a'.repeat(257))),
  ),
  call(
    'events.actors',
    {},
    field(
      'audit',
      notBoolean.filter((b) => b !== undefined),
    ),
  ),
  keyed('inventory.container', 'container'),
  keyed('inventory.service', 'service'),
  call(
    'diagnostics.probe',
    { sandbox: 'fuzz-none', probe: { tool: 'ping', host: 'web' } },
    field('sandbox', badKey),
    field(
      'probe',
      fc.oneof(
        notObject,
        fc.constant({ tool: 'nmap' }),
        oddString.map((host) => ({ tool: 'ping', host })),
        fc.constant({ tool: 'ping', host: 'web', count: 6 }),
        fc.constant({ tool: 'http', host: 'web', path: 'no-slash' }),
        fc.constant({ tool: 'capture', seconds: 11 }),
      ),
    ),
  ),
  call(
    'diagnostics.pathCheck',
    { from: 'fuzz-none', to: 'web' },
    field('from', badKey),
    field('to', fc.oneof(notString, oddString, fc.constantFrom('web:0', 'web:70000', ''))),
  ),
  call(
    'diagnostics.targetCheck',
    { kind: 'published', node: 'fuzz-none', port: 8080 },
    field('kind', fc.oneof(notString, fc.constant('ftp'))),
    field('node', badKey),
    field('port', fc.constantFrom(0, 70_000, '80', -1)),
    field('protocol', fc.constantFrom('sctp', 1)),
  ),
  call(
    'diagnostics.targetCheck',
    { kind: 'route', hostname: 'fuzz.example.com', node: 'fuzz-none' },
    field('hostname', fc.oneof(notString, oddString, fc.constantFrom('', 'a..b', '*', 'x*.example.com'))),
    field('path', fc.oneof(notString, fc.constantFrom('no-slash', '/a b'))),
  ),
  call(
    'diagnostics.hostView',
    { node: 'fuzz-a', subject: { kind: 'network', name: 'bridge' } },
    field('node', badKey),
    field(
      'subject',
      fc.oneof(
        notObject,
        fc.constant({ kind: 'host', name: 'x' }),
        fc.constant({ kind: 'network', name: '' }),
      ),
    ),
  ),
  call(
    'auth.login',
    { username: 'admin', password: 'x' },
    field('username', fc.oneof(notString, fc.constant(''), fc.constant('u'.repeat(65)))),
    field('password', fc.oneof(notString, fc.constant(''), fc.constant('p'.repeat(257)))),
  ),
);

/** Procedures that take an input; a wrong shape for any of them is refused whole. */
const withInput = [
  'networks.create',
  'networks.get',
  'networks.connect',
  'containers.create',
  'containers.stop',
  'services.create',
  'services.update',
  'services.scale',
  'routes.create',
  'routes.update',
  'nodes.update',
  'users.create',
  'users.setRole',
  'users.resetPassword',
  'auth.changePassword',
  'tokens.create',
  'tokens.revoke',
  'events.list',
  'diagnostics.probe',
  'auth.login',
];
const wrongShapes: fc.Arbitrary<Call> = fc
  .tuple(
    fc.constantFrom(...withInput),
    fc.oneof(
      anyJson.filter((value) => value === null || typeof value !== 'object' || Array.isArray(value)),
      fc.constant(deepSentinel),
    ),
  )
  // A deep object is only unknown keys, which events.list (all of whose fields are optional) drops.
  .filter(([procedure, input]) => !(procedure === 'events.list' && input === deepSentinel))
  .map(([procedure, input]) => ({ procedure, input }));

const isQuery = (procedure: string) =>
  /\.(get|inspect|list|logs|export|actors|container|service|hostView)$/.test(procedure) ||
  procedure === 'inventory.container';

/** The tRPC error(s) of an answer: each a 4xx with its message, as the dashboard shows them. */
function expectTrpcRefusal(answer: Answer, count: number, what: string): void {
  const context = `${answer.status} ${answer.text.slice(0, 300)} <- ${what.slice(0, 1_000)}`;
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    throw new Error(`not JSON: ${context}`);
  }
  const items = (Array.isArray(body) ? body : [body]) as {
    error?: { message?: unknown; data?: { httpStatus?: unknown; code?: unknown } };
  }[];
  // A batch refused whole (procedures of both types, say) is one error rather than one per call.
  if (Array.isArray(body)) expect(items.length, context).toBe(count);
  const statuses = new Set<number>();
  for (const item of items) {
    expect(typeof item.error?.message, context).toBe('string');
    expect(String(item.error?.message).trim(), context).not.toBe('');
    const status = Number(item.error?.data?.httpStatus);
    expect(status, context).toBeGreaterThanOrEqual(400);
    expect(status, context).toBeLessThan(500);
    expect(typeof item.error?.data?.code, context).toBe('string');
    statuses.add(status);
  }
  // A batch whose refusals differ is a 207 (multi-status), as tRPC answers it; otherwise their status.
  if (statuses.size > 1) expect(answer.status, context).toBe(207);
  else expect(answer.status, context).toBe([...statuses][0]);
  expect(messagesOf(answer).length, context).toBe(items.length);
}

interface Request {
  calls: Call[];
  batch: boolean;
  method: 'GET' | 'POST';
  deep: string;
}

const requests: fc.Arbitrary<Request> = fc
  .record({
    calls: fc.array(fc.oneof({ weight: 5, arbitrary: calls }, { weight: 1, arbitrary: wrongShapes }), {
      minLength: 1,
      maxLength: 3,
    }),
    batch: fc.boolean(),
    wrongMethod: fc.boolean(),
    deep: deepNesting,
  })
  .map(({ calls: list, batch, wrongMethod, deep }) => {
    const chosen = batch ? list : list.slice(0, 1);
    // Queries go by GET and mutations by POST; the other verb is refused (405) whatever the input.
    const allQueries = chosen.every((c) => isQuery(c.procedure));
    const allMutations = chosen.every((c) => !isQuery(c.procedure));
    const method: 'GET' | 'POST' =
      allQueries !== wrongMethod || (!allQueries && !allMutations)
        ? allQueries
          ? 'GET'
          : 'POST'
        : allQueries
          ? 'POST'
          : 'GET';
    return { calls: chosen, batch, method, deep };
  });

describe('tRPC refuses generated bad input from a signed-in admin', () => {
  it('every procedure, batch and not, GET and POST: a 4xx in the tRPC error shape, the store unchanged', async () => {
    await fuzzInterface(fuzz, 'trpc', requests, { runs: 15, batch: 60 }, async (request) => {
      const inputs = request.calls.map((c) => c.input);
      const payload = request.batch
        ? Object.fromEntries(inputs.map((input, i) => [String(i), input]))
        : inputs[0];
      const answer = await fuzz.transport.trpcCall(
        request.calls.map((c) => c.procedure),
        inputs,
        { method: request.method, batch: request.batch, rawBody: withDeepNesting(payload, request.deep) },
      );
      expectTrpcRefusal(
        answer,
        request.batch ? request.calls.length : 1,
        `${request.method} ${JSON.stringify(request.calls)}`,
      );
    });
  });

  it('malformed requests: not JSON (body or query), wrong content type, unknown procedures', async () => {
    const malformed = fc.oneof(
      fc
        .tuple(fc.constantFrom('networks.create', 'services.create', 'routes.create'), notJson, fc.boolean())
        .map(([procedure, body, batch]) => ({
          procedures: [procedure],
          body,
          batch,
          contentType: 'application/json',
          method: 'POST' as const,
        })),
      fc
        .tuple(fc.constantFrom('networks.get', 'events.list', 'containers.list'), notJson, fc.boolean())
        .map(([procedure, body, batch]) => ({
          procedures: [procedure],
          body,
          batch,
          contentType: 'application/json',
          method: 'GET' as const,
        })),
      fc
        .tuple(
          fc.constantFrom('networks.create', 'users.create'),
          fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data',
            'application/jsonx',
          ),
        )
        .map(([procedure, contentType]) => ({
          procedures: [procedure],
          body: '{"name":"fuzz-typed"}',
          batch: false,
          contentType,
          method: 'POST' as const,
        })),
      fc.tuple(fc.stringMatching(/^[a-z]{1,8}\.[a-z]{1,8}$/), fc.boolean()).map(([procedure, batch]) => ({
        procedures: [`zz${procedure}`],
        body: '{}',
        batch,
        contentType: 'application/json',
        method: 'POST' as const,
      })),
    );
    await fuzzInterface(fuzz, 'trpc', malformed, { runs: 5, batch: 40 }, async (request) => {
      const answer = await fuzz.transport.trpcCall(request.procedures, [], {
        method: request.method,
        batch: request.batch,
        rawBody: request.batch ? `{"0":${request.body}}` : request.body,
        headers: { 'content-type': request.contentType },
      });
      const what = `${request.procedures.join(',')} ${request.contentType} ${request.body.slice(0, 200)}`;
      expect(answer.status, `${answer.status} ${answer.text} <- ${what}`).toBeGreaterThanOrEqual(400);
      expect(answer.status, `${answer.status} ${answer.text} <- ${what}`).toBeLessThan(500);
      expect(
        messagesOf(answer).every((m) => m.trim() !== '') && messagesOf(answer).length > 0,
        `${answer.text} <- ${what}`,
      ).toBe(true);
    });
  });

  it('procedure paths with malformed %-escapes', async () => {
    const paths = fc
      .tuple(
        fc.constantFrom('networks.list', 'networks.create', 'services.get', 'nodes.update'),
        badEscapedSegment,
        fc.boolean(),
      )
      .map(([procedure, escape, batch]) => `/trpc/${procedure}${escape}${batch ? '?batch=1' : ''}`);
    await fuzzInterface(fuzz, 'trpc', paths, { runs: 2, batch: 50 }, async (path) => {
      for (const method of ['GET', 'POST']) {
        const answer = await fuzz.transport.controlPlaneRequest({
          method,
          path,
          ...(method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}),
        });
        const what = `${answer.status} ${answer.text.slice(0, 300)} <- ${method} ${path}`;
        expect(answer.status, what).toBeGreaterThanOrEqual(400);
        expect(answer.status, what).toBeLessThan(500);
        expect(messagesOf(answer).length, what).toBeGreaterThan(0);
      }
    });
  });

  it('sent at least 1,000 bad inputs', () => {
    expect(fuzz.sent.get('trpc')).toBeGreaterThanOrEqual(1_000);
  });
});
