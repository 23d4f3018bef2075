import { createPrivateKey, createPublicKey } from 'node:crypto';
import { keyAlgorithm, webcrypto, x509, type CryptoKey as WebCryptoKey } from './crypto.js';

export interface KeyPair {
  privateKey: WebCryptoKey;
  publicKey: WebCryptoKey;
}

export async function generateKeyPair(): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(keyAlgorithm, true, ['sign', 'verify'])) as KeyPair;
}

/** PKCS#8 PEM, the form Node's TLS and the docker CLI read. */
export async function privateKeyPem(keys: KeyPair): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/** A key pair back from its PKCS#8 PEM (the public half is derived from the private one). */
export async function importKeyPair(pem: string): Promise<KeyPair> {
  const key = createPrivateKey(pem);
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const privateKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, keyAlgorithm, true, ['sign']);
  const publicKey = await webcrypto.subtle.importKey('spki', spki, keyAlgorithm, true, ['verify']);
  return { privateKey, publicKey };
}
