import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';

/** socket.io's path: the dashboard's live channel, served by the control plane. */
export const livePath = '/socket.io/';

export function isLiveRequest(req: IncomingMessage): boolean {
  return (req.url ?? '').startsWith(livePath);
}

/**
 * Passes the live channel's polling requests to the control plane, so the browser opens it on the
 * dashboard's own origin (and its TLS) rather than on the control plane's port.
 */
export function proxyLiveRequest(target: URL, req: IncomingMessage, res: ServerResponse): void {
  const upstream = request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('the control plane is not reachable');
  });
  req.pipe(upstream);
}

/** The same for the WebSocket upgrade: the request is replayed upstream and the bytes piped both ways. */
export function proxyLiveUpgrade(target: URL, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const upstream = connect(Number(target.port), target.hostname, () => {
    const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length > 0) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  const close = () => {
    upstream.destroy();
    socket.destroy();
  };
  upstream.on('error', close);
  socket.on('error', close);
  upstream.on('close', close);
  socket.on('close', close);
}
