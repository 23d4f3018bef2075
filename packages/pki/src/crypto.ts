// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API
// before the library loads; this module is the one place that sets it up.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// The library types its provider with the DOM's Crypto, which this DOM-less build does not declare.
x509.cryptoProvider.set(webcrypto as never);

/** Web Crypto's key type, as Node's types name it. */
export type CryptoKey = webcrypto.CryptoKey;

/** ECDSA P-256 with SHA-256: small keys, fast to make on join, accepted by Go's and Node's TLS. */
export const keyAlgorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export { x509, webcrypto };
