import { randomBytes, type X509Certificate } from 'node:crypto';
import { keyAlgorithm, x509, type CryptoKey as WebCryptoKey } from './crypto.js';
import { generateKeyPair, importKeyPair, privateKeyPem, type KeyPair } from './keys.js';
import { certificateDigest } from './digest.js';
import { normalizeSerial, type CertificateRole } from './identity.js';

/** A CA's certificate and key as kept on disk. */
export interface AuthorityFiles {
  certPem: string;
  keyPem: string;
}

export interface IssueRequest {
  role: CertificateRole;
  commonName: string;
  publicKey: WebCryptoKey;
  lifetimeMs: number;
  /** Server certificates name where they are reached: `IP:…` or DNS names. */
  subjectAltNames?: { ips?: string[]; dnsNames?: string[] };
  /** serverAuth, clientAuth or both. */
  usage: 'server' | 'client' | 'both';
  now?: Date;
}

export interface IssuedCertificate {
  certPem: string;
  /** Normalized upper-case hex (see normalizeSerial). */
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

/** Certificates are valid from a minute back, so a host whose clock is a little behind accepts them. */
const clockSkewMs = 60_000;

/**
 * When a certificate we issued was made: its validity starts a minute earlier (clock skew), so its
 * life, and when to renew it, count from here rather than from notBefore.
 */
export function issuedAt(certificate: X509Certificate): Date {
  return new Date(new Date(certificate.validFrom).getTime() + clockSkewMs);
}

const caLifetimeMs = 10 * 365 * 24 * 3_600_000;

function randomSerial(): string {
  // 16 random bytes with the top bit clear: positive, and unguessable as RFC 5280 advises.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

/** Escapes a value for an RFC 4514 distinguished name. */
function dnValue(value: string): string {
  return value
    .replace(/([,+"\\<>;=])/g, '\\$1')
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ');
}

/** A new self-signed CA for a cluster, good for ten years. */
export async function createAuthority(name: string, now = new Date()): Promise<AuthorityFiles> {
  const keys = await generateKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=${dnValue(name)}, O=Switchyard`,
    notBefore: new Date(now.getTime() - clockSkewMs),
    notAfter: new Date(now.getTime() + caLifetimeMs),
    keys,
    signingAlgorithm: keyAlgorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await privateKeyPem(keys) };
}

/** A loaded CA: signs certificates for the control plane, nodes and users. */
export class CertificateAuthority {
  readonly digest: string;
  private readonly cert: x509.X509Certificate;

  private constructor(
    readonly certPem: string,
    private readonly keys: KeyPair,
  ) {
    this.cert = new x509.X509Certificate(certPem);
    this.digest = certificateDigest(certPem);
  }

  static async load(files: AuthorityFiles): Promise<CertificateAuthority> {
    return new CertificateAuthority(files.certPem, await importKeyPair(files.keyPem));
  }

  async issue(request: IssueRequest): Promise<IssuedCertificate> {
    const now = request.now ?? new Date();
    const notBefore = new Date(now.getTime() - clockSkewMs);
    const notAfter = new Date(Math.min(now.getTime() + request.lifetimeMs, this.cert.notAfter.getTime()));
    const usages = {
      server: [x509.ExtendedKeyUsage.serverAuth],
      client: [x509.ExtendedKeyUsage.clientAuth],
      both: [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
    }[request.usage];
    const names: x509.JsonGeneralName[] = [
      ...(request.subjectAltNames?.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
      ...(request.subjectAltNames?.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ];
    const serial = randomSerial();
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial,
      subject: `CN=${dnValue(request.commonName)}, OU=${request.role}, O=Switchyard`,
      issuer: this.cert.subject,
      notBefore,
      notAfter,
      publicKey: request.publicKey,
      signingKey: this.keys.privateKey,
      signingAlgorithm: keyAlgorithm,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension(usages, false),
        await x509.AuthorityKeyIdentifierExtension.create(this.cert, false),
        ...(names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names, false)] : []),
      ],
    });
    return { certPem: cert.toString('pem'), serial: normalizeSerial(serial), notBefore, notAfter };
  }
}
