import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { request } from 'node:https';
import { pipeline } from 'node:stream/promises';
import { checkControlPlaneIdentity } from '../../tls/pinned-ca.js';
import type { NodeIdentity } from '../../tls/node-identity.js';

/**
 * Downloads an image archive from the control plane over mTLS (the node's certificate, the cluster's
 * CA, the control plane's identity checked) into `file` (0600), and checks its sha256 against
 * `digest`; the file is removed when anything fails.
 */
export async function downloadArchive(
  url: URL,
  identity: NodeIdentity,
  digest: string,
  file: string,
): Promise<void> {
  const hash = createHash('sha256');
  try {
    const response = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const sent = request(url, {
        method: 'GET',
        ca: identity.caPem,
        cert: identity.certPem,
        key: identity.keyPem,
        checkServerIdentity: checkControlPlaneIdentity,
        timeout: 60_000,
      });
      sent.on('response', resolve);
      sent.on('timeout', () => sent.destroy(new Error('no answer within 60 s')));
      sent.on('error', reject);
      sent.end();
    });
    if (response.statusCode !== 200) {
      response.resume();
      throw new Error(`the control plane answered ${response.statusCode ?? '?'} for ${url.pathname}`);
    }
    response.on('data', (chunk: Buffer) => hash.update(chunk));
    await pipeline(response, createWriteStream(file, { mode: 0o600 }));
    const got = `sha256:${hash.digest('hex')}`;
    if (got !== digest) throw new Error(`the archive's digest is ${got}, not ${digest}`);
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
}
