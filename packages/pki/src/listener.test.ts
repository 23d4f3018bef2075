import { once } from 'node:events';
import { createServer, request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createSecureContext, type TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CertificateAuthority,
  certificateRoles,
  createAuthority,
  createTlsListener,
  generateKeyPair,
  isLoopbackAddress,
  privateKeyPem,
} from './index.js';

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

async function serve(plainFromLoopback: boolean, requireClientCert = false) {
  const ca = await CertificateAuthority.load(await createAuthority('listener test'));
  const serverKeys = await generateKeyPair();
  const server = await ca.issue({
    role: certificateRoles.controlPlane,
    commonName: 'control plane',
    publicKey: serverKeys.publicKey,
    lifetimeMs: 60_000,
    usage: 'server',
    subjectAltNames: { ips: ['127.0.0.1'] },
  });
  const context = createSecureContext({
    cert: server.certPem,
    key: await privateKeyPem(serverKeys),
    ca: ca.certPem,
  });
  const http = createServer((req, res) => {
    const socket = req.socket as TLSSocket;
    res.end(socket.encrypted ? `tls authorized=${socket.authorized}` : 'plain');
  });
  const listener = createTlsListener(http, {
    secureContext: () => context,
    requestCert: true,
    requireClientCert,
    plainFromLoopback,
  });
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  closers.push(() => {
    listener.close();
    http.closeAllConnections();
  });
  return { port: (listener.address() as AddressInfo).port, ca };
}

function get(port: number, tls?: { ca: string; cert?: string; key?: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const callback = (res: import('node:http').IncomingMessage) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(body));
    };
    const req =
      tls === undefined
        ? request({ port, host: '127.0.0.1', path: '/' }, callback)
        : httpsRequest({ port, host: '127.0.0.1', path: '/', ...tls, agent: false }, callback);
    req.on('error', reject);
    req.end();
  });
}

/** A client certificate and its key, issued by `ca`. */
async function clientOf(ca: CertificateAuthority): Promise<{ cert: string; key: string }> {
  const keys = await generateKeyPair();
  const issued = await ca.issue({
    role: certificateRoles.user,
    commonName: 'someone',
    publicKey: keys.publicKey,
    lifetimeMs: 60_000,
    usage: 'client',
  });
  return { cert: issued.certPem, key: await privateKeyPem(keys) };
}

describe('the TLS listener', () => {
  it("admits a client certificate of the context's CA only", async () => {
    const { port, ca } = await serve(false, true);
    expect(await get(port, { ca: ca.certPem, ...(await clientOf(ca)) })).toBe('tls authorized=true');
    const elsewhere = await CertificateAuthority.load(await createAuthority('another CA'));
    await expect(get(port, { ca: ca.certPem, ...(await clientOf(elsewhere)) })).rejects.toThrow();
    await expect(get(port, { ca: ca.certPem })).rejects.toThrow();
  });

  it('tells a verified client certificate from another where none is required', async () => {
    const { port, ca } = await serve(false);
    const elsewhere = await CertificateAuthority.load(await createAuthority('another CA'));
    expect(await get(port, { ca: ca.certPem, ...(await clientOf(ca)) })).toBe('tls authorized=true');
    expect(await get(port, { ca: ca.certPem, ...(await clientOf(elsewhere)) })).toBe('tls authorized=false');
  });

  it('serves TLS and, from loopback, plain HTTP on one port', async () => {
    const { port, ca } = await serve(true);
    expect(await get(port, { ca: ca.certPem })).toBe('tls authorized=false');
    expect(await get(port)).toBe('plain');
  });

  it('gives plain text nothing when plain is not allowed', async () => {
    const { port } = await serve(false);
    const socket = connect(port, '127.0.0.1');
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    await once(socket, 'close');
    expect(received).toBe('');
  });

  it('knows loopback peers', () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('::ffff:127.0.0.5')).toBe(true);
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('192.168.99.1')).toBe(false);
    expect(isLoopbackAddress(undefined)).toBe(false);
  });
});
