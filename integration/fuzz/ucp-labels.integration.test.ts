import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badPortText, oddString } from './support/bad-values.js';
import {
  expectRefusal,
  fuzzInterface,
  messagesOf,
  startFuzzCluster,
  type FuzzCluster,
} from './support/harness.js';

// Issue 14, item 6: generated bad `com.docker.ucp.mesh.http*` labels on services, from the Engine
// API and tRPC, and bad routes from tRPC: hostnames, ports, schemes, redirect URLs with CR/LF,
// sticky cookies, sni routes that cannot be. Each is refused with a 4xx naming the label or field;
// the store is unchanged.

const mesh = 'com.docker.ucp.mesh.http';
const v = '/v1.47';
let fuzz: FuzzCluster;
let serviceVersion = 0;

beforeAll(async () => {
  fuzz = await startFuzzCluster('labels', async ({ transport }) => {
    // fuzz-svc is what the bad labels go on; other-svc holds the hostnames they may not take.
    for (const [name, labels] of [
      ['fuzz-svc', {}],
      ['other-svc', { [`${mesh}.1`]: 'external_route=http://taken.example.com,internal_port=80' }],
    ] as const) {
      const created = await transport.trpcCall(
        ['services.create'],
        [{ name, image: 'switchyard/whoami', replicas: 0, networks: [{ network: 'hrm' }], labels }],
      );
      expect(created.status, created.text).toBe(200);
    }
    const route = await transport.trpcCall(
      ['routes.create'],
      [{ hostname: 'api.example.com', service: 'other-svc', internalPort: 80 }],
    );
    expect(route.status, route.text).toBe(200);
  });
  const inspect = await fuzz.transport.engineRequest('GET', `${v}/services/fuzz-svc`);
  serviceVersion = (JSON.parse(inspect.text) as { Version: { Index: number } }).Version.Index;
}, 60_000);

afterAll(async () => {
  console.log(`ucp labels: ${JSON.stringify(Object.fromEntries(fuzz.sent))} bad inputs sent`);
  await fuzz.close();
});

/** Characters that must not reach the proxy's config: each breaks a hostname and a URL alike. */
const breakers = [
  '\r\n',
  '\n',
  '\r',
  '\t',
  ' ',
  '"',
  "'",
  '\\',
  '\u0000',
  '\u007f',
  '\u00e9',
  '\u202e',
  '\u200b',
  '<',
  '`',
  '{',
  '|',
  '^',
];
const breaker = fc.constantFrom(...breakers);
const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);

/** Not a route hostname: a breaker inside, bad labels, a port or path, a misplaced wildcard, too long. */
const badHost: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(word, breaker, word).map(([a, bad, b]) => `${a}${bad}${b}.example.com`),
  fc.constantFrom(
    'a..example.com',
    '-a.example.com',
    'a-.example.com',
    '*.',
    'x.*.example.com',
    '*',
    'a_b.example.com',
    '.example.com',
    'example.com.',
    'exa!mple.com',
  ),
  fc.integer({ min: 64, max: 200 }).map((n) => `${'a'.repeat(n)}.example.com`),
  fc.integer({ min: 130, max: 400 }).map((n) => `${'ab.'.repeat(n)}com`),
);
const hostWithExtra = fc.oneof(
  word.map((w) => `${w}.example.com:8080`),
  word.map((w) => `${w}.example.com/path`),
  word.map((w) => `${w}.example.com:`),
);
const badScheme = fc.constantFrom('https', 'tcp', 'ftp', 'HTTPS', 'ws', '1http', '');
/** An http(s) URL with something no redirect may hold, or not http(s) at all. */
const badRedirect: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom('http', 'https'), word, breaker, word)
    .map(([scheme, a, bad, b]) => `${scheme}://${a}.example.com/${a}${bad}${b}`),
  fc.constantFrom(
    'javascript:alert(1)',
    'ftp://x.example.com/',
    '//x.example.com',
    'data:text/html,x',
    'http//x',
    'x.example.com',
    'file:///etc/passwd',
  ),
);
/** Not a cookie name (an RFC 6265 token): a separator, space, control or non-ASCII character inside. */
const badCookie = fc
  .tuple(
    word,
    fc.constantFrom(
      '\r\n',
      '\t',
      ' ',
      '"',
      '\\',
      '\u0000',
      '\u00e9',
      ';',
      '=',
      ',',
      '(',
      ')',
      '@',
      ':',
      '/',
      '<',
      '>',
      '{',
      '[',
      ']',
      '?',
    ),
    word,
  )
  .map(([a, bad, b]) => `${a}${bad}${b}`);

