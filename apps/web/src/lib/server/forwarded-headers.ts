/**
 * What the dashboard's server tells the control plane about a browser's request it forwards: the
 * request's own headers named in `passed`, the client's address (X-Forwarded-For) for the audit log
 * and the login throttle, and, with the shared secret that makes the control plane believe them, what
 * its CSRF check compares (the Host the browser asked for, Origin, Sec-Fetch-Site).
 */
export function forwardedHeaders(
  request: { headers: Headers },
  passed: readonly string[],
  secret: string | undefined,
): Headers {
  const headers = new Headers();
  for (const name of passed) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  // Next sets X-Forwarded-For to the peer's address when the request had none; its first entry.
  const client = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  if (client) headers.set('x-forwarded-for', client);
  if (secret !== undefined) {
    headers.set('x-switchyard-proxy-secret', secret);
    const host = request.headers.get('host');
    if (host) headers.set('x-forwarded-host', host);
    for (const name of ['origin', 'sec-fetch-site']) {
      const value = request.headers.get(name);
      if (value) headers.set(name, value);
    }
  }
  return headers;
}
