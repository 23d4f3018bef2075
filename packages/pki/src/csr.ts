import { keyAlgorithm, x509, type CryptoKey as WebCryptoKey } from './crypto.js';
import type { KeyPair } from './keys.js';

/** A certificate signing request for `keys`: the private key never leaves the host that made it. */
export async function createCsr(keys: KeyPair, commonName: string): Promise<string> {
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${commonName.replace(/([,+"\\<>;=])/g, '\\$1')}`,
    keys,
    signingAlgorithm: keyAlgorithm,
  });
  return csr.toString('pem');
}

export class CsrError extends Error {}

/** Bounds what a caller can make the control plane parse. */
const maxCsrLength = 8_192;

/**
 * The public key of a well-formed, self-signed P-256 request. Everything else in it (the name it
 * asks for, extensions) is ignored: the control plane decides what a certificate says.
 */
export async function readCsr(pem: string): Promise<WebCryptoKey> {
  if (pem.length > maxCsrLength) throw new CsrError(`csr: longer than ${maxCsrLength} characters`);
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(pem);
  } catch {
    throw new CsrError('csr: not a PEM certificate signing request');
  }
  const algorithm = csr.publicKey.algorithm as { name: string; namedCurve?: string };
  if (algorithm.name !== 'ECDSA' || algorithm.namedCurve !== keyAlgorithm.namedCurve) {
    throw new CsrError(`csr: the key must be ECDSA ${keyAlgorithm.namedCurve}`);
  }
  const valid = await csr.verify().catch(() => false);
  if (!valid) throw new CsrError('csr: its signature does not match its key');
  return csr.publicKey.export(keyAlgorithm, ['verify']);
}
