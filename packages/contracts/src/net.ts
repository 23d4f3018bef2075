import { z } from 'zod';
import type { Brand } from './brand.js';

export type Ipv4 = Brand<string, 'Ipv4'>;
export type Cidr = Brand<string, 'Cidr'>;
export type Mac = Brand<string, 'Mac'>;
export type Vni = Brand<number, 'Vni'>;

const octet = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const ipv4Pattern = new RegExp(`^${octet}(\\.${octet}){3}$`);

export const ipv4Schema = z
  .string()
  .regex(ipv4Pattern, 'must be a dotted IPv4 address such as 192.168.99.11')
  .transform((value) => value as Ipv4);

export const cidrSchema = z
  .string()
  .refine((value) => {
    const [address, prefix, ...rest] = value.split('/');
    if (rest.length > 0 || address === undefined || prefix === undefined) return false;
    const length = Number(prefix);
    return ipv4Pattern.test(address) && /^\d{1,2}$/.test(prefix) && length >= 0 && length <= 32;
  }, 'must be an IPv4 subnet in CIDR form such as 172.18.0.0/16')
  .transform((value) => value as Cidr);

export const macSchema = z
  .string()
  .regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i, 'must be a MAC address such as 02:42:ac:11:00:02')
  .transform((value) => value.toLowerCase() as Mac);

/** VXLAN network identifiers are 24 bits; Docker hands them out from 256 upward. */
export const vniSchema = z
  .number()
  .int()
  .min(1)
  .max(16_777_215)
  .transform((value) => value as Vni);

export function ipv4ToNumber(address: Ipv4): number {
  return address.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

export function numberToIpv4(value: number): Ipv4 {
  const parts = [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256);
  return parts.join('.') as Ipv4;
}

export interface ParsedCidr {
  network: Ipv4;
  prefixLength: number;
  /** First and last address of the block, as integers. */
  first: number;
  last: number;
}

export function parseCidr(cidr: Cidr): ParsedCidr {
  const [address = '', prefix = '0'] = cidr.split('/');
  const prefixLength = Number(prefix);
  const size = 2 ** (32 - prefixLength);
  const first = Math.floor(ipv4ToNumber(address as Ipv4) / size) * size;
  return { network: numberToIpv4(first), prefixLength, first, last: first + size - 1 };
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return x.first <= y.last && y.first <= x.last;
}

export function cidrContains(cidr: Cidr, address: Ipv4): boolean {
  const { first, last } = parseCidr(cidr);
  const value = ipv4ToNumber(address);
  return value >= first && value <= last;
}
