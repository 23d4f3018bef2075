export interface Upstream {
  address: string;
  port: number;
}

/** resolv.conf uses at most three nameservers; so does the forwarder. */
export const maxUpstreams = 3;

const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isIpv4(text: string): boolean {
  const match = ipv4.exec(text);
  return match !== null && match.slice(1).every((octet) => Number(octet) <= 255);
}

/** `10.0.0.53` or `10.0.0.53:5353`; undefined for anything else (IPv6 upstreams are not served). */
export function parseUpstream(text: string): Upstream | undefined {
  const [address = '', port, extra] = text.trim().split(':');
  if (extra !== undefined || !isIpv4(address)) return undefined;
  if (port === undefined) return { address, port: 53 };
  const number = Number(port);
  return Number.isInteger(number) && number > 0 && number < 65_536 ? { address, port: number } : undefined;
}

/** Loopback upstreams (e.g. systemd-resolved) exist only in the agent's namespace, not a sandbox's. */
export function isLoopback(upstream: Upstream): boolean {
  return upstream.address.startsWith('127.');
}
