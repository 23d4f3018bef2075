import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCsr, generateKeyPair } from '@switchyard/pki';
import { closeTestCluster, startTestCluster } from '../test-support/test-cluster.js';
import { caCertificatePath, loadOrCreateClusterCa, tlsDirectory } from './cluster-ca.js';
import { ServerCertificate } from './server-certificate.js';

describe('the cluster CA', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-ca-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is made once, kept root-only, and the same CA is loaded at the next start', async () => {
    const first = await loadOrCreateClusterCa(dataDir);
    const again = await loadOrCreateClusterCa(dataDir);
    expect(again.digest).toBe(first.digest);
    expect(statSync(tlsDirectory(dataDir)).mode & 0o777).toBe(0o700);
    expect(statSync(caCertificatePath(dataDir)).mode & 0o777).toBe(0o600);
    expect(statSync(join(tlsDirectory(dataDir), 'ca-key.pem')).mode & 0o777).toBe(0o600);
  });

  it("issues the control plane's certificate for every address of this host", async () => {
    const ca = await loadOrCreateClusterCa(dataDir);
    const server = await ServerCertificate.issue(ca, { lifetimeMs: 60_000, extraNames: ['cp.example.com'] });
    server.close();
    const cert = new X509Certificate(server.pem().certPem);
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.subjectAltName).toContain('DNS:cp.example.com');
    expect(cert.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
  });
});

describe('issued certificates', () => {
  it('admit their holder until revoked, and only in the role they were issued for', async () => {
    const cluster = await startTestCluster('certificates');
    try {
      const { certificates } = cluster.controlPlane.services;
      const csr = await createCsr(await generateKeyPair(), 'ignored');
      const issued = await certificates.issueNode('node-1', csr, 60_000);
      const cert = new X509Certificate(issued.certPem);
      expect(await certificates.checkPeer(cert, 'switchyard-node')).toMatchObject({
        ok: true,
        identity: { commonName: 'node-1' },
      });
      expect(await certificates.checkPeer(cert, 'switchyard-user')).toEqual({
        ok: false,
        reason: 'the certificate is not a switchyard-user certificate',
      });
      expect(await certificates.revokeNode('node-1')).toBe(1);
      expect(await certificates.checkPeer(cert, 'switchyard-node')).toEqual({
        ok: false,
        reason: `certificate ${issued.serial} was revoked`,
      });
    } finally {
      await closeTestCluster(cluster);
    }
    // Each test starts a control plane of its own: slower than the default 5 s on a busy machine.
  }, 30_000);

  it('are not issued for a malformed request', async () => {
    const cluster = await startTestCluster('bad-csr');
    try {
      const { certificates } = cluster.controlPlane.services;
      await expect(certificates.issueNode('node-1', 'garbage', 60_000)).rejects.toThrow(/^csr: /);
    } finally {
      await closeTestCluster(cluster);
    }
  }, 30_000);
});
