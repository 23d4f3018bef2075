import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anyJson,
  badCidr,
  badEscapedSegment,
  badIpv4,
  badName,
  badNumber,
  badPortText,
  badStringMap,
  deepNesting,
  hugeString,
  notArray,
  notBoolean,
  notJson,
  notObject,
  notString,
  oddString,
  spacedString,
  percentEncode,
  withJunk,
  unusableSubnet,
  contradictingIpam,
  deepSentinel,
  withDeepNesting,
} from './support/bad-values.js';
import { expectRefusal, fuzzInterface, startFuzzCluster, type FuzzCluster } from './support/harness.js';

// Issue 14, item 6: generated bad requests to every Engine API route that takes input. Each one
// must be refused with a 4xx and Docker's {"message"} naming the problem, the control plane must
// stay up, and the store must not change.

interface EngineCase {
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

const v = '/v1.47';
let fuzz: FuzzCluster;
let nodeVersion = 0;
let serviceVersion = 0;

beforeAll(async () => {
  fuzz = await startFuzzCluster('engine', async ({ transport }) => {
    const created = await transport.engineRequest(
      'POST',
      `${v}/services/create`,
      JSON.stringify({
        Name: 'fuzz-svc',
        TaskTemplate: { ContainerSpec: { Image: 'switchyard/whoami' } },
        Mode: { Replicated: { Replicas: 0 } },
      }),
      { 'content-type': 'application/json' },
    );
    expect(created.status, created.text).toBe(201);
  });
  const versionOf = async (path: string) =>
    (JSON.parse((await fuzz.transport.engineRequest('GET', path)).text) as { Version: { Index: number } })
      .Version.Index;
  serviceVersion = await versionOf(`${v}/services/fuzz-svc`);
  nodeVersion = await versionOf(`${v}/nodes/fuzz-a`);
}, 60_000);

afterAll(async () => {
  console.log(`engine api: ${JSON.stringify(Object.fromEntries(fuzz.sent))} bad inputs sent`);
  await fuzz.close();
});

const json = { 'content-type': 'application/json' };

/** A JSON body: the object, made bad by `change`, with unknown fields besides. */
function post(path: string, base: Record<string, unknown>, change: fc.Arbitrary<Record<string, unknown>>) {
  return fc
    .tuple(
      change.chain((changed) => withJunk({ ...base, ...changed })),
      deepNesting,
    )
    .map(([body, deep]): EngineCase => ({
      method: 'POST',
      path,
      body: withDeepNesting(body, deep),
      headers: json,
    }));
}

/** `{ key: value }` for each bad value of a field. */
const field = (key: string, values: fc.Arbitrary<unknown>) => values.map((value) => ({ [key]: value }));

const resourceRoutes: [string, (id: string) => string][] = [
  ['GET', (id) => `/networks/${id}`],
  ['DELETE', (id) => `/networks/${id}`],
  ['POST', (id) => `/networks/${id}/connect`],
  ['POST', (id) => `/networks/${id}/disconnect`],
  ['GET', (id) => `/containers/${id}/json`],
  ['POST', (id) => `/containers/${id}/start`],
  ['POST', (id) => `/containers/${id}/stop`],
  ['POST', (id) => `/containers/${id}/restart`],
  ['DELETE', (id) => `/containers/${id}`],
  ['GET', (id) => `/containers/${id}/logs?stdout=1`],
  ['GET', (id) => `/services/${id}`],
  ['POST', (id) => `/services/${id}/update?version=1`],
  ['DELETE', (id) => `/services/${id}`],
  ['GET', (id) => `/nodes/${id}`],
  ['POST', (id) => `/nodes/${id}/update?version=1`],
  ['GET', (id) => `/tasks/${id}`],
];

const badPathEscapes = fc
  .tuple(fc.constantFrom(...resourceRoutes), badEscapedSegment, fc.boolean())
  .map(([[method, path], id, versioned]): EngineCase => ({
    method,
    path: `${versioned ? v : ''}${path(id)}`,
  }));

/** Filters that are not JSON, not Docker's shape, or name a key the route does not know. */
const badFiltersText = fc.oneof(
  notJson,
  fc.constantFrom('null', '1', '"name"', '[]', '[["a"]]', 'true'),
  anyJson
    .filter((value) => typeof value !== 'boolean' && !Array.isArray(value) && value !== null)
    .map((value) => JSON.stringify({ name: { x: value } })),
  fc.string({ maxLength: 10 }).map((key) => JSON.stringify({ [`zz${key}`]: ['x'] })),
  fc.constantFrom('maybe', 'yes', '2', '', 'TRUE ').map((value) => JSON.stringify({ dangling: [value] })),
);
const listRoutes: [string, string][] = [
  ['GET', '/networks'],
  ['POST', '/networks/prune'],
  ['GET', '/containers/json'],
  ['GET', '/services'],
  ['GET', '/tasks'],
  ['GET', '/nodes'],
];
const badFilters = fc
  .tuple(fc.constantFrom(...listRoutes), badFiltersText)
  .filter(([[, path], text]) => !(path !== '/networks' && text.includes('dangling') && false))
  .map(([[method, path], text]): EngineCase => ({
    method,
    path: `${v}${path}?filters=${percentEncode(text)}`,
  }));

const badQueries: fc.Arbitrary<EngineCase> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('stop', 'restart'),
      fc.oneof(badPortText, oddString, fc.constantFrom('-2', '1.5', '86401')),
    )
    .filter(([, t]) => !/^\d{1,5}$/.test(t) || Number(t) > 86_400)
    .map(([action, t]) => ({
      method: 'POST',
      path: `${v}/containers/fuzz-none/${action}?t=${percentEncode(t)}`,
    })),
  fc.oneof(oddString, fc.constantFrom('-1', '1.0', 'latest', '')).map((version) => ({
    method: 'POST',
    path: `${v}/services/fuzz-svc/update?version=${percentEncode(version)}`,
    body: '{}',
    headers: json,
  })),
  fc.oneof(oddString, fc.constantFrom('-1', '1.0', 'latest', '')).map((version) => ({
    method: 'POST',
    path: `${v}/nodes/fuzz-a/update?version=${percentEncode(version)}`,
    body: '{}',
    headers: json,
  })),
  // An empty name is no name, as in Docker.
  fc
    .oneof(
      badName.filter((name) => name.trim() !== ''),
      fc.constantFrom('/', '//x', '/-x'),
    )
    .map((name) => ({
      method: 'POST',
      path: `${v}/containers/create?name=${percentEncode(name)}`,
      body: JSON.stringify({ Image: 'switchyard/toolbox' }),
      headers: json,
    })),
  fc
    .oneof(oddString, fc.constantFrom('exited', 'NOT-RUNNING', ''))
    .filter((c) => c !== '')
    .map((condition) => ({
      method: 'POST',
      path: `${v}/containers/fuzz-none/wait?condition=${percentEncode(condition)}`,
    })),
  fc
    .constantFrom('logs', 'logs?stdout=0&stderr=false')
    .map((path) => ({ method: 'GET', path: `${v}/containers/fuzz-none/${path}` })),
  fc.constantFrom('rollback=previous').map((query) => ({
    method: 'POST',
    path: `${v}/services/fuzz-svc/update?version=1&${query}`,
    body: '{}',
    headers: json,
  })),
);

