import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { apiVersion } from './api-version.js';
import { badParameter, DockerApiError } from './docker-error.js';
import { parseJsonText } from './http-io.js';
import { maxBodyBytes } from './request-guard.js';
import type { RequestContext } from './router.js';

/** With a TTY a stream carries the terminal's bytes as they are; without one, stdout/stderr frames. */
export const rawStream = 'application/vnd.docker.raw-stream';
export const multiplexedStream = 'application/vnd.docker.multiplexed-stream';

/** The answer that hands the connection over to the stream, as dockerd writes it. */
export function upgradeHead(mediaType: string): string {
  return [
    'HTTP/1.1 101 UPGRADED',
    `Content-Type: ${mediaType}`,
    'Connection: Upgrade',
    'Upgrade: tcp',
    `Api-Version: ${apiVersion}`,
    '',
    '',
  ].join('\r\n');
}

/** The body of an upgraded request and what came after it (input the client sent early). */
export function splitBody(buffered: Buffer, length: number): { body: Buffer; rest: Buffer } | null {
  if (buffered.length < length) return null;
  return { body: buffered.subarray(0, length), rest: buffered.subarray(length) };
}

/**
 * The JSON body of a request that asked for an upgrade: Node stops parsing at its headers, so its
 * `Content-Length` bytes are read from the connection here.
 */
export async function readUpgradeBody(
  req: IncomingMessage,
  upgrade: { socket: Duplex; head: Buffer },
): Promise<{ body: unknown; rest: Buffer }> {
  if (req.headers['transfer-encoding'] !== undefined) {
    throw badParameter('a chunked body cannot come with Upgrade: tcp: send Content-Length');
  }
  const length = Number(req.headers['content-length'] ?? 0);
  if (!Number.isInteger(length) || length < 0) throw badParameter('invalid Content-Length');
  if (length > maxBodyBytes) {
    throw new DockerApiError(413, `request body is larger than ${maxBodyBytes} bytes (1 MiB)`);
  }
  let buffered = upgrade.head;
  const { socket } = upgrade;
  while (splitBody(buffered, length) === null) {
    const chunk = await new Promise<Buffer | null>((resolve) => {
      const onData = (data: Buffer) => done(data);
      const onEnd = () => done(null);
      const done = (data: Buffer | null) => {
        socket.off('data', onData);
        socket.off('end', onEnd);
        socket.off('close', onEnd);
        socket.pause();
        resolve(data);
      };
      socket.on('data', onData);
      socket.once('end', onEnd);
      socket.once('close', onEnd);
      socket.resume();
    });
    if (chunk === null) throw badParameter('the connection ended inside the request body');
    buffered = Buffer.concat([buffered, chunk]);
  }
  const split = splitBody(buffered, length) ?? { body: Buffer.alloc(0), rest: Buffer.alloc(0) };
  return { body: parseJsonText(split.body.toString('utf8')), rest: split.rest };
}

/**
 * A connection taken over for a stream: made, it answers the upgrade; then output goes out until
 * its end, and the client's input comes in.
 */
export class HijackedStream {
  private ended = false;

  constructor(
    private readonly socket: Duplex,
    mediaType: string,
  ) {
    // A client that vanished is not an error of ours; its 'close' ends what it watched.
    socket.on('error', () => undefined);
    socket.write(upgradeHead(mediaType));
  }

  send(chunk: Buffer): void {
    if (!this.ended) this.socket.write(chunk);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.socket.end();
  }

  get finished(): boolean {
    return this.ended;
  }

  /** The client's input; `end` when it closes its side (stdin reached EOF). */
  onInput(data: (chunk: Buffer) => void, end: () => void): void {
    this.socket.on('data', data);
    this.socket.once('end', end);
    this.socket.resume();
  }

  /** The connection closed, by either side. */
  onClose(listener: () => void): void {
    this.socket.once('close', listener);
  }
}

/** The connection of a route that streams: it must have asked for the upgrade. */
export function requireUpgrade(context: RequestContext, what: string): { socket: Duplex; head: Buffer } {
  if (context.upgrade === null) {
    throw badParameter(`${what} takes over the connection: send Connection: Upgrade and Upgrade: tcp`);
  }
  return context.upgrade;
}
