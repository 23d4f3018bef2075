import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { certificateDigest, createCsr, generateKeyPair, privateKeyPem } from '@switchyard/pki';

/**
 * `<state dir>/tls`: the cluster CA the join token pinned (`ca.pem`), this node's key
 * (`node-key.pem`, made here, never sent anywhere) and the certificate the control plane issued for
 * it (`node-cert.pem`). Directory 0700, files 0600.
 */
export interface NodeIdentity {
  caPem: string;
  keyPem: string;
  certPem: string;
}

/** The state dir's subdirectory that holds the node's identity. */
export const identityDirName = 'tls';

export function tlsDirectory(stateDir: string) {
  const dir = join(stateDir, identityDirName);
  return { dir, ca: join(dir, 'ca.pem'), key: join(dir, 'node-key.pem'), cert: join(dir, 'node-cert.pem') };
}

async function readText(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined);
}

function matches(certPem: string, keyPem: string): boolean {
  try {
    return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

async function writePrivate(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}

/**
 * The stored identity, or undefined when there is none. Key and certificate are replaced one rename
 * after the other; a crash between the two leaves the new certificate in `node-cert.pem.tmp`, and
 * it is read from there when it is the one that matches the key (the next save puts it in place).
 */
export async function loadIdentity(stateDir: string): Promise<NodeIdentity | undefined> {
  const paths = tlsDirectory(stateDir);
  const [caPem, keyPem, certPem, pendingCert] = await Promise.all(
    [paths.ca, paths.key, paths.cert, `${paths.cert}.tmp`].map(readText),
  );
  if (caPem === undefined || keyPem === undefined) return undefined;
  if (certPem !== undefined && matches(certPem, keyPem)) return { caPem, keyPem, certPem };
  if (pendingCert !== undefined && matches(pendingCert, keyPem))
    return { caPem, keyPem, certPem: pendingCert };
  return undefined;
}

/** The CA the join token pinned, kept before the join so later connections trust only it. */
export async function saveCa(stateDir: string, caPem: string): Promise<void> {
  const paths = tlsDirectory(stateDir);
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  await chmod(paths.dir, 0o700);
  await writePrivate(paths.ca, caPem);
}

/** A new key and its certificate: both written in full before either replaces the old pair. */
export async function saveKeyAndCertificate(
  stateDir: string,
  keyPem: string,
  certPem: string,
): Promise<void> {
  const paths = tlsDirectory(stateDir);
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  await writeFile(`${paths.key}.tmp`, keyPem, { mode: 0o600 });
  await writeFile(`${paths.cert}.tmp`, certPem, { mode: 0o600 });
  await rename(`${paths.key}.tmp`, paths.key);
  await rename(`${paths.cert}.tmp`, paths.cert);
}

/** SHA-256 of the stored CA: whether the identity belongs to the cluster a join token names. */
export function identityCaDigest(identity: NodeIdentity): string {
  return certificateDigest(identity.caPem);
}

/** A new P-256 key (it never leaves this host) and a request for its certificate. */
export async function newKeyRequest(name: string): Promise<{ keyPem: string; csr: string }> {
  const keys = await generateKeyPair();
  return { keyPem: await privateKeyPem(keys), csr: await createCsr(keys, name) };
}
