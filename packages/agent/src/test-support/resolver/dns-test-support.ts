import { ClassIN, encodeName } from '../../resolver/dns-wire.js';

/** A query as a stub resolver sends it (RD set), for tests. */
export function encodeQuery(id: number, name: string, type: number, flags = 0x0100): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(flags, 2);
  header.writeUInt16BE(1, 4);
  const fixed = Buffer.alloc(4);
  fixed.writeUInt16BE(type, 0);
  fixed.writeUInt16BE(ClassIN, 2);
  return Buffer.concat([header, encodeName(name), fixed]);
}

/** Reads the rcode and the A/PTR/SRV (`priority weight port target`) answers of a response, for tests. */
export function decodeAnswers(message: Buffer): { id: number; rcode: number; answers: string[] } {
  const id = message.readUInt16BE(0);
  const rcode = message.readUInt16BE(2) & 0xf;
  const questions = message.readUInt16BE(4);
  const count = message.readUInt16BE(6);
  let offset = 12;
  const skipName = () => {
    while (offset < message.length) {
      const size = message[offset] ?? 0;
      if ((size & 0xc0) === 0xc0) return void (offset += 2);
      offset += 1 + size;
      if (size === 0) return;
    }
  };
  for (let index = 0; index < questions; index++) {
    skipName();
    offset += 4;
  }
  const answers: string[] = [];
  for (let index = 0; index < count; index++) {
    skipName();
    const type = message.readUInt16BE(offset);
    const length = message.readUInt16BE(offset + 8);
    const rdata = message.subarray(offset + 10, offset + 10 + length);
    if (type === 1) answers.push([...rdata].join('.'));
    else if (type === 33) {
      const fields = [0, 2, 4].map((at) => rdata.readUInt16BE(at));
      answers.push(`${fields.join(' ')} ${readPlainName(rdata.subarray(6))}`);
    } else answers.push(readPlainName(rdata));
    offset += 10 + length;
  }
  return { id, rcode, answers };
}

function readPlainName(data: Uint8Array): string {
  const labels: string[] = [];
  for (let offset = 0; (data[offset] ?? 0) !== 0; offset += 1 + (data[offset] ?? 0))
    labels.push(Buffer.from(data.subarray(offset + 1, offset + 1 + (data[offset] ?? 0))).toString('latin1'));
  return labels.join('.');
}
