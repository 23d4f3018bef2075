import { createHash, X509Certificate } from 'node:crypto';

/** SHA-256 of the certificate's DER, lower-case hex: what a join token pins the CA by. */
export function certificateDigest(certificate: X509Certificate | string | Buffer): string {
  const der =
    certificate instanceof X509Certificate
      ? certificate.raw
      : typeof certificate === 'string'
        ? new X509Certificate(certificate).raw
        : certificate;
  return createHash('sha256').update(der).digest('hex');
}
