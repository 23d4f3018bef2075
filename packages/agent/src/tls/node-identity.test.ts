import { mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CertificateAuthority,
  certificateRoles,
  createAuthority,
  generateKeyPair,
  privateKeyPem,
} from '@switchyard/pki';
import { loadIdentity, saveCa, saveKeyAndCertificate, tlsDirectory } from './node-identity.js';

let dir = '';
afterEach(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

async function issued(ca: CertificateAuthority) {
  const keys = await generateKeyPair();
  const cert = await ca.issue({
    role: certificateRoles.node,
    commonName: 'n1',
    publicKey: keys.publicKey,
    lifetimeMs: 60_000,
    usage: 'client',
  });
  return { keyPem: await privateKeyPem(keys), certPem: cert.certPem };
}

describe('the node identity on disk', () => {
  it('round-trips the pinned CA, the key and its certificate, only its owner reading them', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sy-identity-'));
    const ca = await CertificateAuthority.load(await createAuthority('identity test'));
    expect(await loadIdentity(dir)).toBeUndefined();
    await saveCa(dir, ca.certPem);
    expect(await loadIdentity(dir)).toBeUndefined();
    const first = await issued(ca);
    await saveKeyAndCertificate(dir, first.keyPem, first.certPem);
    expect(await loadIdentity(dir)).toEqual({ caPem: ca.certPem, ...first });
    const paths = tlsDirectory(dir);
    expect((await stat(paths.dir)).mode & 0o777).toBe(0o700);
    for (const file of [paths.ca, paths.key, paths.cert]) expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('finds the new certificate when a crash came between the key and the certificate', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sy-identity-'));
    const ca = await CertificateAuthority.load(await createAuthority('identity test'));
    await saveCa(dir, ca.certPem);
    const old = await issued(ca);
    await saveKeyAndCertificate(dir, old.keyPem, old.certPem);
    const renewed = await issued(ca);
    const paths = tlsDirectory(dir);
    await writeFile(`${paths.cert}.tmp`, renewed.certPem, { mode: 0o600 });
    await writeFile(`${paths.key}.tmp`, renewed.keyPem, { mode: 0o600 });
    await rename(`${paths.key}.tmp`, paths.key);
    expect(await loadIdentity(dir)).toEqual({ caPem: ca.certPem, ...renewed });
  });
});
