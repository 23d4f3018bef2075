import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentProtocolVersion, type AgentWelcome, type DesiredState } from '@switchyard/contracts';
import { readLocalCredentials } from '@switchyard/control-plane';
import { createCsr, generateKeyPair } from '@switchyard/pki';
import {
  anyJson,
  badCidr,
  badIpv4,
  badName,
  hugeString,
  notArray,
  notNumber,
  notObject,
  notString,
  withJunk,
} from './support/bad-values.js';
import { fuzzInterface, startFuzzCluster, type FuzzCluster } from './support/harness.js';
import { requestTimeoutMs } from './support/transport.js';

// Issue 14, item 6: generated malformed handshakes and messages on the agents' channel. A bad
// handshake is refused (connect_error with the reason), a bad heartbeat or observed report is
// answered `rejected` with the reason and ignored; the control plane stays up and the store is
// unchanged but for the heartbeat's own columns.

let fuzz: FuzzCluster;
let joinToken = '';
/** A well-formed CSR: with the real token, only a name already in the cluster is left to refuse. */
let validCsr = '';
/** An agent joined through the transport, beating as a real one, that sends the bad messages. */
let agent: Socket;

const hello = (name: string) => ({
  protocolVersion: agentProtocolVersion,
  name,
  underlayAddress: '192.168.77.20',
  capabilities: ['nftables'],
  agentVersion: 'fuzz',
  kernelVersion: '6.0',
  hostNetworks: [],
});

