import type { X509Certificate } from 'node:crypto';
import {
  certificateRoles,
  generateKeyPair,
  privateKeyPem,
  readCsr,
  readIdentity,
  type CertificateAuthority,
  type CertificateIdentity,
  type IssuedCertificate,
} from '@switchyard/pki';
import type { Db, Tx } from '../db/client.js';

export interface IssuedBundleCertificate extends IssuedCertificate {
  /** Made here, handed over once in the bundle, never stored. */
  keyPem: string;
}

/** Why a verified chain still does not admit its holder; the text goes back to the caller. */
export type PeerCheck = { ok: true; identity: CertificateIdentity } | { ok: false; reason: string };

/**
 * The certificates the cluster CA issued to nodes and users. Each is recorded, so a node's removal
 * or a bundle's revocation refuses its holder at the next connection, whatever its expiry says.
 */
export class CertificateStore {
  constructor(
    private readonly db: Db,
    readonly ca: CertificateAuthority,
  ) {}

  /** A node certificate for the key in `csrPem` (CN is the node's id). Throws CsrError on a bad request. */
  async issueNode(nodeId: string, csrPem: string, lifetimeMs: number, tx: Db | Tx = this.db) {
    const publicKey = await readCsr(csrPem);
    const issued = await this.ca.issue({
      role: certificateRoles.node,
      commonName: nodeId,
      publicKey,
      lifetimeMs,
      usage: 'client',
    });
    await tx.certificate.create({
      data: { serial: issued.serial, kind: 'node', subject: nodeId, nodeId, notAfter: issued.notAfter },
    });
    return issued;
  }

  /** A client certificate and its key for a user's bundle (CN is the username). */
  async issueUser(
    user: { id: string; username: string },
    label: string,
    lifetimeMs: number,
  ): Promise<IssuedBundleCertificate> {
    const keys = await generateKeyPair();
    const issued = await this.ca.issue({
      role: certificateRoles.user,
      commonName: user.username,
      publicKey: keys.publicKey,
      lifetimeMs,
      usage: 'client',
    });
    await this.db.certificate.create({
      data: {
        serial: issued.serial,
        kind: 'user',
        subject: user.username,
        userId: user.id,
        label,
        notAfter: issued.notAfter,
      },
    });
    return { ...issued, keyPem: await privateKeyPem(keys) };
  }

  /**
   * A peer whose chain TLS already verified against the CA: admitted when the certificate is one we
   * recorded, of the expected role, not revoked and not expired.
   */
  async checkPeer(certificate: X509Certificate, role: CertificateIdentity['role']): Promise<PeerCheck> {
    const identity = readIdentity(certificate);
    if (identity === undefined || identity.role !== role) {
      return { ok: false, reason: `the certificate is not a ${role} certificate` };
    }
    const row = await this.db.certificate.findUnique({ where: { serial: identity.serial } });
    if (row === null)
      return { ok: false, reason: `certificate ${identity.serial} is unknown to this cluster` };
    if (row.revokedAt !== null) return { ok: false, reason: `certificate ${identity.serial} was revoked` };
    if (row.notAfter.getTime() <= Date.now()) {
      return { ok: false, reason: `certificate ${identity.serial} expired at ${row.notAfter.toISOString()}` };
    }
    return { ok: true, identity };
  }

  async revokeNode(nodeId: string, tx: Db | Tx = this.db): Promise<number> {
    const { count } = await tx.certificate.updateMany({
      where: { nodeId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return count;
  }

  async revokeUser(userId: string, tx: Db | Tx = this.db): Promise<number> {
    const { count } = await tx.certificate.updateMany({
      where: { userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return count;
  }

  async revoke(serial: string, tx: Db | Tx = this.db): Promise<boolean> {
    const { count } = await tx.certificate.updateMany({
      where: { serial, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return count > 0;
  }
}