const networkCreate = post(
  `${v}/networks/create`,
  { Name: 'fuzz-net', Driver: 'bridge' },
  fc.oneof(
    field('Name', fc.oneof(badName, notString)),
    field(
      'Driver',
      fc.oneof(
        notString.filter((d) => d !== null),
        fc.constantFrom('zz-nodriver', 'host', 'null', 'bridge/evil'),
      ),
    ),
    field(
      'Scope',
      fc.oneof(
        fc.constantFrom('global', 'cluster', 'LOCAL'),
        notString.filter((s) => s !== null),
      ),
    ),
    field(
      'IPAM',
      fc.oneof(
        notObject,
        badCidr.map((Subnet) => ({ Config: [{ Subnet }] })),
      ),
    ),
    field(
      'IPAM',
      badIpv4.filter((a) => a !== '').map((Gateway) => ({ Config: [{ Subnet: '10.99.0.0/24', Gateway }] })),
    ),
    field(
      'IPAM',
      badCidr.filter((r) => r !== '').map((IPRange) => ({ Config: [{ Subnet: '10.99.0.0/24', IPRange }] })),
    ),
    field(
      'IPAM',
      fc.constantFrom({ Driver: 'dhcp' }, { Options: { a: 'b' } }, { Config: 'x' }, { Config: [{}] }),
    ),
    field(
      'IPAM',
      badIpv4
        .filter((a) => a !== '')
        .map((ip) => ({ Config: [{ Subnet: '10.99.0.0/24', AuxiliaryAddresses: { a: ip } }] })),
    ),
    field(
      'IPAM',
      unusableSubnet.map((Subnet) => ({ Config: [{ Subnet }] })),
    ),
    field(
      'IPAM',
      contradictingIpam.map(({ gateway, ipRange, aux }) => ({
        Config: [
          {
            Subnet: '10.99.0.0/24',
            ...(gateway === undefined ? {} : { Gateway: gateway }),
            ...(ipRange === undefined ? {} : { IPRange: ipRange }),
            ...(aux === undefined ? {} : { AuxiliaryAddresses: { a: aux } }),
          },
        ],
      })),
    ),
    field('EnableIPv6', fc.constant(true)),
    field('Internal', notBoolean),
    field('Options', fc.oneof(notObject, badStringMap)),
    field(
      'Options',
      fc
        .oneof(
          oddString,
          hugeString.map((s) => s.slice(0, 300)),
        )
        .map((name) => ({ 'com.docker.network.bridge.name': name })),
    ),
    field('Labels', fc.oneof(notObject, badStringMap)),
    field(
      'Labels',
      fc
        .oneof(oddString, fc.constantFrom('', 'A', '-x', 'a b'))
        .map((node) => ({ 'com.switchyard.node': node })),
    ),
  ),
);

