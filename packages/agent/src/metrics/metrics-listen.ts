import { isIPv4 } from 'node:net';
import type { MetricsListen } from './metrics-server.js';

/** The agent's metrics listener unless `--metrics-addr` says otherwise (Docker's metrics-addr port). */
export const defaultMetricsListen: MetricsListen = { host: '127.0.0.1', port: 9323 };

/**
 * `--metrics-addr`: `off`, or `<loopback IPv4>:<port>`. Anything beyond loopback is refused: the
 * listener has no authentication, and the control plane relays the metrics behind its own. Returns
 * undefined for `off`, or the reason it is refused as a string. Pure.
 */
export function parseMetricsListen(text: string): MetricsListen | undefined | string {
  if (text === 'off') return undefined;
  const colon = text.lastIndexOf(':');
  const host = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  const port = Number(portText);
  if (colon < 0 || !isIPv4(host) || !/^\d{1,5}$/.test(portText) || port < 0 || port > 65_535) {
    return `--metrics-addr must be "off" or a loopback <ipv4>:<port> such as 127.0.0.1:9323, got "${text}"`;
  }
  if (!host.startsWith('127.')) {
    return `--metrics-addr must be a loopback address (127.0.0.0/8): the listener has no authentication; scrape the control plane's /metrics/nodes/<name> from elsewhere, got "${text}"`;
  }
  return { host, port };
}
