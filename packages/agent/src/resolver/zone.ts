import type { DnsRecord, SrvRecord } from '@switchyard/contracts';
import { ClassIN, type DnsAnswer, type DnsQuestion, Rcode, RecordType } from './dns-wire.js';

/** Docker's embedded resolver answers with a TTL of 600 seconds. */
export const answerTtl = 600;

/** The names one sandbox may resolve, indexed for lookups. */
export interface Zone {
  /** Lower-cased name (bare, and with each search domain) to its addresses, in record order. */
  addresses: ReadonlyMap<string, readonly string[]>;
  /** `d.c.b.a.in-addr.arpa` to the first record name that has that address. */
  pointers: ReadonlyMap<string, string>;
  /** Lower-cased `_port._proto.<service>` (bare, and with each search domain) to its SRV targets. */
  services: ReadonlyMap<string, readonly { target: string; port: number }[]>;
}

export type Resolution = { kind: 'answer'; rcode: Rcode; answers: DnsAnswer[] } | { kind: 'forward' };

function canonical(name: string): string {
  return (name.endsWith('.') ? name.slice(0, -1) : name).toLowerCase();
}

export function reverseName(address: string): string {
  return `${address.split('.').reverse().join('.')}.in-addr.arpa`;
}

export function buildZone(
  records: readonly DnsRecord[],
  search: readonly string[],
  srv: readonly SrvRecord[] = [],
): Zone {
  const addresses = new Map<string, string[]>();
  const pointers = new Map<string, string>();
  const services = new Map<string, { target: string; port: number }[]>();
  const domains = search.map(canonical).filter((domain) => domain !== '');
  for (const record of srv) {
    const name = canonical(record.name);
    for (const key of [name, ...domains.map((domain) => `${name}.${domain}`)]) {
      services.set(key, [
        ...(services.get(key) ?? []),
        { target: canonical(record.target), port: record.port },
      ]);
    }
  }
  for (const record of records) {
    const name = canonical(record.name);
    for (const key of [name, ...domains.map((domain) => `${name}.${domain}`)]) {
      const list = addresses.get(key) ?? [];
      if (!list.includes(record.address)) list.push(record.address);
      addresses.set(key, list);
    }
    const pointer = reverseName(record.address);
    if (!pointers.has(pointer)) pointers.set(pointer, name);
  }
  return { addresses, pointers, services };
}

/**
 * What to do with one question. Known names get their A records (and an empty NOERROR for other
 * types, so an AAAA lookup of a container name does not leak upstream); `_port._proto.<service>`
 * gets its SRV records (`0 0 <port> <target>`), the same way; PTR of a known address
 * names it; everything else, single-label names included (as Docker does unless ndots is set by
 * the user), goes to the upstream servers.
 */
export function resolveQuestion(zone: Zone, question: DnsQuestion): Resolution {
  if (question.class !== ClassIN) return { kind: 'forward' };
  const name = canonical(question.name);
  const addresses = zone.addresses.get(name);
  if (addresses !== undefined) {
    const answers: DnsAnswer[] =
      question.type === RecordType.A
        ? addresses.map((address) => ({ name: question.name, ttl: answerTtl, type: RecordType.A, address }))
        : [];
    return { kind: 'answer', rcode: Rcode.NoError, answers };
  }
  const services = zone.services.get(name);
  if (services !== undefined) {
    const answers: DnsAnswer[] =
      question.type === RecordType.SRV
        ? services.map(({ target, port }) => ({
            name: question.name,
            ttl: answerTtl,
            type: RecordType.SRV,
            priority: 0,
            weight: 0,
            port,
            target,
          }))
        : [];
    return { kind: 'answer', rcode: Rcode.NoError, answers };
  }
  const target = zone.pointers.get(name);
  if (target !== undefined && question.type === RecordType.PTR)
    return {
      kind: 'answer',
      rcode: Rcode.NoError,
      answers: [{ name: question.name, ttl: answerTtl, type: RecordType.PTR, target }],
    };
  return { kind: 'forward' };
}