const networkConnect = post(
  `${v}/networks/bridge/connect`,
  { Container: 'fuzz-none' },
  fc.oneof(
    field('Container', fc.oneof(notString, fc.constant(''), hugeString)),
    field(
      'EndpointConfig',
      fc.oneof(
        notObject,
        oddString.map((alias) => ({ Aliases: [alias] })),
      ),
    ),
    field(
      'EndpointConfig',
      badIpv4.filter((a) => a !== '').map((IPv4Address) => ({ IPAMConfig: { IPv4Address } })),
    ),
    field(
      'Container',
      fc.stringMatching(/^[a-z0-9]{1,12}$/).map((name) => `zz-missing-${name}`),
    ),
  ),
);

const networkDisconnect = post(
  `${v}/networks/bridge/disconnect`,
  { Container: 'fuzz-none' },
  fc.oneof(
    field('Container', fc.oneof(notString, fc.constant(''), hugeString)),
    field('Force', notBoolean),
    field(
      'Container',
      fc.stringMatching(/^[a-z0-9]{1,12}$/).map((name) => `zz-missing-${name}`),
    ),
  ),
);

const containerCreate = post(
  `${v}/containers/create`,
  { Image: 'switchyard/toolbox' },
  fc.oneof(
    field(
      'Image',
      fc.oneof(notString, fc.constantFrom('', '  ', 'nginx', 'switchyard/nope:latest'), oddString),
    ),
    field(
      'Hostname',
      fc.oneof(
        badName.filter((h) => h !== ''),
        notString.filter((h) => h !== null),
      ),
    ),
    field(
      'Env',
      fc.oneof(notArray, fc.constant(['=x']), fc.array(notString, { minLength: 1, maxLength: 3 })),
    ),
    field('Cmd', fc.oneof(notArray, fc.array(notString, { minLength: 1, maxLength: 3 }))),
    field('Labels', fc.oneof(notObject, badStringMap)),
    field('Tty', fc.constant(true)),
    field(
      'ExposedPorts',
      fc.oneof(
        notObject,
        fc.oneof(badPortText, oddString).map((port) => ({ [`${port}/tcp`]: {} })),
      ),
    ),
    field(
      'HostConfig',
      fc.oneof(
        notObject,
        fc.constantFrom({ Privileged: true }, { Binds: ['/:/host'] }, { NetworkMode: 'container:x' }),
      ),
    ),
    field(
      'HostConfig',
      badPortText.map((HostPort) => ({ PortBindings: { '80/tcp': [{ HostPort }] } })),
    ),
    field(
      'HostConfig',
      fc
        .constantFrom('4789/udp', '22/tcp', '7080/tcp')
        .map((key) => ({ PortBindings: { [key]: [{ HostPort: key.split('/')[0] }] } })),
    ),
    field(
      'HostConfig',
      badIpv4.filter((a) => a !== '').map((ip) => ({ Dns: [ip] })),
    ),
    field(
      'HostConfig',
      fc.oneof(spacedString, fc.constant('a'.repeat(300))).map((domain) => ({ DnsSearch: [domain] })),
    ),
    field(
      'HostConfig',
      fc.constantFrom('sometimes', 'ALWAYS', 1, true).map((Name) => ({ RestartPolicy: { Name } })),
    ),
    field(
      'HostConfig',
      badNumber.map((MaximumRetryCount) => ({
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: -Math.abs(MaximumRetryCount) - 1 },
      })),
    ),
    field(
      'NetworkingConfig',
      oddString.map((alias) => ({ EndpointsConfig: { bridge: { Aliases: [alias] } } })),
    ),
    field('NetworkingConfig', fc.oneof(notObject, fc.constant({ EndpointsConfig: { bridge: 'x' } }))),
    field('Volumes', fc.constant({ '/data': {} })),
    field('Labels', fc.constant({ a: deepSentinel })),
  ),
);

