import type { CreatedBundle } from '@switchyard/contracts';
import type { CertificateAuthority } from '@switchyard/pki';
import type { Db } from '../db/client.js';
import { ServiceError } from '../errors.js';
import type { EventLog } from '../events/event-log.js';
import type { CertificateStore } from '../pki/certificate-store.js';
import { buildClientBundle, bundleFileName } from './client-bundle.js';

export interface BundleDeps {
  db: Db;
  events: EventLog;
  ca: CertificateAuthority;
  certificates: CertificateStore;
  config: { bundleTtlMs: number; advertiseUrl?: string | undefined };
  advertisedUrl: () => string;
  dockerTlsPort: () => number | null;
}

export interface BundleView {
  serial: string;
  username: string;
  label: string;
  /** ISO 8601, as the dashboard reads them. */
  createdAt: string;
  notAfter: string;
  revokedAt: string | null;
}

/** Where a bundle's docker CLI dials: the advertised host (or this host's first IPv4) on the TLS port. */
function tlsDockerHost(deps: BundleDeps): string {
  const port = deps.dockerTlsPort();
  if (port === null) {
    // The cluster's state, not the request, is in the way: a 409 as for any other conflict.
    throw new ServiceError(
      'CONFLICT',
      'the Engine API over TLS is off (SWITCHYARD_DOCKER_TLS=off): a client bundle would reach nothing',
    );
  }
  const host = new URL(deps.advertisedUrl()).host.replace(/:\d+$/, '');
  return `tcp://${host}:${port}`;
}

/** Issues a client certificate for `username` and hands it over once, zipped, with the CA and env.sh. */
export async function createBundle(
  deps: BundleDeps,
  username: string,
  label: string,
  actor: string,
): Promise<CreatedBundle> {
  const user = await deps.db.user.findUnique({ where: { username } });
  if (user === null) throw new ServiceError('NOT_FOUND', `username: no user named ${username}`, 'username');
  const dockerHost = tlsDockerHost(deps);
  const issued = await deps.certificates.issueUser(user, label, deps.config.bundleTtlMs);
  await deps.events.record({
    kind: 'bundle.created',
    severity: 'info',
    actor,
    subject: issued.serial,
    message: `${actor} created client bundle ${issued.serial} ("${label}") for ${username}`,
  });
  const zip = buildClientBundle({
    username,
    label,
    dockerHost,
    caPem: deps.ca.certPem,
    certPem: issued.certPem,
    keyPem: issued.keyPem,
    serial: issued.serial,
    notAfter: issued.notAfter,
  });
  return {
    serial: issued.serial,
    notAfter: issued.notAfter.toISOString(),
    fileName: bundleFileName(username, label),
    zipBase64: Buffer.from(zip).toString('base64'),
  };
}

/** Bundles of one user, or of everyone (`userId` undefined), newest first. */
export async function listBundles(db: Db, userId?: string): Promise<BundleView[]> {
  const rows = await db.certificate.findMany({
    where: { kind: 'user', ...(userId === undefined ? {} : { userId }) },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map((row) => ({
    serial: row.serial,
    username: row.subject,
    label: row.label ?? '',
    createdAt: row.createdAt.toISOString(),
    notAfter: row.notAfter.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  }));
}

/**
 * Revokes a bundle: its holder is refused at the next request. `ownerId` limits it to one user's
 * bundles (a non-admin's own); another's serial is "not found" to them, as if it did not exist.
 */
export async function revokeBundle(
  deps: Pick<BundleDeps, 'db' | 'events'>,
  serial: string,
  actor: string,
  ownerId?: string,
): Promise<void> {
  const row = await deps.db.certificate.findUnique({ where: { serial } });
  if (row === null || row.kind !== 'user' || (ownerId !== undefined && row.userId !== ownerId)) {
    throw new ServiceError('NOT_FOUND', `serial: no client bundle ${serial}`, 'serial');
  }
  if (row.revokedAt !== null) {
    throw new ServiceError('CONFLICT', `serial: bundle ${serial} is already revoked`, 'serial');
  }
  await deps.events.commit(
    (tx) => tx.certificate.update({ where: { serial }, data: { revokedAt: new Date() } }),
    () => ({
      kind: 'bundle.revoked',
      severity: 'info',
      actor,
      subject: serial,
      message: `${actor} revoked client bundle ${serial} ("${row.label ?? ''}") of ${row.subject}`,
    }),
  );
}
