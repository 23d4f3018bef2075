import { X509Certificate } from 'node:crypto';

/**
 * What a certificate says its holder is, in its subject's OU: the control plane's server
 * certificate, a node's (CN is the node id), or a user's client bundle (CN is the username).
 */
export const certificateRoles = {
  controlPlane: 'switchyard-control-plane',
  node: 'switchyard-node',
  user: 'switchyard-user',
} as const;
export type CertificateRole = (typeof certificateRoles)[keyof typeof certificateRoles];

export interface CertificateIdentity {
  role: CertificateRole;
  commonName: string;
  /** Upper-case hex, as Node's X509Certificate and TLS peer certificates give it. */
  serial: string;
  notAfter: Date;
}

const knownRoles = new Set<string>(Object.values(certificateRoles));

function subjectField(subject: string, field: string): string | undefined {
  return subject
    .split('\n')
    .find((line) => line.startsWith(`${field}=`))
    ?.slice(field.length + 1);
}

/** The identity in a certificate we issued; undefined when it carries none we know. */
export function readIdentity(certificate: X509Certificate | string): CertificateIdentity | undefined {
  const cert = typeof certificate === 'string' ? new X509Certificate(certificate) : certificate;
  const role = subjectField(cert.subject, 'OU');
  const commonName = subjectField(cert.subject, 'CN');
  if (role === undefined || commonName === undefined || !knownRoles.has(role)) return undefined;
  return {
    role: role as CertificateRole,
    commonName,
    serial: normalizeSerial(cert.serialNumber),
    notAfter: new Date(cert.validTo),
  };
}

/** Serials compare as upper-case hex without leading zeros, whichever API printed them. */
export function normalizeSerial(serial: string): string {
  return serial
    .replace(/:/g, '')
    .toUpperCase()
    .replace(/^0+(?=.)/, '');
}
