import type { IncomingMessage } from 'node:http';
import { TLSSocket } from 'node:tls';
import { certificateRoles } from '@switchyard/pki';
import { roleAllows, roleSchema, type Role } from '@switchyard/contracts';
import type { Db } from '../db/client.js';
import type { CertificateStore } from '../pki/certificate-store.js';
import { DockerApiError } from './docker-error.js';
import type { Access, DockerApiDeps } from './router.js';

/** Who is calling the Engine API, and with what role. */
export interface EngineCaller {
  username: string;
  role: Role;
}

/** Who is asking on one listener; throws a 401 naming why the caller is not admitted. */
export type Authenticate = (req: IncomingMessage) => Promise<EngineCaller>;

/** The local socket is root's alone (0600), so whoever opens it is root, as with dockerd's. */
export const rootCaller: EngineCaller = { username: 'root', role: 'admin' };
export const asRoot: Authenticate = () => Promise.resolve(rootCaller);

const refused = (reason: string): DockerApiError =>
  new DockerApiError(401, `client certificate refused: ${reason}`);

/**
 * A TLS caller is the user its client certificate names, checked at every request rather than at
 * the handshake: a revoked bundle, a removed user or a changed role applies to open connections too.
 */
export function bundleAuthenticator(deps: {
  db: Pick<Db, 'user' | 'certificate'>;
  certificates: Pick<CertificateStore, 'checkPeer'>;
}): Authenticate {
  return async (req) => {
    const socket = req.socket;
    // The listener drops unverified peers; checked again here, as the identity rests on it.
    const peer =
      socket instanceof TLSSocket && socket.authorized ? socket.getPeerX509Certificate() : undefined;
    if (peer === undefined) throw refused("no client certificate of this cluster's CA (use a client bundle)");
    const check = await deps.certificates.checkPeer(peer, certificateRoles.user);
    if (!check.ok) throw refused(check.reason);
    const user = await deps.db.user.findUnique({ where: { username: check.identity.commonName } });
    const row = await deps.db.certificate.findUnique({ where: { serial: check.identity.serial } });
    // A user removed and made again under the same name does not inherit the old bundles.
    if (user === null || row?.userId !== user.id) {
      throw refused(`user ${check.identity.commonName} no longer exists`);
    }
    return { username: user.username, role: roleSchema.parse(user.role) };
  };
}

/**
 * Refuses, Docker-shaped (403), a caller whose role is below what the route needs, and records it.
 */
export async function authorize(
  caller: EngineCaller,
  access: Access,
  path: string,
  events: DockerApiDeps['events'],
): Promise<void> {
  if (roleAllows(caller.role, access.role)) return;
  await events.record({
    kind: 'auth.denied',
    severity: 'warning',
    actor: `docker-api:${caller.username}`,
    subject: path,
    message: `${caller.username} (${caller.role}) was refused ${access.operation} on the Engine API: it needs the ${access.role} role`,
  });
  throw new DockerApiError(403, `${access.operation} needs the ${access.role} role (you are ${caller.role})`);
}
