import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { writePrivateFile } from './private-file.js';
import { createSecureContext, type SecureContext } from 'node:tls';
import { certificateRoles, generateKeyPair, privateKeyPem, type CertificateAuthority } from '@switchyard/pki';

/** Every address of this host's interfaces, loopback included: what a server certificate names. */
export function hostAddresses(): string[] {
  const found = new Set<string>(['127.0.0.1', '::1']);
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      // Link-local IPv6 needs a zone to be reached, which a certificate cannot name.
      if (address.family === 'IPv6' && address.address.toLowerCase().startsWith('fe80')) continue;
      found.add(address.address);
    }
  }
  return [...found].sort();
}

export interface ServerCertificateOptions {
  lifetimeMs: number;
  /** Names or addresses this server is also reached at (the advertised URL's host). */
  extraNames: string[];
  /** How often the host's addresses are compared with the certificate's. */
  checkEveryMs?: number;
  /**
   * A directory (0700) to keep `server.pem` and `server-key.pem` in, rewritten at every renewal, for
   * the dashboard's server, which serves the same identity from another process.
   */
  writeTo?: string;
}

/** The files ServerCertificate keeps in `writeTo`. */
export function serverCertificateFiles(directory: string): { cert: string; key: string } {
  return { cert: join(directory, 'server.pem'), key: join(directory, 'server-key.pem') };
}

/**
 * The control plane's TLS identity, issued by the cluster CA at start. It names every address of
 * the host, so the docker CLI verifies it whichever address it dialled; when an address appears
 * (a lab's bridge comes up) or two thirds of its life are gone, a new one is issued and new
 * connections get it.
 */
export class ServerCertificate {
  private current!: { context: SecureContext; certPem: string; keyPem: string; names: string };
  private issuedAt = 0;
  private readonly timer: NodeJS.Timeout;
  private renewing: Promise<void> | undefined;

  private constructor(
    private readonly ca: CertificateAuthority,
    private readonly options: ServerCertificateOptions,
  ) {
    this.timer = setInterval(() => void this.renewIfStale(), options.checkEveryMs ?? 2_000);
    this.timer.unref();
  }

  static async issue(
    ca: CertificateAuthority,
    options: ServerCertificateOptions,
  ): Promise<ServerCertificate> {
    const server = new ServerCertificate(ca, options);
    await server.renew();
    return server;
  }

  context(): SecureContext {
    return this.current.context;
  }

  /** The certificate with the CA after it, and its key, for a listener in another process. */
  pem(): { certPem: string; keyPem: string } {
    return { certPem: this.current.certPem, keyPem: this.current.keyPem };
  }

  close(): void {
    clearInterval(this.timer);
  }

  private names(): { ips: string[]; dnsNames: string[]; key: string } {
    const ips = hostAddresses();
    const dnsNames = ['localhost', hostname()];
    for (const name of this.options.extraNames) {
      if (/^[\d.]+$|:/.test(name)) ips.push(name);
      else dnsNames.push(name);
    }
    const unique = { ips: [...new Set(ips)].sort(), dnsNames: [...new Set(dnsNames)].sort() };
    return { ...unique, key: JSON.stringify(unique) };
  }

  private async renewIfStale(): Promise<void> {
    const aged = Date.now() - this.issuedAt >= (this.options.lifetimeMs * 2) / 3;
    if (!aged && this.names().key === this.current.names) return;
    this.renewing ??= this.renew().finally(() => (this.renewing = undefined));
    await this.renewing.catch((error: unknown) =>
      console.error('cannot renew the server certificate:', error),
    );
  }

  private async renew(): Promise<void> {
    const names = this.names();
    const keys = await generateKeyPair();
    const issued = await this.ca.issue({
      role: certificateRoles.controlPlane,
      commonName: 'Switchyard control plane',
      publicKey: keys.publicKey,
      lifetimeMs: this.options.lifetimeMs,
      usage: 'server',
      subjectAltNames: { ips: names.ips, dnsNames: names.dnsNames },
    });
    const keyPem = await privateKeyPem(keys);
    const certPem = `${issued.certPem.trim()}\n${this.ca.certPem.trim()}\n`;
    this.current = {
      context: createSecureContext({ cert: certPem, key: keyPem, ca: this.ca.certPem }),
      certPem,
      keyPem,
      names: names.key,
    };
    this.issuedAt = Date.now();
    if (this.options.writeTo !== undefined) {
      const files = serverCertificateFiles(this.options.writeTo);
      // The key first: a reader that sees the new certificate then finds its key.
      await writePrivateFile(files.key, keyPem);
      await writePrivateFile(files.cert, certPem);
    }
  }
}
