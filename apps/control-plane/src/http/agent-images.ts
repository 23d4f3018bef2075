import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { digestSchema, type Digest } from '@switchyard/contracts';
import { archiveFile } from '../images/archive-store.js';
import { allImages } from '../images/image-rows.js';
import type { Services } from '../trpc/context.js';

/** `imageArchivePath(digest)` (contracts images.ts): where agents download loaded archives. */
export const agentImagesPrefix = '/agent/images/';

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message } }));
}

/** The node certificate of a TLS peer whose chain the cluster CA verified, or why there is none. */
function peerCertificate(req: IncomingMessage) {
  const socket = req.socket as Partial<TLSSocket>;
  if (socket.encrypted !== true) return 'a node certificate over TLS is required';
  const presented = socket.getPeerX509Certificate?.();
  if (presented === undefined) return 'a node certificate over TLS is required';
  if (socket.authorized !== true) return "the certificate presented was not issued by this cluster's CA";
  return presented;
}

/**
 * Streams a loaded archive to an agent holding a valid node certificate. The digest is the
 * archive's own (an image's `source.digest`) or the id of an image loaded from one.
 */
export async function serveImageArchive(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return refuse(res, 405, `${req.method} is not allowed here`);
  const certificate = peerCertificate(req);
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (typeof certificate === 'string') return refuse(res, 403, certificate);
  const check = await services.certificates.checkPeer(certificate, 'switchyard-node');
  if (!check.ok) {
    await services.events.record({
      kind: 'agent.refused',
      severity: 'warning',
      actor: `agent@${peer}`,
      subject: null,
      message: `image download from ${peer} refused: ${check.reason}`,
    });
    return refuse(res, 403, check.reason);
  }
  const path = (req.url ?? '').split('?')[0] ?? '';
  const parsed = digestSchema.safeParse(decodeURIComponent(path.slice(agentImagesPrefix.length)));
  if (!parsed.success) return refuse(res, 400, `digest: ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  const archive = (await allImages(services.db)).find(
    (image) =>
      image.source.kind === 'archive' && (image.source.digest === parsed.data || image.id === parsed.data),
  )?.source;
  if (archive?.kind !== 'archive') return refuse(res, 404, `no loaded archive has digest ${parsed.data}`);
  const file = archiveFile(services.config.dataDir, archive.digest as Digest);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return refuse(res, 404, `the archive ${archive.digest} is missing from the store`);
  }
  res.writeHead(200, { 'content-type': 'application/x-tar', 'content-length': String(size) });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
