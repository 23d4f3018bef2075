/**
 * Where the browser opens the live channel. The server decides it per request (ports differ between
 * runs); the browser supplies its own protocol and hostname so the session cookie, which is per host,
 * goes along.
 */
export type LiveEndpoint = { kind: 'url'; url: string } | { kind: 'port'; port: string };

export function liveSocketUrl(endpoint: LiveEndpoint, namespace: string, location: Location): string {
  if (endpoint.kind === 'url') return `${endpoint.url.replace(/\/+$/, '')}${namespace}`;
  return `${location.protocol}//${location.hostname}:${endpoint.port}${namespace}`;
}
