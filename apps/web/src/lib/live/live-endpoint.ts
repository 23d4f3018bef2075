/**
 * Where the browser opens the live channel: on the page's own origin, where the dashboard's server
 * passes it to the control plane, so it shares the page's TLS, its cookie and its CSP ('self').
 */
export function liveSocketUrl(namespace: string, location: Location): string {
  return `${location.origin}${namespace}`;
}