/** One bad label (and maybe a good one beside it), as `docker service create --label` would send. */
const badLabels: fc.Arbitrary<Record<string, string>> = fc.oneof(
  // the short form: <internal port>=<scheme>://<hostname>, comma-separated
  fc.tuple(badPortText, word).map(([port, w]) => ({ [mesh]: `${port}=http://${w}.example.com` })),
  fc.tuple(badScheme, word).map(([scheme, w]) => ({ [mesh]: `8080=${scheme}://${w}.example.com` })),
  fc.oneof(badHost, hostWithExtra).map((host) => ({ [mesh]: `8080=http://${host}` })),
  word.map((w) => ({ [mesh]: `http://${w}.example.com` })),
  fc.constantFrom(',', ' , ,', '8080', '=').map((value) => ({ [mesh]: value })),
  word.map((w) => ({ [mesh]: `8080=http://${w}.example.com,8081=sni://${w}.example.com` })),
  // the long form: com.docker.ucp.mesh.http.<n>=external_route=...,internal_port=...[,...]
  fc
    .constantFrom('x', '1a', '', '-1', '1.2', '١')
    .map((suffix) => ({ [`${mesh}.${suffix}`]: 'external_route=http://ok.example.com,internal_port=80' })),
  fc
    .constantFrom('internal_port=80', 'external_route=http://ok.example.com', '', 'internal_port')
    .map((value) => ({ [`${mesh}.1`]: value })),
  word.map((setting) => ({
    [`${mesh}.1`]: `external_route=http://ok.example.com,internal_port=80,zz${setting}=1`,
  })),
  fc
    .constantFrom('internal_port=81', 'external_route=http://ok2.example.com')
    .map((twice) => ({ [`${mesh}.1`]: `external_route=http://ok.example.com,internal_port=80,${twice}` })),
  badPortText.map((port) => ({
    [`${mesh}.1`]: `external_route=http://ok.example.com,internal_port=${port}`,
  })),
  fc
    .oneof(badHost, hostWithExtra)
    .map((host) => ({ [`${mesh}.1`]: `external_route=http://${host},internal_port=80` })),
  badScheme.map((scheme) => ({
    [`${mesh}.1`]: `external_route=${scheme}://ok.example.com,internal_port=80`,
  })),
  badRedirect.map((redirect) => ({
    [`${mesh}.1`]: `external_route=http://ok.example.com,internal_port=80,redirect=${redirect}`,
  })),
  badCookie.map((cookie) => ({
    [`${mesh}.1`]: `external_route=http://ok.example.com,internal_port=80,sticky_sessions=${cookie}`,
  })),
  fc
    .constantFrom('sticky_sessions=sid', 'redirect=https://ok.example.com/')
    .map((extra) => ({ [`${mesh}.1`]: `external_route=sni://ok.example.com,internal_port=443,${extra}` })),
  // two labels for one hostname, and hostnames another service or route already has
  fc.constant({
    [`${mesh}.1`]: 'external_route=http://ok.example.com,internal_port=80',
    [`${mesh}.2`]: 'external_route=http://OK.example.com,internal_port=81',
  }),
  fc.constant({
    [`${mesh}.1`]: 'external_route=http://ok.example.com,internal_port=80',
    [mesh]: '81=http://ok.example.com',
  }),
  fc
    .constantFrom('taken.example.com', 'api.example.com')
    .map((host) => ({ [`${mesh}.7`]: `external_route=http://${host},internal_port=80` })),
);

interface LabelCase {
  via: 'engine create' | 'engine update' | 'trpc create' | 'trpc update';
  labels: Record<string, string>;
  other: Record<string, string>;
}

const labelCases: fc.Arbitrary<LabelCase> = fc.record({
  via: fc.constantFrom('engine create', 'engine update', 'trpc create', 'trpc update'),
  labels: badLabels,
  // Unrelated labels beside the bad one change nothing (odd, but Unicode: a lone surrogate is refused first).
  other: fc.dictionary(
    word.map((w) => `org.example.${w}`),
    oddString.filter((value) => !/\p{Cs}/u.test(value)),
    { maxKeys: 2 },
  ),
});

