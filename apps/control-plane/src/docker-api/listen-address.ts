import { isIP } from 'node:net';

export interface ListenAddress {
  host: string;
  port: number;
}

const loopbackHosts = ['localhost', '::1'];

/**
 * `SWITCHYARD_DOCKER_API`: `127.0.0.1:2375`, `tcp://127.0.0.1:2375`, `[::1]:2375`, or `off`. Only
 * loopback is accepted: the endpoint has no authentication until TLS client bundles exist.
 */
export function parseListenAddress(text: string): ListenAddress | null {
  const value = text.trim().replace(/^tcp:\/\//, '');
  if (value === 'off') return null;
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (host === undefined || port > 65_535) {
    throw new Error(`SWITCHYARD_DOCKER_API "${text}" must be host:port (such as 127.0.0.1:2375) or off`);
  }
  const loopback = loopbackHosts.includes(host) || (isIP(host) === 4 && host.startsWith('127.'));
  if (!loopback) {
    throw new Error(
      `SWITCHYARD_DOCKER_API "${text}": the Docker Engine API listens on loopback only (it has no authentication yet)`,
    );
  }
  return { host, port };
}
