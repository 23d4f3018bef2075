import { isAbsolute } from 'node:path';

export interface ListenAddress {
  host: string;
  port: number;
}

/** A unix socket's path can hold no more (sun_path is 108 bytes with its terminating NUL). */
const maxSocketPathBytes = 107;

/**
 * `SWITCHYARD_DOCKER_API`: `unix:///absolute/path` or `off`. Locally the Engine API is a unix
 * socket only root can open, as dockerd's /var/run/docker.sock; plain TCP is not offered.
 */
export function parseUnixListen(text: string): string | null {
  const value = text.trim();
  if (value === 'off') return null;
  const path = value.startsWith('unix://') ? value.slice('unix://'.length) : undefined;
  if (path === undefined || !isAbsolute(path)) {
    throw new Error(
      `SWITCHYARD_DOCKER_API "${text}" must be unix:///absolute/path (such as unix:///var/run/switchyard.sock) or off`,
    );
  }
  if (Buffer.byteLength(path) > maxSocketPathBytes) {
    throw new Error(`SWITCHYARD_DOCKER_API "${text}": a socket path is at most ${maxSocketPathBytes} bytes`);
  }
  return path;
}

/**
 * `SWITCHYARD_DOCKER_TLS`: `host:port` (`0.0.0.0:2376`, `tcp://192.168.1.5:2376`, `[::]:2376`) or
 * `off`. Any address may be given: every connection must present a client certificate of the CA.
 */
export function parseTlsListen(text: string): ListenAddress | null {
  const value = text.trim().replace(/^tcp:\/\//, '');
  if (value === 'off') return null;
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (host === undefined || port > 65_535) {
    throw new Error(`SWITCHYARD_DOCKER_TLS "${text}" must be host:port (such as 0.0.0.0:2376) or off`);
  }
  return { host, port };
}