const serviceBase = {
  Name: 'fuzz-new',
  TaskTemplate: { ContainerSpec: { Image: 'switchyard/whoami' } },
  Mode: { Replicated: { Replicas: 0 } },
};
const serviceChanges = fc.oneof(
  field('Name', fc.oneof(notString, badName)),
  field('Labels', fc.oneof(notObject, badStringMap)),
  field('TaskTemplate', fc.oneof(notObject, fc.constant({}))),
  field(
    'TaskTemplate',
    // An image no host holds is a valid service (its slots wait, saying why), as in Swarm.
    fc.oneof(notString, fc.constantFrom('', '   ')).map((Image) => ({ ContainerSpec: { Image } })),
  ),
  field(
    'TaskTemplate',
    fc
      .constantFrom({ Mounts: [{}] }, { Secrets: [{}] }, { Labels: { a: 'b' } })
      .map((extra) => ({ ContainerSpec: { Image: 'switchyard/whoami', ...extra } })),
  ),
  field(
    'TaskTemplate',
    // Below 100 ms, above an hour, negative or not whole nanoseconds.
    fc
      .oneof(
        fc.integer({ min: 1, max: 99_999_999 }),
        fc.integer({ min: 3_600_000_000_001, max: 2 ** 52 }),
        fc.integer({ max: -1 }),
        fc.double({ min: 1e8, max: 1e12, noNaN: true, noInteger: true }),
      )
      .map((Interval) => ({
        ContainerSpec: { Image: 'switchyard/whoami', Healthcheck: { Test: ['CMD', 'true'], Interval } },
      })),
  ),
  field(
    'TaskTemplate',
    oddString.map((constraint) => ({
      ContainerSpec: { Image: 'switchyard/whoami' },
      Placement: { Constraints: [constraint] },
    })),
  ),
  field(
    'TaskTemplate',
    oddString.map((alias) => ({
      ContainerSpec: { Image: 'switchyard/whoami' },
      Networks: [{ Target: 'hrm', Aliases: [alias] }],
    })),
  ),
  field(
    'Mode',
    fc.oneof(
      notObject,
      badNumber.map((Replicas) => ({
        Replicated: { Replicas: Replicas > 0 && Number.isInteger(Replicas) ? Replicas + 1_000 : Replicas },
      })),
      fc.constant({ ReplicatedJob: {} }),
    ),
  ),
  field(
    'UpdateConfig',
    fc.oneof(
      notObject,
      fc.integer({ max: -1 }).map((Delay) => ({ Delay })),
      fc.constant({ Delay: 2 ** 31 * 1_000_000 }),
    ),
  ),
  field('EndpointSpec', fc.oneof(notObject, fc.constantFrom({ Mode: 'round-robin' }))),
  field(
    'EndpointSpec',
    badNumber.map((TargetPort) => ({ Ports: [{ TargetPort }] })),
  ),
  field(
    'EndpointSpec',
    fc.constantFrom(4789, 22, 7080, 70_000, -1).map((PublishedPort) => ({
      Ports: [{ TargetPort: 80, PublishedPort, Protocol: PublishedPort === 4789 ? 'udp' : 'tcp' }],
    })),
  ),
  field(
    'EndpointSpec',
    fc.constantFrom('sctp', 'TCP', 1).map((Protocol) => ({ Ports: [{ TargetPort: 80, Protocol }] })),
  ),
);
const serviceCreate = post(`${v}/services/create`, serviceBase, serviceChanges);
const serviceUpdate = fc
  .constant(0)
  .chain(() =>
    post(
      `${v}/services/fuzz-svc/update?version=${serviceVersion}`,
      { ...serviceBase, Name: 'fuzz-svc' },
      serviceChanges,
    ),
  );

