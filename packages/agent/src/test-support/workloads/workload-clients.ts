import { execFile } from 'node:child_process';
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect as tcpConnect, type Socket } from 'node:net';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { promisify } from 'node:util';

// Clients for tests of the workloads (whoami) and of what carries their traffic (the routing mesh):
// a raw RFC 6455 client, so a test sees the handshake and frames exactly as they cross the wire
// (Node 20 has no WebSocket client, and a library would hide the bytes), and a throwaway
// certificate made by openssl, as a user would make one. Exported as @switchyard/agent/workload-clients.

const run = promisify(execFile);
const guid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface WebSocketFrame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

/** A client frame: masked unless told otherwise, as RFC 6455 requires of clients. */
export function clientFrame(opcode: number, payload: Buffer, { fin = true, masked = true } = {}): Buffer {
  const length = payload.length;
  const extended = length < 126 ? 0 : length < 65536 ? 2 : 8;
  const header = Buffer.alloc(2 + extended + (masked ? 4 : 0));
  header[0] = (fin ? 0x80 : 0) | opcode;
  header[1] = (masked ? 0x80 : 0) | (extended === 0 ? length : extended === 2 ? 126 : 127);
  if (extended === 2) header.writeUInt16BE(length, 2);
  if (extended === 8) header.writeBigUInt64BE(BigInt(length), 2);
  if (!masked) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  key.copy(header, 2 + extended);
  return Buffer.concat([header, Buffer.from(payload.map((byte, index) => byte ^ (key[index & 3] ?? 0)))]);
}

export interface WebSocketOpenOptions {
  /** The request path; /echo, whoami's echo, unless told otherwise. */
  path?: string;
  /** Connect over TLS (wss), checking the server's certificate for `servername` against `ca`. */
  tls?: { servername: string; ca: Buffer | string };
}

export class WebSocketClient {
  private buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  private ended = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  /**
   * Connects and upgrades; resolves with the client, the response head and the
   * Sec-WebSocket-Accept the key called for. Throws when the answer is not a 101 with that accept.
   */
  static async open(
    host: string,
    port: number,
    hostHeader: string,
    { path = '/echo', tls }: WebSocketOpenOptions = {},
  ): Promise<{ client: WebSocketClient; head: string; accept: string }> {
    const socket = tls ? tlsConnect({ host, port, ...tls }) : tcpConnect({ host, port });
    await once(socket, tls ? 'secureConnect' : 'connect');
    const client = new WebSocketClient(socket);
    const key = randomBytes(16).toString('base64');
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: ${hostHeader}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    const head = await client.until(() => {
      const end = client.buffer.indexOf('\r\n\r\n');
      if (end < 0) return undefined;
      const text = client.buffer.subarray(0, end).toString();
      client.buffer = client.buffer.subarray(end + 4);
      return text;
    });
    const accept = createHash('sha1').update(`${key}${guid}`).digest('base64');
    const accepted = head
      .split('\r\n')
      .some(
        (line) => /^sec-websocket-accept:/i.test(line) && line.slice(line.indexOf(':') + 1).trim() === accept,
      );
    if (!/^HTTP\/1\.1 101 /.test(head) || !accepted) {
      socket.destroy();
      throw new Error(`no WebSocket upgrade (expected accept ${accept}):\n${head}`);
    }
    return { client, head, accept };
  }

  send(opcode: number, payload: Buffer | string, options?: { fin?: boolean; masked?: boolean }): void {
    this.socket.write(clientFrame(opcode, Buffer.from(payload), options));
  }

  /** The next server frame; throws on a masked one (servers never mask). */
  read(): Promise<WebSocketFrame> {
    return this.until(() => {
      const buffer = this.buffer;
      if (buffer.length < 2) return undefined;
      let length = (buffer[1] ?? 0) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffer.length < 4) return undefined;
        length = buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffer.length < 10) return undefined;
        length = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (buffer.length < offset + length) return undefined;
      if (((buffer[1] ?? 0) & 0x80) !== 0) throw new Error('a server frame is masked');
      this.buffer = buffer.subarray(offset + length);
      return {
        fin: ((buffer[0] ?? 0) & 0x80) !== 0,
        opcode: (buffer[0] ?? 0) & 0x0f,
        payload: Buffer.from(buffer.subarray(offset, offset + length)),
      };
    });
  }

  /** Sends a close frame and waits for the server's close and the end of the connection. */
  async close(code = 1000): Promise<WebSocketFrame> {
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code, 0);
    this.send(0x8, payload);
    const answer = await this.read();
    await this.closed();
    return answer;
  }

  /** Waits for the end of the connection. */
  async closed(): Promise<void> {
    await this.until(() => (this.ended ? true : undefined)).catch(() => undefined);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake() {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  private async until<T>(take: () => T | undefined): Promise<T> {
    for (;;) {
      const value = take();
      if (value !== undefined) return value;
      if (this.ended) throw new Error('the connection closed');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

/** A self-signed certificate for `name` in `dir`, made by openssl, and its SHA-256 fingerprint as Node prints it. */
export async function makeCertificate(dir: string, name: string) {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    `/CN=${name}`,
    '-addext',
    `subjectAltName=DNS:${name}`,
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  return { cert, key, fingerprint: new X509Certificate(readFileSync(cert)).fingerprint256 };
}
