import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

// A raw RFC 6455 client over node:net, so a test sees the handshake and frames exactly as they
// cross the proxy (Node 20 has no WebSocket client, and a library would hide the bytes).

const guid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface WebSocketFrame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

/** A client frame: always masked, as RFC 6455 requires of clients. */
function maskedFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const extended = length < 126 ? 0 : length < 65536 ? 2 : 8;
  const header = Buffer.alloc(2 + extended + 4);
  header[0] = 0x80 | opcode;
  header[1] = 0x80 | (extended === 0 ? length : extended === 2 ? 126 : 127);
  if (extended === 2) header.writeUInt16BE(length, 2);
  if (extended === 8) header.writeBigUInt64BE(BigInt(length), 2);
  const key = randomBytes(4);
  key.copy(header, 2 + extended);
  return Buffer.concat([header, Buffer.from(payload.map((byte, index) => byte ^ (key[index & 3] ?? 0)))]);
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
   * Connects and upgrades; resolves with the client and the response head. Throws when the answer
   * is not a 101 with the Sec-WebSocket-Accept the key calls for.
   */
  static async open(
    host: string,
    port: number,
    hostHeader: string,
    path = '/echo',
  ): Promise<{ client: WebSocketClient; head: string }> {
    const socket = connect({ host, port });
    await once(socket, 'connect');
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
    return { client, head };
  }

  send(opcode: number, payload: Buffer | string): void {
    this.socket.write(maskedFrame(opcode, Buffer.from(payload)));
  }

  /** The next server frame (servers never mask). */
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
    await this.until(() => (this.ended ? true : undefined)).catch(() => undefined);
    return answer;
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
