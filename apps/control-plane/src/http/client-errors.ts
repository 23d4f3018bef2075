import { maxHeaderSize, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** What Node's HTTP parser refused, as a status and a sentence for the caller. */
function describe(error: NodeJS.ErrnoException): { status: number; reason: string; message: string } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        reason: 'Request Header Fields Too Large',
        message: `the request line and headers are larger than ${maxHeaderSize / 1024} KiB`,
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, reason: 'Request Timeout', message: 'the request was not received in time' };
    default:
      return {
        status: 400,
        reason: 'Bad Request',
        message: `malformed HTTP request (${error.code ?? 'unparsable'})`,
      };
  }
}

/**
 * Answers a request Node's parser refuses (a URL or headers over 16 KiB, a malformed request line)
 * with a body that says why, as every other refusal does, instead of Node's bare status line.
 */
export function answerClientErrors(server: Server, body: (message: string, status: number) => unknown): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, reason, message } = describe(error);
    const text = JSON.stringify(body(message, status));
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  });
}
