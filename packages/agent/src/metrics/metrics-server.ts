import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prometheusContentType } from '@switchyard/contracts';

export interface MetricsListen {
  host: string;
  port: number;
}

export interface MetricsServer {
  /** Where it listens, the port resolved (0 asks for any). */
  address: MetricsListen;
  close(): Promise<void>;
}

/**
 * `GET /metrics` in Prometheus' text format, on a loopback address of the host's namespace only:
 * whoever reaches it is on the host already (as root on it is trusted); beyond the host, the control
 * plane relays the same text behind its own authentication.
 */
export async function startMetricsServer(
  listen: MetricsListen,
  text: () => Promise<string>,
  log: (line: string) => void,
): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('only GET /metrics here\n');
      return;
    }
    text().then(
      (body) => {
        res.writeHead(200, { 'content-type': prometheusContentType });
        res.end(body);
      },
      (error: unknown) => {
        log(`metrics: cannot collect: ${error instanceof Error ? error.message : String(error)}`);
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('cannot collect metrics\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    address: { host: listen.host, port },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
