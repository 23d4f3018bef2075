/**
 * A timing proxy in front of an Engine API unix socket, for the container bench's profile pass:
 * the CLI talks to it, it passes the bytes through and notes when each request's first bytes came
 * in and when the first bytes of its answer went back. The CLI sends one request at a time on a
 * connection, so requests and answers pair up in order.
 */
import { createConnection, createServer, type Server } from 'node:net';

export interface TracedRequest {
  /** The request line's method and path, the API version prefix and query left out. */
  call: string;
  sentAt: number;
  answeredAt: number;
}

export interface ApiTrace {
  dockerHost: string;
  /** Every request completed since the last take, in the order they came; the list is emptied. */
  take(): TracedRequest[];
  close(): Promise<void>;
}

const requestLine = /^([A-Z]+) (\S+) HTTP\/1\.[01]\r\n/;

export async function traceApi(upstreamHost: string, socketPath: string): Promise<ApiTrace> {
  const upstreamPath = upstreamHost.replace(/^unix:\/\//, '');
  let done: TracedRequest[] = [];
  const server: Server = createServer((client) => {
    const upstream = createConnection(upstreamPath);
    const pending: { call: string; sentAt: number }[] = [];
    client.on('data', (chunk) => {
      const line = requestLine.exec(chunk.toString('latin1'));
      if (line !== null) {
        const path = (line[2] ?? '').split('?')[0]?.replace(/^\/v\d+\.\d+/, '') ?? '';
        pending.push({
          call: `${line[1]} ${path.replace(/\/containers\/[^/]+\//, '/containers/{id}/')}`,
          sentAt: performance.now(),
        });
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (chunk.toString('latin1').startsWith('HTTP/1.')) {
        const answered = pending.shift();
        if (answered !== undefined) done.push({ ...answered, answeredAt: performance.now() });
      }
      client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    dockerHost: `unix://${socketPath}`,
    take() {
      const taken = done;
      done = [];
      return taken;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