function once<T>(socket: Socket, event: string, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${event} in ${requestTimeoutMs} ms after ${what}`)),
      requestTimeoutMs,
    );
    socket.once(event, (value: T) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

beforeAll(async () => {
  fuzz = await startFuzzCluster('agent', async ({ cluster, transport }) => {
    joinToken = readLocalCredentials(cluster.dataDir)?.joinToken ?? '';
    expect(joinToken).toMatch(/^SYJOIN-1-/);
    validCsr = await createCsr(await generateKeyPair(), 'fuzz');
    agent = transport.connectAgent({ token: joinToken, csr: validCsr, hello: hello('fuzz-b') });
    const welcome = await once<AgentWelcome>(agent, 'welcome', 'joining');
    setInterval(
      () =>
        agent.emit('heartbeat', {
          protocolVersion: agentProtocolVersion,
          sentAt: new Date().toISOString(),
          rssBytes: 1,
        }),
      welcome.heartbeatIntervalMs,
    ).unref();
    // Reports each desired document as applied, as the real agent does.
    agent.on('desired', (document: DesiredState) =>
      agent.emit('observed', {
        protocolVersion: agentProtocolVersion,
        revision: document.revision,
        observedAt: new Date().toISOString(),
        conditions: document.networks.map((network) => ({ object: `network/${network.id}`, ready: true })),
        driftRepaired: [],
        sandboxes: [],
      }),
    );
  });
}, 60_000);

afterAll(async () => {
  console.log(`agent: ${JSON.stringify(Object.fromEntries(fuzz.sent))} bad inputs sent`);
  agent.close();
  await fuzz.close();
});

type Change = fc.Arbitrary<Record<string, unknown>>;
const field = (key: string, values: fc.Arbitrary<unknown>): Change =>
  values.map((value) => ({ [key]: value }));
const badObject = (base: Record<string, unknown>, ...changes: Change[]) =>
  fc.oneof(
    notObject,
    fc.oneof(...changes).chain((change) => withJunk({ ...base, ...change })),
  );

const badProtocolVersion = fc.oneof(
  fc.integer().filter((n) => n !== agentProtocolVersion),
  notNumber.filter((n) => n !== undefined),
  fc.constant(String(agentProtocolVersion)),
);
const badTime = fc.oneof(
  fc.constantFrom('yesterday', '', '2026-13-45T25:61:00Z', '2026-01-01', '1e3'),
  notString.filter((t) => t !== undefined),
);
const nonNegativeIntegerBroken = fc.oneof(
  fc.integer({ max: -1 }),
  fc.double({ noNaN: true, noInteger: true, min: -1e6, max: 1e6 }),
  notNumber.filter((n) => n !== undefined),
);

const badHello = badObject(
  hello('fuzz-new'),
  field('protocolVersion', badProtocolVersion),
  field('name', fc.oneof(notString, badName, fc.constantFrom('Upper', 'a_b', 'a'.repeat(64)))),
  field('underlayAddress', fc.oneof(notString, badIpv4)),
  field('capabilities', fc.oneof(notArray, fc.constantFrom(['nft'], ['NFTABLES'], [1], [null]))),
  field('agentVersion', fc.oneof(notString, fc.constantFrom('', 'v'.repeat(65)))),
  field('kernelVersion', fc.oneof(notString, fc.constantFrom('', 'k'.repeat(129)))),
  field(
    'hostNetworks',
    fc.oneof(
      notArray.filter((n) => n !== undefined),
      badCidr.map((cidr) => [cidr]),
      fc.constant(Array.from({ length: 1_001 }, () => '10.0.0.0/24')),
    ),
  ),
);

/**
 * Handshake `auth` that must be refused: not an object, a bad token, a bad hello or a bad CSR with the
 * real token, no token and no certificate, or a name already in the cluster.
 */
const badAuth: fc.Arbitrary<unknown> = fc.oneof(
  anyJson.filter((value) => value !== null && typeof value !== 'object'),
  fc.constant(0).chain(() => badHello.map((bad) => ({ token: joinToken, hello: bad }))),
  fc
    .oneof(
      notString,
      fc.constantFrom('', 'syjoin-forged', 'synode-forged', 'syjoin-'),
      hugeString,
      fc.string({ maxLength: 40 }).map((s) => `syjoin-${s}`),
    )
    .map((token) => ({ token, hello: hello('fuzz-new') })),
  fc
    .oneof(notString, hugeString, fc.constantFrom('', '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n'))
    .map((csr) => ({ token: joinToken, csr, hello: hello('fuzz-new') })),
  fc.constant(0).map(() => ({ hello: hello('fuzz-new') })),
  fc.constant(0).map(() => ({ token: joinToken })),
  // A node of that name is connected already: the join is refused rather than taking it over.
  fc
    .constantFrom('fuzz-a', 'fuzz-b')
    .map((name) => ({ token: joinToken, csr: validCsr, hello: hello(name) })),
);

const routeCounters = {
  routeId: 'r',
  requests: 1,
  status: { '1xx': 0, '2xx': 1, '3xx': 0, '4xx': 0, '5xx': 0 },
  avgResponseMs: 1,
};
const goodHeartbeat = () => ({
  protocolVersion: agentProtocolVersion,
  sentAt: new Date().toISOString(),
  rssBytes: 1,
});
const badHeartbeat = badObject(
  goodHeartbeat(),
  field('protocolVersion', badProtocolVersion),
  field('sentAt', badTime),
  field('rssBytes', nonNegativeIntegerBroken),
  field(
    'routes',
    fc.oneof(
      notArray.filter((r) => r !== undefined),
      fc.constant(Array.from({ length: 10_001 }, () => routeCounters)),
    ),
  ),
  field(
    'routes',
    fc
      .constantFrom(
        { requests: -1 },
        { status: {} },
        { avgResponseMs: -1 },
        { routeId: 1 },
        { status: { ...routeCounters.status, '2xx': 1.5 } },
      )
      .map((change) => [{ ...routeCounters, ...change }]),
  ),
);

const sandbox = {
  id: 'x',
  status: 'running',
  pid: 1,
  exitCode: null,
  startedAt: null,
  finishedAt: null,
  restartCount: 0,
  health: null,
};
const goodObserved = () => ({
  protocolVersion: agentProtocolVersion,
  revision: 0,
  observedAt: new Date().toISOString(),
  conditions: [],
  driftRepaired: [],
  sandboxes: [],
});
const badObserved = badObject(
  goodObserved(),
  field('protocolVersion', badProtocolVersion),
  field('revision', nonNegativeIntegerBroken),
  field('observedAt', badTime),
  field(
    'conditions',
    fc.oneof(notArray, fc.constant(Array.from({ length: 10_001 }, () => ({ object: 'a/b', ready: true })))),
  ),
  field(
    'conditions',
    fc
      .constantFrom(
        { object: '' },
        { object: 'o'.repeat(257) },
        { ready: 'yes' },
        { message: 'm'.repeat(2_049) },
        { object: 1 },
      )
      .map((change) => [{ object: 'network/x', ready: true, ...change }]),
  ),
  field('driftRepaired', fc.oneof(notArray, fc.constant(['d'.repeat(257)]), fc.constant([1]))),
  field(
    'sandboxes',
    // Not 10,001 sandboxes: past socket.io's 1 MB message limit, the connection is dropped unread.
    notArray.filter((s) => s !== undefined),
  ),
  field(
    'sandboxes',
    fc
      .constantFrom(
        { status: 'sleeping' },
        { pid: 1.5 },
        { restartCount: -1 },
        { error: 'e'.repeat(2_049) },
        { health: 'sick' },
        { id: 5 },
        { exitCode: '0' },
        { startedAt: 1 },
        { error: 'exec \ud800' },
        { id: 'x\udfff' },
      )
      .map((change) => [{ ...sandbox, ...change }]),
  ),
);

const badMessages = fc.oneof(
  badHeartbeat.map((message) => ({ event: 'heartbeat', message })),
  badObserved.map((message) => ({ event: 'observed', message })),
);

describe('the agent channel refuses generated bad input', () => {
  it('malformed handshake auth: connect_error with the reason, no node, no change', async () => {
    await fuzzInterface(fuzz, 'agent', badAuth, { runs: 10, batch: 50 }, async (auth) => {
      const socket = fuzz.transport.connectAgent(auth);
      try {
        const what = `auth ${JSON.stringify(auth)?.slice(0, 500)}`;
        const outcome = await Promise.race([
          once<Error>(socket, 'connect_error', what).then((error) => ({ refused: error.message })),
          once<unknown>(socket, 'connect', what).then(() => ({ refused: null })),
          // socket.io itself drops a handshake whose auth is not an object, before the hub sees it.
          once<string>(socket, 'disconnect', what).then((reason) => ({
            refused: typeof auth === 'object' && auth !== null ? null : `dropped: ${reason}`,
          })),
        ]);
        expect(outcome.refused, `admitted: ${what}`).not.toBeNull();
        expect(outcome.refused?.trim(), what).not.toBe('');
      } finally {
        socket.close();
      }
    });
  });

  it('malformed heartbeat and observed messages: rejected with the reason, the store unchanged', async () => {
    await fuzzInterface(fuzz, 'agent', badMessages, { runs: 12, batch: 50 }, async ({ event, message }) => {
      const what = `${event} ${JSON.stringify(message)?.slice(0, 500)}`;
      const rejected = once<{ reason: string }>(agent, 'rejected', what);
      agent.emit(event, message);
      const { reason } = await rejected;
      expect(reason, what).toMatch(new RegExp(`^malformed ${event} message: .+`));
      expect(agent.connected, what).toBe(true);
    });
  });

  it('sent at least 1,000 bad inputs', () => {
    expect(fuzz.sent.get('agent')).toBeGreaterThanOrEqual(1_000);
  });
});
