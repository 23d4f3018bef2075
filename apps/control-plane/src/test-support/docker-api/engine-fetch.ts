import { request } from 'node:http';

export type EngineFetch = (path: string, init?: RequestInit) => Promise<Response>;

/**
 * `fetch` over the Engine API's unix socket (`unix:///…/docker.sock`), which the global fetch cannot
 * dial (bodies: text, or bytes such as `docker load`'s tar): paths are absolute (`/v1.47/networks`), the answer a standard Response.
 */
export function engineFetch(dockerHost: string | null): EngineFetch {
  if (dockerHost?.startsWith('unix://') !== true) throw new Error(`not a unix socket: ${dockerHost}`);
  const socketPath = dockerHost.slice('unix://'.length);
  return (path, init = {}) =>
    new Promise((resolve, reject) => {
      const headers = new Headers(init.headers);
      const body =
        typeof init.body === 'string'
          ? init.body
          : init.body instanceof Uint8Array
            ? Buffer.from(init.body)
            : undefined;
      if (init.body !== undefined && init.body !== null && body === undefined) {
        reject(new Error('engineFetch sends string and byte bodies only'));
        return;
      }
      if (body !== undefined) headers.set('content-length', String(Buffer.byteLength(body)));
      if (!headers.has('host')) headers.set('host', 'localhost');
      const req = request(
        { socketPath, path, method: init.method ?? 'GET', headers: Object.fromEntries(headers) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const bodyless = status === 204 || status === 304 || init.method === 'HEAD';
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              for (const item of [value ?? []].flat()) responseHeaders.append(name, item);
            }
            resolve(
              new Response(bodyless ? null : Buffer.concat(chunks), { status, headers: responseHeaders }),
            );
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (init.signal) init.signal.addEventListener('abort', () => req.destroy(new Error('aborted')));
      req.end(body);
    });
}
