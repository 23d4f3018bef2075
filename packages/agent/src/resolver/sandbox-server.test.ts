import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, type AddressInfo } from 'node:net';
import { ipv4Schema } from '@switchyard/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeAnswers, encodeQuery } from '../test-support/resolver/dns-test-support.js';
import { decodeQuery, encodeResponse, Rcode, RecordType } from './dns-wire.js';
import { Forwarder, InFlightLimit } from './forwarder.js';
import { SandboxServer } from './sandbox-server.js';
import { frame, FrameReader } from './tcp-framing.js';
import { buildZone } from './zone.js';

// Everything here listens on 127.0.0.1 at ports the kernel picks: no namespace, no root needed.
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function udpSocket(): Promise<UdpSocket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => socket.close(() => resolve())).catch(() => undefined));
  return socket;
}

/** An upstream that answers `upstream.example` with 192.0.2.1, stays silent for `slow.example`. */
async function testUpstream(): Promise<{ port: number; asked: string[] }> {
  const socket = await udpSocket();
  const asked: string[] = [];
  socket.on('message', (message, remote) => {
    const query = decodeQuery(message);
    asked.push(query.question.name);
    if (query.question.name === 'slow.example') return;
    const known = query.question.name === 'upstream.example';
    const reply = encodeResponse(
      query,
      known ? Rcode.NoError : Rcode.NxDomain,
      known ? [{ name: query.question.name, ttl: 60, type: RecordType.A, address: '192.0.2.1' }] : [],
    );
    socket.send(reply, remote.port, remote.address);
  });
  return { port: socket.address().port, asked };
}

async function startServer(maxInFlight = 256) {
  const upstream = await testUpstream();
  const [udp, forward, hostSocket] = [await udpSocket(), await udpSocket(), await udpSocket()];
  const tcp = createServer();
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const tcpPort = (tcp.address() as AddressInfo).port;
  const hostForwarder = new Forwarder(hostSocket, 300);
  const server = new SandboxServer(
    'test',
    { udp, tcp, forward },
    {
      zone: buildZone([{ name: 'web', address: ipv4Schema.parse('172.18.0.2') }], []),
      upstreams: [{ address: '127.0.0.1', port: upstream.port }],
    },
    {
      limit: new InFlightLimit(maxInFlight),
      forwardTimeoutMs: 300,
      hostForwarder: () => hostForwarder,
      log: () => {},
    },
  );
  cleanups.unshift(() => server.close());
  const client = await udpSocket();
  const ask = (name: string, type: number = RecordType.A) =>
    new Promise<ReturnType<typeof decodeAnswers>>((resolve) => {
      client.once('message', (message) => resolve(decodeAnswers(message)));
      client.send(encodeQuery(0x4242, name, type), udp.address().port, '127.0.0.1');
    });
  return { server, ask, tcpPort, upstream };
}

describe('one sandbox resolver', () => {
  it('answers its names over UDP and forwards the rest with the client id kept', async () => {
    const { ask } = await startServer();
    expect(await ask('web')).toEqual({ id: 0x4242, rcode: 0, answers: ['172.18.0.2'] });
    expect(await ask('upstream.example')).toEqual({ id: 0x4242, rcode: 0, answers: ['192.0.2.1'] });
    expect(await ask('nowhere.example')).toEqual({ id: 0x4242, rcode: Rcode.NxDomain, answers: [] });
  });

  it('answers from changed records at once, and asks the upstream once while its answer lives', async () => {
    const { ask, server, upstream } = await startServer();
    expect((await ask('web')).answers).toEqual(['172.18.0.2']);
    const zone = buildZone([{ name: 'web', address: ipv4Schema.parse('172.18.0.9') }], []);
    server.update({ zone, upstreams: [{ address: '127.0.0.1', port: upstream.port }] });
    expect((await ask('web')).answers).toEqual(['172.18.0.9']);
    expect((await ask('WEB')).answers).toEqual(['172.18.0.9']);
    server.update({ zone: buildZone([], []), upstreams: [{ address: '127.0.0.1', port: upstream.port }] });
    expect((await ask('web')).rcode).toBe(Rcode.NxDomain);
    for (let round = 0; round < 3; round++)
      expect(await ask('upstream.example')).toEqual({ id: 0x4242, rcode: 0, answers: ['192.0.2.1'] });
    expect(upstream.asked.filter((name) => name === 'upstream.example')).toHaveLength(1);
  });

  it('answers SERVFAIL when the upstream stays silent, REFUSED beyond the in-flight cap, NXDOMAIN with no upstream', async () => {
    const { ask, server } = await startServer(0);
    expect((await ask('slow.example')).rcode).toBe(Rcode.Refused);
    server.update({ zone: buildZone([], []), upstreams: [] });
    expect((await ask('web')).rcode).toBe(Rcode.NxDomain);
    const second = await startServer();
    const started = Date.now();
    expect((await second.ask('slow.example')).rcode).toBe(Rcode.ServFail);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('answers over TCP, several messages on one connection', async () => {
    const { tcpPort } = await startServer();
    const socket = connect(tcpPort, '127.0.0.1');
    cleanups.push(() => void socket.destroy());
    const reader = new FrameReader();
    const replies: ReturnType<typeof decodeAnswers>[] = [];
    const done = new Promise<void>((resolve) =>
      socket.on('data', (chunk: Buffer) => {
        replies.push(...reader.push(chunk).map(decodeAnswers));
        if (replies.length === 2) resolve();
      }),
    );
    socket.write(
      Buffer.concat([
        frame(encodeQuery(1, 'web', RecordType.A)),
        frame(encodeQuery(2, 'upstream.example', RecordType.A)),
      ]),
    );
    await done;
    expect(replies.sort((a, b) => a.id - b.id).map((reply) => reply.answers)).toEqual([
      ['172.18.0.2'],
      ['192.0.2.1'],
    ]);
  });
});
