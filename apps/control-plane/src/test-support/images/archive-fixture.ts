import { createHash } from 'node:crypto';

/** A ustar archive of the given members, as `tar` writes it (GNU LongLink headers when asked). */
export function tarArchive(members: Record<string, string | Buffer>, { longNames = false } = {}): Buffer {
  const blocks: Buffer[] = [];
  const header = (name: string, size: number, type: string) => {
    const h = Buffer.alloc(512);
    h.write(name.slice(0, 100), 0);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write(type, 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const byte of h) sum += byte;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    return h;
  };
  const data = (bytes: Buffer) => Buffer.concat([bytes, Buffer.alloc((512 - (bytes.length % 512)) % 512)]);
  for (const [name, content] of Object.entries(members)) {
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
    if (longNames) {
      const longName = Buffer.from(`${name}\0`);
      blocks.push(header('././@LongLink', longName.length, 'L'), data(longName));
    }
    blocks.push(header(name, bytes.length, '0'), data(bytes));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export const sha256Hex = (bytes: string | Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** A one-layer docker-archive (`docker save`'s format) tagged `tag`; its id is `sha256:` + the config's hash. */
export function dockerArchive(tag: string, config: object = {}): { archive: Buffer; id: string } {
  const layer = tarArchive({ 'hello.txt': `hello from ${tag}\n` });
  const configText = JSON.stringify({
    architecture: process.arch === 'arm64' ? 'arm64' : 'amd64',
    os: 'linux',
    config: { Cmd: ['/bin/sh'], ...config },
    rootfs: { type: 'layers', diff_ids: [`sha256:${sha256Hex(layer)}`] },
  });
  const configName = `${sha256Hex(configText)}.json`;
  const archive = tarArchive({
    'manifest.json': JSON.stringify([{ Config: configName, RepoTags: [tag], Layers: ['layer/layer.tar'] }]),
    [configName]: configText,
    'layer/layer.tar': layer,
  });
  return { archive, id: `sha256:${sha256Hex(configText)}` };
}
