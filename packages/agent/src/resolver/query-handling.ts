import {
  type DnsQuery,
  DnsFormatError,
  decodeQuery,
  encodeHeaderOnlyError,
  encodeResponse,
  isResponse,
  opcodeOf,
  Rcode,
  readHeader,
} from './dns-wire.js';
import { resolveQuestion, type Zone } from './zone.js';

export type Handling =
  { kind: 'reply'; message: Buffer } | { kind: 'forward'; query: DnsQuery } | { kind: 'drop' };

/** Decides, without any I/O, what one incoming message gets from a sandbox's zone. */
export function handleMessage(message: Uint8Array, zone: Zone): Handling {
  let flags: number;
  try {
    flags = readHeader(message).flags;
  } catch {
    return { kind: 'drop' };
  }
  if (isResponse(flags)) return { kind: 'drop' };
  const headerOnly = (rcode: Rcode): Handling => {
    const reply = encodeHeaderOnlyError(message, rcode);
    return reply === undefined ? { kind: 'drop' } : { kind: 'reply', message: reply };
  };
  if (opcodeOf(flags) !== 0) return headerOnly(Rcode.NotImp);
  let query: DnsQuery;
  try {
    query = decodeQuery(message);
  } catch (error) {
    if (error instanceof DnsFormatError) return headerOnly(Rcode.FormErr);
    throw error;
  }
  const resolution = resolveQuestion(zone, query.question);
  if (resolution.kind === 'forward') return { kind: 'forward', query };
  try {
    return { kind: 'reply', message: encodeResponse(query, resolution.rcode, resolution.answers) };
  } catch (error) {
    // A record name that cannot be written as a DNS name (the control plane validates, so rare).
    if (error instanceof DnsFormatError)
      return { kind: 'reply', message: encodeResponse(query, Rcode.ServFail) };
    throw error;
  }
}
