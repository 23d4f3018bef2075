import { createServer as createNetServer, isIPv4, type Server as NetServer, type Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { Server as HttpServer } from 'node:http';

export interface TlsListenerOptions {
  /** Read for every connection, so a renewed server certificate takes effect at once. */
  secureContext: () => SecureContext;
  /** Ask clients for a certificate; whether one was given and verified is on the socket (authorized). */
  requestCert: boolean;
  /** A client without a valid certificate is dropped during the handshake. */
  requireClientCert?: boolean;
  /**
   * Plain HTTP from a loopback peer (this machine's CLI, the dashboard's server) is served; from
   * anyone else it gets nothing. Otherwise only TLS is spoken.
   */
  plainFromLoopback: boolean;
  /** A connection that sends nothing for this long is dropped (default 10 s). */
  firstByteTimeoutMs?: number;
  /**
   * A client's end of its sending side leaves ours open: the Engine API's taken-over streams (docker
   * exec) go on sending output after the client closed its input. Off by default.
   */
  allowHalfOpen?: boolean;
}

/** The first byte of a TLS connection: a handshake record. */
const tlsHandshakeRecord = 0x16;

export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || (isIPv4(v4) && v4.startsWith('127.'));
}

/**
 * What tls.Server does once a handshake is done, and a TLSSocket made by hand must do itself:
 * OpenSSL accepts any client certificate during the handshake and only records whether its chain
 * verified against the context's CA; without this a certificate of any CA would be let in.
 */
function verifyPeer(tls: TLSSocket): boolean {
  const handle = (tls as unknown as { _handle: { verifyError(): Error | null } | null })._handle;
  tls.authorized = handle !== null && handle.verifyError() === null;
  return tls.authorized;
}

/**
 * A listener in front of an HTTP server (and whatever is attached to it, such as socket.io) that
 * speaks TLS, telling TLS from plain text by the first byte. One port, one HTTP server: TLS
 * connections reach it as TLS sockets, so handlers read `encrypted` and the peer's certificate.
 */
export function createTlsListener(http: HttpServer, options: TlsListenerOptions): NetServer {
  const timeoutMs = options.firstByteTimeoutMs ?? 10_000;
  const server = { pauseOnConnect: true, allowHalfOpen: options.allowHalfOpen ?? false };
  return createNetServer(server, (socket: Socket) => {
    socket.setTimeout(timeoutMs, () => socket.destroy());
    socket.once('error', () => socket.destroy());
    socket.once('readable', () => {
      const first: Buffer | null = socket.read(1) as Buffer | null;
      if (first === null) {
        socket.destroy();
        return;
      }
      socket.unshift(first);
      socket.setTimeout(0);
      if (first[0] === tlsHandshakeRecord) {
        secure(socket);
      } else if (options.plainFromLoopback && isLoopbackAddress(socket.remoteAddress)) {
        http.emit('connection', socket);
        socket.resume();
      } else {
        socket.destroy();
      }
    });
  });

  function secure(socket: Socket): void {
    const tls = new TLSSocket(socket, {
      isServer: true,
      secureContext: options.secureContext(),
      requestCert: options.requestCert,
      rejectUnauthorized: options.requireClientCert ?? false,
    });
    // Handshake failures (no certificate where one is required) just end the connection.
    tls.once('error', () => tls.destroy());
    tls.once('secure', () => {
      if (options.requestCert && !verifyPeer(tls) && options.requireClientCert === true) {
        tls.destroy();
        return;
      }
      tls.removeAllListeners('error');
      tls.on('error', () => tls.destroy());
      http.emit('connection', tls);
    });
    socket.resume();
  }
}
