import { X509Certificate } from 'node:crypto';
import { request } from 'node:http';
import { outcome } from './cluster.js';

// Helpers for the HTTP routing mesh's acceptance test: requests by Host from the root namespace
// and a request loop that counts every failure. The WebSocket client and the throwaway certificate
// for a TLS backend are the agent's (@switchyard/agent/workload-clients), shared with whoami's test.

/** The task that answered, from whoami's first line. */
export const answeredBy = (page: string) => /^Hostname: (\S+)/m.exec(page)?.[1];

/** curl to `http://<address>:<port>/` with a Host header; resolves with the status and the body. */
export async function getByHost(
  address: string,
  host: string,
  { port = 80, path = '/', cookieJar }: { port?: number; path?: string; cookieJar?: string } = {},
): Promise<{ status: number; body: string }> {
  const jar = cookieJar === undefined ? [] : ['-c', cookieJar, '-b', cookieJar];
  const result = await outcome('curl', [
    '-s',
    '--max-time',
    '3',
    '-H',
    `Host: ${host}`,
    ...jar,
    '-w',
    '\n%{http_code}',
    `http://${address}:${port}${path}`,
  ]);
  const cut = result.stdout.lastIndexOf('\n');
  return {
    status: Number(result.stdout.slice(cut + 1)) || 0,
    body: result.stdout.slice(0, Math.max(cut, 0)),
  };
}

/** The fingerprint of the first certificate in curl's `%{certs}` output (the peer's own). */
export function firstCertificateFingerprint(certs: string): string | undefined {
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(certs)?.[0];
  return pem === undefined ? undefined : new X509Certificate(pem).fingerprint256;
}

/** A request that takes longer than this counts as lost: a client would have given up. */
const requestTimeoutMs = 3_000;

/** One request on a fresh connection: a failure here is the proxy's, not a keep-alive race. */
function requestOnce(address: string, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const outgoing = request(
      {
        host: address,
        port: 80,
        path: '/',
        headers: { Host: host, Connection: 'close' },
        agent: false,
        timeout: requestTimeoutMs,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve(
            response.statusCode === 200 && answeredBy(body) !== undefined
              ? undefined
              : `HTTP ${response.statusCode} ${body.slice(0, 80)}`,
          ),
        );
        response.on('error', (error) => resolve(error.message));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${requestTimeoutMs} ms`)));
    outgoing.on('error', (error) => resolve(error.message));
    outgoing.end();
  });
}

/**
 * `workers` loops of requests for `host`, round-robin over the addresses, until stopped; stop()
 * resolves with how many were sent, what went wrong with each one that failed (with when it was
 * sent, in ms from the start), and the slowest request, so a stall short of a loss still shows.
 */
export function requestLoop(addresses: string[], host: string, workers = 4) {
  let running = true;
  let total = 0;
  const failures: string[] = [];
  const startedAt = performance.now();
  let slowest = { ms: 0, address: '', at: 0 };
  const loops = Array.from({ length: workers }, async (_, worker) => {
    for (let i = worker; running; i++) {
      const address = addresses[i % addresses.length] ?? '';
      const sentAt = performance.now();
      const failure = await requestOnce(address, host);
      const ms = performance.now() - sentAt;
      const at = Math.round(sentAt - startedAt);
      total++;
      if (ms > slowest.ms) slowest = { ms: Math.round(ms), address, at };
      if (failure !== undefined)
        failures.push(`${address} at ${at} ms, after ${Math.round(ms)} ms: ${failure}`);
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return { total, failures, slowest };
    },
  };
}
