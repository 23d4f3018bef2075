import { once } from 'node:events';
import { X509Certificate } from 'node:crypto';
import { connect, createServer, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  CertificateAuthority,
  certificateRoles,
  createAuthority,
  createCsr,
  CsrError,
  formatJoinToken,
  generateKeyPair,
  parseJoinToken,
  privateKeyPem,
  readCsr,
  readIdentity,
} from './index.js';

async function authority(): Promise<CertificateAuthority> {
  return CertificateAuthority.load(await createAuthority('test cluster'));
}

async function issued(ca: CertificateAuthority, role: 'node' | 'controlPlane', name: string) {
  const keys = await generateKeyPair();
  const cert = await ca.issue({
    role: certificateRoles[role],
    commonName: name,
    publicKey: await readCsr(await createCsr(keys, name)),
    lifetimeMs: 60_000,
    usage: role === 'node' ? 'client' : 'server',
    subjectAltNames: { ips: ['127.0.0.1'] },
  });
  return { ...cert, keyPem: await privateKeyPem(keys) };
}

describe('the cluster CA', () => {
  it('signs a node certificate from a request that Node verifies against the CA', async () => {
    const ca = await authority();
    const node = await issued(ca, 'node', 'node-id-1');
    const cert = new X509Certificate(node.certPem);
    expect(cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(readIdentity(cert)).toEqual({
      role: 'switchyard-node',
      commonName: 'node-id-1',
      serial: node.serial,
      notAfter: new Date(cert.validTo),
    });
    expect(node.notAfter.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it('serves mutual TLS: the server sees the node, and a client of another CA is not authorized', async () => {
    const ca = await authority();
    const server = await issued(ca, 'controlPlane', 'control plane');
    const node = await issued(ca, 'node', 'node-7');
    const stranger = await issued(await authority(), 'node', 'node-7');
    const tls = createServer(
      {
        cert: server.certPem,
        key: server.keyPem,
        ca: ca.certPem,
        requestCert: true,
        rejectUnauthorized: false,
      },
      (socket) =>
        socket.end(
          socket.authorized
            ? `hello ${readIdentity(socket.getPeerCertificate().raw.toString('base64') === '' ? '' : new X509Certificate(socket.getPeerCertificate().raw))?.commonName}`
            : 'who are you',
        ),
    );
    tls.listen(0, '127.0.0.1');
    await once(tls, 'listening');
    const port = (tls.address() as AddressInfo).port;
    const ask = async (client: { certPem: string; keyPem: string }) => {
      const socket: TLSSocket = connect({
        port,
        host: '127.0.0.1',
        ca: ca.certPem,
        cert: client.certPem,
        key: client.keyPem,
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      await once(socket, 'end');
      return text;
    };
    expect(await ask(node)).toBe('hello node-7');
    expect(await ask(stranger)).toBe('who are you');
    tls.close();
  });

  it('refuses a request that is not a well-formed signed P-256 CSR, naming the field', async () => {
    await expect(readCsr('not a csr')).rejects.toThrow(CsrError);
    await expect(readCsr('x'.repeat(10_000))).rejects.toThrow(/csr: longer than/);
    const good = await createCsr(await generateKeyPair(), 'n');
    const tampered = good.replace(/[A-Za-z](?=[A-Za-z0-9+/=]*\n-----END)/, (c) => (c === 'A' ? 'B' : 'A'));
    await expect(readCsr(tampered)).rejects.toThrow(/^csr: /);
  });
});

describe('join tokens', () => {
  it('carry the CA digest and round-trip', async () => {
    const ca = await authority();
    const token = formatJoinToken(ca.digest, 'a'.repeat(43));
    expect(parseJoinToken(token)).toEqual({ caDigest: ca.digest, secret: 'a'.repeat(43) });
  });

  it('are not read from text of another shape', () => {
    expect(parseJoinToken('syjoin-abc')).toBeUndefined();
    expect(parseJoinToken(`SYJOIN-2-${'0'.repeat(64)}-${'a'.repeat(43)}`)).toBeUndefined();
    expect(parseJoinToken(`SYJOIN-1-${'0'.repeat(64)}-short`)).toBeUndefined();
  });
});