async function sendLabels({ via, labels, other }: LabelCase) {
  const all = { ...other, ...labels };
  const engineSpec = (name: string) =>
    JSON.stringify({
      Name: name,
      Labels: all,
      TaskTemplate: { ContainerSpec: { Image: 'switchyard/whoami' }, Networks: [{ Target: 'hrm' }] },
      Mode: { Replicated: { Replicas: 0 } },
    });
  const trpcSpec = (name: string) => ({
    name,
    image: 'switchyard/whoami',
    replicas: 0,
    networks: [{ network: 'hrm' }],
    labels: all,
  });
  const json = { 'content-type': 'application/json' };
  switch (via) {
    case 'engine create':
      return fuzz.transport.engineRequest('POST', `${v}/services/create`, engineSpec('fuzz-new'), json);
    case 'engine update':
      return fuzz.transport.engineRequest(
        'POST',
        `${v}/services/fuzz-svc/update?version=${serviceVersion}`,
        engineSpec('fuzz-svc'),
        json,
      );
    case 'trpc create':
      return fuzz.transport.trpcCall(['services.create'], [trpcSpec('fuzz-new')]);
    case 'trpc update':
      return fuzz.transport.trpcCall(
        ['services.update'],
        [{ service: 'fuzz-svc', spec: trpcSpec('fuzz-svc') }],
      );
  }
}

/** A route made bad in one field, from tRPC. */
const badRoutes: fc.Arbitrary<{ procedure: string; input: unknown }> = fc
  .tuple(
    fc.constantFrom('routes.create', 'routes.update'),
    fc.oneof(
      fc.oneof(badHost, hostWithExtra).map((hostname) => ({ hostname })),
      fc
        .oneof(fc.integer({ max: 0 }), fc.integer({ min: 65_536 }), fc.constantFrom(1.5, '80', null))
        .map((internalPort) => ({ internalPort })),
      fc.constantFrom('https', 'tcp', 'HTTP').map((protocol) => ({ protocol })),
      badRedirect.map((redirect) => ({ redirect })),
      badCookie.map((stickyCookie) => ({ stickyCookie })),
      fc
        .constantFrom({ stickyCookie: 'sid' }, { redirect: 'https://ok.example.com/' }, { isDefault: true })
        .map((extra) => ({ protocol: 'sni', internalPort: 443, ...extra })),
      fc.constantFrom('taken.example.com', 'api.example.com').map((hostname) => ({ hostname })),
      fc.constantFrom('zz-missing', '', ' ').map((service) => ({ service })),
    ),
  )
  .map(([procedure, change]) => {
    const spec = { hostname: 'ok.example.com', service: 'fuzz-svc', internalPort: 80, ...change };
    // An update may not take a hostname another route has; its own it may keep.
    const input =
      procedure === 'routes.create'
        ? spec
        : {
            route: 'api.example.com',
            spec: {
              ...spec,
              hostname: spec.hostname === 'api.example.com' ? 'taken.example.com' : spec.hostname,
            },
          };
    return { procedure, input };
  });

describe('UCP mesh labels and routes refuse generated bad input', () => {
  it('bad com.docker.ucp.mesh.http labels on services, from the Engine API and tRPC', async () => {
    await fuzzInterface(fuzz, 'ucp labels', labelCases, { runs: 16, batch: 50 }, async (input) => {
      const answer = await sendLabels(input);
      expectRefusal(answer, `${input.via} ${JSON.stringify(input.labels)}`);
      const message = messagesOf(answer)[0] ?? '';
      // The label's key is named, or (for a hostname taken elsewhere) the hostname.
      const named =
        Object.keys(input.labels).some((key) => message.includes(key)) || /example\.com/i.test(message);
      expect(named, `${message} <- ${JSON.stringify(input.labels)}`).toBe(true);
    });
  });

  it('bad routes from tRPC', async () => {
    await fuzzInterface(
      fuzz,
      'ucp labels',
      badRoutes,
      { runs: 5, batch: 50 },
      async ({ procedure, input }) => {
        const answer = await fuzz.transport.trpcCall([procedure], [input]);
        expectRefusal(answer, `${procedure} ${JSON.stringify(input)}`);
      },
    );
  });

  it('sent at least 1,000 bad inputs', () => {
    expect(fuzz.sent.get('ucp labels')).toBeGreaterThanOrEqual(1_000);
  });
});
