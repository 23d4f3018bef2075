import type { IncomingMessage } from 'node:http';
import { isLoopbackAddress } from '../http/request-origin.js';
import { DockerApiError } from './docker-error.js';

/** The largest request body the Engine API reads, as the control plane's other listener. */
export const maxBodyBytes = 1024 * 1024;

const loopbackNames = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(1, hostHeader.indexOf(']'));
  return hostHeader.split(':')[0] ?? '';
}

function plainAddress(address: string | undefined): string {
  return address?.startsWith('::ffff:') ? address.slice('::ffff:'.length) : (address ?? '');
}

/**
 * What dockerd refuses before routing, and more: a browser's request (it carries `Origin`; the
 * docker CLI never does), on plain TCP a Host that is neither a loopback name nor the address the
 * connection arrived at (a DNS-rebinding page names its own domain; a page reaches neither a unix
 * socket nor a listener that demands a client certificate), a body over 1 MiB, and a body that is
 * not JSON (but `docker load`'s tar). The docker CLI sends `Content-Type: text/plain` with an empty body on bodiless POSTs, so
 * a missing or empty body may have any type.
 */
export function checkEngineRequest(
  req: IncomingMessage,
  options: { checkHost: boolean; archiveBody?: boolean },
): void {
  const origin = req.headers.origin;
  if (origin !== undefined)
    throw new DockerApiError(
      403,
      `browser requests are refused: this Engine API takes no cross-origin requests (Origin: ${origin})`,
    );
  const host = req.headers.host;
  if (host === undefined || host === '') throw new DockerApiError(400, 'missing Host header');
  const hostname = hostnameOf(host).toLowerCase();
  const local = plainAddress(req.socket.localAddress);
  if (
    options.checkHost &&
    !loopbackNames.has(hostname) &&
    hostname !== local &&
    !(isLoopbackAddress(hostname) && isLoopbackAddress(local))
  )
    throw new DockerApiError(
      403,
      `Host ${host} is refused: use this endpoint's address (${local}) or localhost (DNS-rebinding defence)`,
    );
  // `docker load` streams a tar: its handler stores it as it arrives, up to the image size limit.
  if (options.archiveBody === true) return;
  const length = Number(req.headers['content-length'] ?? 0);
  if (Number.isFinite(length) && length > maxBodyBytes)
    throw new DockerApiError(413, `request body is larger than ${maxBodyBytes} bytes (1 MiB)`);
  const hasBody = length > 0 || req.headers['transfer-encoding'] !== undefined;
  const contentType = req.headers['content-type'];
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (hasBody && contentType !== undefined && mediaType !== 'application/json')
    throw new DockerApiError(
      400,
      `unsupported Content-Type header (${contentType}): must be 'application/json'`,
    );
}