const nodeUpdate = fc.constant(0).chain(() =>
  post(
    `${v}/nodes/fuzz-a/update?version=${nodeVersion}`,
    { Availability: 'active', Labels: {}, Role: 'worker' },
    fc.oneof(
      field('Availability', fc.oneof(notString, fc.constantFrom('', 'Active', 'paused', 'down'), oddString)),
      field(
        'Role',
        fc.oneof(
          fc.constantFrom('manager', 'leader', 'Worker'),
          notString.filter((r) => r !== null),
        ),
      ),
      field('Labels', fc.oneof(notObject, badStringMap, fc.constant({ a: deepSentinel }))),
    ),
  ),
);

/** Bodies that are not JSON, JSON of the wrong kind, too large, or of the wrong content type. */
const bodyRoutes = [
  '/networks/create',
  '/networks/bridge/connect',
  '/networks/bridge/disconnect',
  '/containers/create',
  '/services/create',
];
const badBodies: fc.Arbitrary<EngineCase> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...bodyRoutes), notJson)
    .map(([path, body]) => ({ method: 'POST', path: `${v}${path}`, body, headers: json })),
  fc
    .tuple(
      fc.constantFrom(...bodyRoutes),
      fc.oneof(fc.constantFrom('null', '[]', '0', '"x"', 'true', '[{}]', '""'), deepNesting),
    )
    .map(([path, body]) => ({ method: 'POST', path: `${v}${path}`, body, headers: json })),
  fc
    .tuple(
      fc.constantFrom(...bodyRoutes),
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/jsonx',
        'json',
        'application/xml',
        'text/json',
      ),
    )
    .map(([path, type]) => ({
      method: 'POST',
      path: `${v}${path}`,
      body: '{"Name":"fuzz-typed","Image":"switchyard/toolbox"}',
      headers: { 'content-type': type },
    })),
  fc.tuple(fc.constantFrom(...bodyRoutes), fc.integer({ min: 1, max: 64 * 1024 })).map(([path, extra]) => ({
    method: 'POST',
    path: `${v}${path}`,
    body: JSON.stringify({ Name: 'fuzz-big', Labels: { a: 'x'.repeat(1024 * 1024 + extra) } }),
    headers: json,
  })),
);

const badRequests: fc.Arbitrary<EngineCase> = fc.oneof(
  fc
    .constantFrom('/v1.48', '/v2.0', '/v1.23', '/v0.1', '/v99.99')
    .chain((prefix) =>
      fc
        .constantFrom('/networks', '/containers/json', '/services')
        .map((path) => ({ method: 'GET', path: `${prefix}${path}` })),
    ),
  fc
    .tuple(
      fc.constantFrom('PUT', 'PATCH', 'OPTIONS', 'TRACE'),
      fc.constantFrom('/networks', '/containers/create', '/services/fuzz-svc'),
    )
    .map(([method, path]) => ({ method, path: `${v}${path}` })),
  fc.stringMatching(/^[a-z0-9/]{1,20}$/).map((path) => ({ method: 'GET', path: `${v}/zz/${path}` })),
  // A foreign Host is no longer bad here: no page can rebind a name to root's unix socket.
  fc.webUrl().map((origin) => ({ method: 'GET', path: `${v}/networks`, headers: { origin } })),
);

const properties: [string, fc.Arbitrary<EngineCase>][] = [
  ['path params with malformed %-escapes', badPathEscapes],
  ['bad filters', badFilters],
  ['bad query parameters', badQueries],
  ['network create', networkCreate],
  ['network connect', networkConnect],
  ['network disconnect', networkDisconnect],
  ['container create', containerCreate],
  ['service create', serviceCreate],
  ['service update', serviceUpdate],
  ['node update', nodeUpdate],
  ['bad bodies and content types', badBodies],
  ['bad versions, methods, routes and headers', badRequests],
];

describe('the Engine API refuses generated bad input', () => {
  for (const [name, arbitrary] of properties) {
    it(`${name}: a 4xx naming the problem, the process up, the store unchanged`, async () => {
      await fuzzInterface(fuzz, 'engine', arbitrary, { runs: 9, batch: 10 }, async (request) => {
        const answer = await fuzz.transport.engineRequest(
          request.method,
          request.path,
          request.body,
          request.headers,
        );
        expectRefusal(answer, `${request.method} ${request.path} ${request.body?.slice(0, 300) ?? ''}`);
      });
    });
  }

  it('sent at least 1,000 bad inputs', () => {
    expect(fuzz.sent.get('engine')).toBeGreaterThanOrEqual(1_000);
  });
});
