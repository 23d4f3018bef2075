import { z } from 'zod';
import { ipv4Schema, type Ipv4 } from './net.js';

export const protocolSchema = z.enum(['tcp', 'udp']);
export type Protocol = z.infer<typeof protocolSchema>;
export const portNumberSchema = z.number().int().min(1, 'must be 1-65535').max(65_535, 'must be 1-65535');

/**
 * One published port. `hostPort` null means "any free port" (Docker's `-p 80` or `-P`); the control
 * plane picks one before the agent sees it.
 */
export const portBindingSchema = z.object({
  hostIp: ipv4Schema.nullable(),
  hostPort: portNumberSchema.nullable(),
  containerPort: portNumberSchema,
  protocol: protocolSchema,
});
export type PortBinding = z.infer<typeof portBindingSchema>;

export class PortSpecError extends Error {}

function parsePortRange(text: string, what: string): [number, number] {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  const first = Number(match?.[1]);
  const last = Number(match?.[2] ?? match?.[1]);
  if (match === null || first < 1 || last > 65_535 || last < first) {
    throw new PortSpecError(`${what} "${text}" is not a port or port range (1-65535)`);
  }
  return [first, last];
}

/**
 * Parses Docker's short form of `-p`: `80`, `8080:80`, `127.0.0.1:8080:80`, `127.0.0.1::80`,
 * `8080:80/udp`, and ranges such as `8000-8001:80-81`.
 */
export function parsePortSpec(spec: string): PortBinding[] {
  const [mapping = '', protocolText = 'tcp', ...extra] = spec.trim().split('/');
  if (extra.length > 0) throw new PortSpecError(`"${spec}" has more than one "/"`);
  const protocol = protocolSchema.safeParse(protocolText.toLowerCase());
  if (!protocol.success)
    throw new PortSpecError(`"${spec}": protocol must be tcp or udp, not "${protocolText}"`);
  const parts = mapping.split(':');
  if (parts.length > 3 || mapping === '')
    throw new PortSpecError(`"${spec}" is not [ip:][hostPort:]containerPort[/proto]`);
  const containerText = parts[parts.length - 1] ?? '';
  const hostText = parts.length >= 2 ? (parts[parts.length - 2] ?? '') : '';
  const ipText = parts.length === 3 ? (parts[0] ?? '') : '';
  let hostIp: Ipv4 | null = null;
  if (ipText !== '') {
    const ip = ipv4Schema.safeParse(ipText);
    if (!ip.success) throw new PortSpecError(`"${spec}": host IP "${ipText}" is not an IPv4 address`);
    hostIp = ip.data;
  }
  const [containerFirst, containerLast] = parsePortRange(containerText, 'container port');
  const count = containerLast - containerFirst + 1;
  let hostFirst: number | null = null;
  if (hostText !== '') {
    const [first, last] = parsePortRange(hostText, 'host port');
    if (last - first + 1 !== count) {
      throw new PortSpecError(`"${spec}": host and container port ranges differ in length`);
    }
    hostFirst = first;
  }
  return Array.from({ length: count }, (_, i) => ({
    hostIp,
    hostPort: hostFirst === null ? null : hostFirst + i,
    containerPort: containerFirst + i,
    protocol: protocol.data,
  }));
}

/** `--expose 80`, `--expose 80/udp`, `--expose 8000-8010`: container ports for `-P`. */
export function parseExposeSpec(spec: string): { port: number; protocol: 'tcp' | 'udp' }[] {
  const [portText = '', protocolText = 'tcp'] = spec.trim().split('/');
  const protocol = protocolSchema.safeParse(protocolText.toLowerCase());
  if (!protocol.success) throw new PortSpecError(`"${spec}": protocol must be tcp or udp`);
  const [first, last] = parsePortRange(portText, 'exposed port');
  return Array.from({ length: last - first + 1 }, (_, i) => ({ port: first + i, protocol: protocol.data }));
}
