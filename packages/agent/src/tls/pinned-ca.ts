import { once } from 'node:events';
import { isIP } from 'node:net';
import { connect, type PeerCertificate } from 'node:tls';
import { certificateDigest, certificateRoles, readIdentity } from '@switchyard/pki';

/** The control plane answered with a chain that is not the one the join token names. */
export class ClusterMismatchError extends Error {}

/**
 * The cluster CA as the control plane at `url` presents it, checked against the digest the join
 * token carries, before anything secret is sent: TLS is opened without trusting anything, the CA
 * is taken from the chain the server sends, its SHA-256 must be the token's, and the server's
 * certificate must be the control plane's, issued by that CA.
 */
export async function fetchPinnedCa(url: URL, caDigest: string, timeoutMs = 10_000): Promise<string> {
  const socket = connect({
    host: url.hostname,
    port: Number(url.port || 443),
    rejectUnauthorized: false,
    ...(isIP(url.hostname) === 0 ? { servername: url.hostname } : {}),
  });
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no TLS handshake within ${timeoutMs} ms`)));
  try {
    await once(socket, 'secureConnect');
    const leaf = socket.getPeerX509Certificate();
    // The issuer as found in the chain the server sent (nothing is trusted yet).
    const ca = leaf?.issuerCertificate;
    const found = ca === undefined ? 'none sent' : certificateDigest(ca);
    const mismatch = (why: string) =>
      new ClusterMismatchError(
        `the control plane at ${url.host} is not the cluster the token names (CA digest ${found}≠${caDigest})${why}`,
      );
    if (ca === undefined || leaf === undefined || found !== caDigest) throw mismatch('');
    if (!ca.ca || !leaf.checkIssued(ca) || !leaf.verify(ca.publicKey)) {
      throw mismatch(': its certificate is not signed by that CA');
    }
    if (readIdentity(leaf)?.role !== certificateRoles.controlPlane) {
      throw mismatch(": its certificate is not the control plane's");
    }
    return ca.toString();
  } finally {
    socket.destroy();
  }
}

/**
 * For the agent channel's TLS (with the pinned CA as its only trust): the server is the cluster's
 * control plane whatever address it was dialled at, since agents may join by any of its addresses.
 */
export function checkControlPlaneIdentity(_host: string, cert: PeerCertificate): Error | undefined {
  const units = [cert.subject.OU].flat();
  return units.includes(certificateRoles.controlPlane)
    ? undefined
    : new Error(`the server's certificate is not a ${certificateRoles.controlPlane} certificate`);
}

/**
 * The pinned CA, asking again while the control plane cannot be reached (it may be starting); a
 * control plane of another cluster ends it at once.
 */
export async function fetchPinnedCaPatiently(
  url: URL,
  caDigest: string,
  log: (line: string) => void,
): Promise<string> {
  let lastLog = 0;
  for (;;) {
    try {
      return await fetchPinnedCa(url, caDigest);
    } catch (error) {
      if (error instanceof ClusterMismatchError) throw error;
      if (Date.now() - lastLog >= 60_000) {
        log(
          `cannot reach ${url.host} to check its CA: ${error instanceof Error ? error.message : String(error)} (retrying)`,
        );
        lastLog = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}
