// A small OCI image made offline: Debian's busybox-static as the whole root filesystem, serving
// HTTP on port 80 with busybox's httpd. Written as a docker-archive (what `docker save` writes and
// `docker load`, `podman load` and `ctr image import` read), so tests and benches need no registry.
// Usage: npx tsx scripts/images/busybox-archive.ts <out.tar> [tag]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where Debian's busybox-static puts its binary. */
export const busyboxStatic = '/bin/busybox';

/** The applets the image offers as commands (busybox answers to the name it is called by). */
const applets = ['sh', 'httpd', 'ps', 'echo', 'cat', 'ls', 'sleep', 'true', 'hostname', 'ip', 'wget', 'id'];

/** Deterministic tar: sorted names, owner root, time zero, so the same input gives the same digest. */
function tar(directory: string, output: string, entries: string[]): void {
  execFileSync('tar', [
    '--sort=name',
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    '--mtime=@0',
    '-C',
    directory,
    '-cf',
    output,
    ...entries,
  ]);
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

export interface BuiltArchive {
  path: string;
  tag: string;
  /** `sha256:<hex>` of the image config: the image id `docker images` shows. */
  imageId: string;
}

/** Writes the image as a docker-archive at `output`; throws, naming the package, without busybox-static. */
export function buildBusyboxArchive(output: string, tag = 'switchyard/busybox-httpd:latest'): BuiltArchive {
  if (
    !existsSync(busyboxStatic) ||
    !execFileSync('file', ['-b', busyboxStatic]).toString().includes('static')
  ) {
    throw new Error(`${busyboxStatic} is not a static busybox: apt-get install busybox-static`);
  }
  const work = mkdtempSync(join(tmpdir(), 'switchyard-image-'));
  try {
    const rootfs = join(work, 'rootfs');
    for (const dir of ['bin', 'www', 'tmp', 'etc']) mkdirSync(join(rootfs, dir), { recursive: true });
    copyFileSync(busyboxStatic, join(rootfs, 'bin', 'busybox'));
    for (const applet of applets) symlinkSync('busybox', join(rootfs, 'bin', applet));
    writeFileSync(join(rootfs, 'www', 'index.html'), 'hello from busybox httpd\n');
    writeFileSync(
      join(rootfs, 'etc', 'passwd'),
      'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n',
    );
    writeFileSync(join(rootfs, 'etc', 'group'), 'root:x:0:\nnobody:x:65534:\n');

    const archive = join(work, 'archive');
    mkdirSync(archive);
    const layerTar = join(work, 'layer.tar');
    tar(rootfs, layerTar, ['.']);
    const layerDigest = sha256(readFileSync(layerTar));
    mkdirSync(join(archive, layerDigest));
    copyFileSync(layerTar, join(archive, layerDigest, 'layer.tar'));

    const config = JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: '1970-01-01T00:00:00Z',
      config: {
        Env: ['PATH=/bin'],
        Cmd: ['httpd', '-f', '-v', '-p', '80', '-h', '/www'],
        WorkingDir: '/',
        ExposedPorts: { '80/tcp': {} },
        StopSignal: 'SIGTERM',
      },
      rootfs: { type: 'layers', diff_ids: [`sha256:${layerDigest}`] },
      history: [
        { created: '1970-01-01T00:00:00Z', created_by: 'switchyard: busybox-static as the root filesystem' },
      ],
    });
    const configDigest = sha256(config);
    writeFileSync(join(archive, `${configDigest}.json`), config);
    writeFileSync(
      join(archive, 'manifest.json'),
      JSON.stringify([
        { Config: `${configDigest}.json`, RepoTags: [tag], Layers: [`${layerDigest}/layer.tar`] },
      ]),
    );
    const [repository, version] = tag.split(/:(?=[^:/]+$)/);
    writeFileSync(
      join(archive, 'repositories'),
      JSON.stringify({ [repository ?? tag]: { [version ?? 'latest']: layerDigest } }),
    );
    tar(archive, resolve(output), ['manifest.json', 'repositories', `${configDigest}.json`, layerDigest]);
    return { path: resolve(output), tag, imageId: `sha256:${configDigest}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [output, tag] = process.argv.slice(2);
  if (output === undefined) {
    console.error('usage: busybox-archive.ts <out.tar> [tag]');
    process.exit(2);
  }
  const built = buildBusyboxArchive(output, tag);
  console.log(`${built.path}: ${built.tag} (${built.imageId})`);
}
