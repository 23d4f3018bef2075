/**
 * The small part of the DNS wire format (RFC 1035) the embedded resolver needs: read a query's
 * header and question, and write an answer with A or PTR records. Anything else is forwarded as
 * raw bytes, so it never has to be understood here.
 */

export const RecordType = { A: 1, PTR: 12, AAAA: 28, SRV: 33 } as const;
export const ClassIN = 1;
export const Rcode = { NoError: 0, FormErr: 1, ServFail: 2, NxDomain: 3, NotImp: 4, Refused: 5 } as const;
export type Rcode = (typeof Rcode)[keyof typeof Rcode];

export interface DnsHeader {
  id: number;
  /** The 16 flag bits as sent: QR, opcode, AA, TC, RD, RA, Z, rcode. */
  flags: number;
  questionCount: number;
}

export interface DnsQuestion {
  /** Dotted, without the trailing dot, as sent (case kept). */
  name: string;
  type: number;
  class: number;
}

export interface DnsQuery {
  header: DnsHeader;
  question: DnsQuestion;
}

export type DnsAnswer = { name: string; ttl: number } & (
  | { type: typeof RecordType.A; address: string }
  | { type: typeof RecordType.PTR; target: string }
  | { type: typeof RecordType.SRV; priority: number; weight: number; port: number; target: string }
);

export class DnsFormatError extends Error {}

const headerLength = 12;
const maxNameLength = 255;
const maxPointerJumps = 32;

export function opcodeOf(flags: number): number {
  return (flags >> 11) & 0xf;
}

export function isResponse(flags: number): boolean {
  return (flags & 0x8000) !== 0;
}

export function readHeader(message: Uint8Array): DnsHeader {
  if (message.length < headerLength) throw new DnsFormatError('shorter than a DNS header');
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  return { id: view.getUint16(0), flags: view.getUint16(2), questionCount: view.getUint16(4) };
}

/** Reads a possibly compressed name at `offset`; returns it and the offset just past it. */
export function readName(message: Uint8Array, offset: number): { name: string; next: number } {
  const labels: string[] = [];
  let position = offset;
  let next: number | undefined;
  let jumps = 0;
  let length = 0;
  for (;;) {
    const size = message[position];
    if (size === undefined) throw new DnsFormatError('name runs past the message');
    if ((size & 0xc0) === 0xc0) {
      const low = message[position + 1];
      if (low === undefined) throw new DnsFormatError('name pointer runs past the message');
      if (++jumps > maxPointerJumps) throw new DnsFormatError('name pointers loop');
      next ??= position + 2;
      position = ((size & 0x3f) << 8) | low;
      continue;
    }
    if ((size & 0xc0) !== 0) throw new DnsFormatError('unknown label type');
    if (size === 0) break;
    const end = position + 1 + size;
    if (end > message.length) throw new DnsFormatError('label runs past the message');
    length += size + 1;
    if (length > maxNameLength) throw new DnsFormatError('name longer than 255 bytes');
    labels.push(Buffer.from(message.subarray(position + 1, end)).toString('latin1'));
    position = end;
  }
  return { name: labels.join('.'), next: next ?? position + 1 };
}

/** Reads a query's header and its (single) question. */
export function decodeQuery(message: Uint8Array): DnsQuery {
  const header = readHeader(message);
  if (header.questionCount !== 1) throw new DnsFormatError('a query must carry exactly one question');
  const { name, next } = readName(message, headerLength);
  if (next + 4 > message.length) throw new DnsFormatError('question runs past the message');
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  return { header, question: { name, type: view.getUint16(next), class: view.getUint16(next + 2) } };
}

export function encodeName(name: string): Buffer {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  const labels = trimmed === '' ? [] : trimmed.split('.');
  const parts: Buffer[] = [];
  for (const label of labels) {
    const bytes = Buffer.from(label, 'latin1');
    if (bytes.length === 0 || bytes.length > 63) throw new DnsFormatError(`bad label in "${name}"`);
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  parts.push(Buffer.from([0]));
  const encoded = Buffer.concat(parts);
  if (encoded.length > maxNameLength) throw new DnsFormatError(`name "${name}" is longer than 255 bytes`);
  return encoded;
}

function encodeAddress(address: string): Buffer {
  const octets = address.split('.').map(Number);
  if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet) || octet < 0 || octet > 255))
    throw new DnsFormatError(`"${address}" is not an IPv4 address`);
  return Buffer.from(octets);
}

function encodeQuestion(question: DnsQuestion): Buffer {
  const fixed = Buffer.alloc(4);
  fixed.writeUInt16BE(question.type, 0);
  fixed.writeUInt16BE(question.class, 2);
  return Buffer.concat([encodeName(question.name), fixed]);
}

/** The question's name always sits right after the header, so answers point back to it. */
const questionNamePointer = Buffer.from([0xc0, headerLength]);

/** RFC 2782: priority, weight, port, then the target, never compressed. */
function encodeSrv(answer: DnsAnswer & { type: typeof RecordType.SRV }): Buffer {
  const fixed = Buffer.alloc(6);
  fixed.writeUInt16BE(answer.priority, 0);
  fixed.writeUInt16BE(answer.weight, 2);
  fixed.writeUInt16BE(answer.port, 4);
  return Buffer.concat([fixed, encodeName(answer.target)]);
}

function encodeRdata(answer: DnsAnswer): Buffer {
  if (answer.type === RecordType.A) return encodeAddress(answer.address);
  if (answer.type === RecordType.SRV) return encodeSrv(answer);
  return encodeName(answer.target);
}

function encodeAnswer(answer: DnsAnswer, questionName: string): Buffer {
  const rdata = encodeRdata(answer);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(answer.type, 0);
  fixed.writeUInt16BE(ClassIN, 2);
  fixed.writeUInt32BE(answer.ttl, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  const owner =
    answer.name.toLowerCase() === questionName.toLowerCase() ? questionNamePointer : encodeName(answer.name);
  return Buffer.concat([owner, fixed, rdata]);
}

/**
 * An answer to `query`: QR and RA set, RD and the opcode copied from the query, its question
 * echoed, then `answers`. (Not authoritative: Docker's resolver does not set AA either.)
 */
export function encodeResponse(query: DnsQuery, rcode: Rcode, answers: readonly DnsAnswer[] = []): Buffer {
  const header = Buffer.alloc(headerLength);
  const kept = query.header.flags & 0x7900; // opcode and RD
  header.writeUInt16BE(query.header.id, 0);
  header.writeUInt16BE(0x8000 | kept | 0x0080 | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([
    header,
    encodeQuestion(query.question),
    ...answers.map((answer) => encodeAnswer(answer, query.question.name)),
  ]);
}

/**
 * An error answer for a message whose question could not be read: header only, id and opcode
 * kept. Returns undefined when not even a header is there (such datagrams are dropped).
 */
export function encodeHeaderOnlyError(message: Uint8Array, rcode: Rcode): Buffer | undefined {
  if (message.length < headerLength) return undefined;
  const { id, flags } = readHeader(message);
  const header = Buffer.alloc(headerLength);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x8000 | (flags & 0x7900) | 0x0080 | rcode, 2);
  return header;
}

/** Same message with another id (forwarding swaps the client's id for its own and back). */
export function withId(message: Uint8Array, id: number): Buffer {
  const copy = Buffer.from(message);
  copy.writeUInt16BE(id, 0);
  return copy;
}
