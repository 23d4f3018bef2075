import type { ContainerView } from '@switchyard/contracts';

type PublishedPort = ContainerView['ports'][number];

/** As `docker ps` prints it: 0.0.0.0:8080->80/tcp. */
export function formatPublishedPort(port: PublishedPort): string {
  return `${port.hostIp}:${port.hostPort}->${port.containerPort}/${port.protocol}`;
}

type Endpoint = ContainerView['networks'][number];

export function formatEndpointAddress(endpoint: Endpoint): string | null {
  if (endpoint.ipv4Address === null) return null;
  return endpoint.prefixLength === null
    ? endpoint.ipv4Address
    : `${endpoint.ipv4Address}/${endpoint.prefixLength}`;
}
