import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CertificateAuthority, createAuthority } from '@switchyard/pki';
import { privateDirectory } from '../db/migrate.js';
import { writePrivateFile } from './private-file.js';

/** `<data dir>/tls`: the cluster CA's certificate and key, the owner's alone (0700, files 0600). */
export function tlsDirectory(dataDir: string): string {
  return join(dataDir, 'tls');
}

export function caCertificatePath(dataDir: string): string {
  return join(tlsDirectory(dataDir), 'ca.pem');
}

function caKeyPath(dataDir: string): string {
  return join(tlsDirectory(dataDir), 'ca-key.pem');
}

/**
 * The cluster's CA, made at the first start. The key is written before the certificate, so a crash
 * between the two leaves no certificate without its key: the next start makes a new pair.
 */
export async function loadOrCreateClusterCa(dataDir: string): Promise<CertificateAuthority> {
  privateDirectory(tlsDirectory(dataDir));
  const certPath = caCertificatePath(dataDir);
  const keyPath = caKeyPath(dataDir);
  if (existsSync(certPath) && existsSync(keyPath)) {
    const [certPem, keyPem] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    return CertificateAuthority.load({ certPem, keyPem });
  }
  const files = await createAuthority(`Switchyard cluster ${randomBytes(4).toString('hex')}`);
  await writePrivateFile(keyPath, files.keyPem);
  await writePrivateFile(certPath, files.certPem);
  return CertificateAuthority.load(files);
}
