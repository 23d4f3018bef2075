import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate, WebSocketClient } from '../test-support/workloads/workload-clients.js';

const script = fileURLToPath(new URL('./whoami.mjs', import.meta.url));
const children: ChildProcess[] = [];

/** Starts whoami on a free port and resolves with that port once it listens. */
async function startWhoami(env: Record<string, string>): Promise<number> {
  const child = spawn(process.execPath, [script], {
    env: { PORT: '0', SWITCHYARD_CONTAINER_NAME: 'web-1', PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  const port = /listening on port (\d+)/.exec(chunk.toString())?.[1];
  if (port === undefined) throw new Error(`whoami did not start: ${chunk.toString()}`);
  return Number(port);
}

// A throwaway self-signed certificate, so the TLS mode is tested with what openssl makes, as a user would.
const certDir = mkdtempSync(join(tmpdir(), 'switchyard-whoami-'));
let certFile = '';
let base = '';
let tlsPort = 0;

beforeAll(async () => {
  const certificate = await makeCertificate(certDir, 'whoami.test');
  certFile = certificate.cert;
  base = `http://127.0.0.1:${await startWhoami({})}`;
  tlsPort = await startWhoami({ TLS_CERT: certificate.cert, TLS_KEY: certificate.key });
});
afterAll(() => {
  for (const child of children) child.kill();
  rmSync(certDir, { recursive: true, force: true });
});

async function openWebSocket(secure: boolean): Promise<WebSocketClient> {
  const { client, head, accept } = secure
    ? await WebSocketClient.open('127.0.0.1', tlsPort, 'whoami.test', {
        tls: { servername: 'whoami.test', ca: readFileSync(certFile) },
      })
    : await WebSocketClient.open('127.0.0.1', Number(new URL(base).port), 'whoami.test');
  expect(head).toMatch(/^HTTP\/1\.1 101 /);
  expect(head).toMatch(/^upgrade: websocket$/im);
  expect(head).toContain(`Sec-WebSocket-Accept: ${accept}`);
  return client;
}

describe('switchyard/whoami', () => {
  it('answers with its name, addresses, the caller and the request', async () => {
    const response = await fetch(`${base}/some/path?x=1`, { headers: { 'X-Probe': 'yes' } });
    const body = await response.text();
    const lines = body.trimEnd().split('\n');
    expect(lines[0]).toBe('Hostname: web-1');
    expect(lines).toContain('IP: 127.0.0.1');
    expect(body).toMatch(/^RemoteAddr: 127\.0\.0\.1:\d+$/m);
    expect(body).toContain('GET /some/path?x=1 HTTP/1.1\n');
    expect(body).toMatch(/^X-Probe: yes$/im);
  });

  it('reports health, which a POST of a status code changes', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/health`, { method: 'POST', body: '503' })).status).toBe(200);
    expect((await fetch(`${base}/health`)).status).toBe(503);
    expect((await fetch(`${base}/health`, { method: 'POST', body: 'sick' })).status).toBe(400);
    expect((await fetch(`${base}/health`)).status).toBe(503);
    await fetch(`${base}/health`, { method: 'POST', body: '200' });
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });
});

describe('its WebSocket echo at /echo', () => {
  it('echoes text and binary frames of every length encoding, and fragmented messages whole', async () => {
    const client = await openWebSocket(false);
    client.send(0x1, 'hello, mesh');
    expect(await client.read()).toEqual({ fin: true, opcode: 0x1, payload: Buffer.from('hello, mesh') });
    for (const size of [0, 125, 126, 65535, 70_000]) {
      const payload = randomBytes(size);
      client.send(0x2, payload);
      const echoed = await client.read();
      expect(echoed.opcode).toBe(0x2);
      expect(echoed.payload.equals(payload), `${size} bytes`).toBe(true);
    }
    client.send(0x1, 'frag', { fin: false });
    client.send(0x0, 'men', { fin: false });
    client.send(0x0, 'ted');
    expect((await client.read()).payload.toString()).toBe('fragmented');
    client.send(0x8, Buffer.from([0x03, 0xe8]));
    expect(await client.read()).toEqual({ fin: true, opcode: 0x8, payload: Buffer.from([0x03, 0xe8]) });
    await client.closed();
  });

  it('answers a ping with a pong carrying the same data, between fragments too', async () => {
    const client = await openWebSocket(false);
    client.send(0x9, 'are you there');
    expect(await client.read()).toEqual({ fin: true, opcode: 0xa, payload: Buffer.from('are you there') });
    client.send(0x1, 'a', { fin: false });
    client.send(0x9, 'still');
    client.send(0x0, 'b');
    expect((await client.read()).opcode).toBe(0xa);
    expect((await client.read()).payload.toString()).toBe('ab');
    client.send(0x8, Buffer.alloc(0));
    expect((await client.read()).opcode).toBe(0x8);
    await client.closed();
  });

  it('closes with 1002 on an unmasked client frame', async () => {
    const client = await openWebSocket(false);
    client.send(0x1, 'not masked', { masked: false });
    const close = await client.read();
    expect(close.opcode).toBe(0x8);
    expect(close.payload.readUInt16BE(0)).toBe(1002);
    await client.closed();
  });

  it('refuses an upgrade elsewhere than /echo, and answers GET /echo without one as usual', async () => {
    const socket = tcpConnect({ host: '127.0.0.1', port: Number(new URL(base).port) });
    await once(socket, 'connect');
    socket.write(
      'GET /other HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    const [answer] = (await once(socket, 'data')) as [Buffer];
    expect(answer.toString()).toMatch(/^HTTP\/1\.1 400 /);
    socket.destroy();
    expect(await (await fetch(`${base}/echo`)).text()).toMatch(/^Hostname: web-1\n/);
  });
});

describe('its TLS mode (TLS_CERT and TLS_KEY)', () => {
  const get = (path: string, method = 'GET', body?: string) =>
    new Promise<{ status: number; body: string; fingerprint: string }>((resolve, reject) => {
      const request = https.request(
        {
          host: '127.0.0.1',
          port: tlsPort,
          path,
          method,
          servername: 'whoami.test',
          ca: readFileSync(certFile),
          agent: false,
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              body: text,
              fingerprint: (response.socket as TLSSocket).getPeerCertificate().fingerprint256,
            }),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });

  it('serves the same answers over HTTPS with the given certificate', async () => {
    const answer = await get('/tls/path');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(/^Hostname: web-1\n/);
    expect(answer.body).toContain('GET /tls/path HTTP/1.1\n');
    expect(answer.fingerprint).toBe(new X509Certificate(readFileSync(certFile)).fingerprint256);
    expect((await get('/health')).status).toBe(200);
    expect((await get('/health', 'POST', '502')).status).toBe(200);
    expect((await get('/health')).status).toBe(502);
  });

  it('echoes over wss too', async () => {
    const client = await openWebSocket(true);
    client.send(0x1, 'over tls');
    expect((await client.read()).payload.toString()).toBe('over tls');
    client.send(0x8, Buffer.from([0x03, 0xe8]));
    expect((await client.read()).opcode).toBe(0x8);
    await client.closed();
  });
});
