import { describe, expect, it } from 'vitest';
import { sha256Hex, tarArchive } from '../test-support/images/archive-fixture.js';
import { ArchiveError, bufferSource, readImageArchive } from './archive.js';

const hex = sha256Hex;
const tar = tarArchive;

const layer = Buffer.from('pretend this is a layer tar');
const config = JSON.stringify({
  architecture: 'amd64',
  os: 'linux',
  created: '2024-01-02T03:04:05Z',
  config: {
    Env: ['PATH=/bin', 'MODE=test'],
    Cmd: ['httpd', '-f'],
    Entrypoint: ['/bin/entry'],
    WorkingDir: '/www',
    User: 'nobody',
    ExposedPorts: { '80/tcp': {}, '53/udp': {}, '1000-1002/tcp': {} },
    Labels: { team: 'net' },
    StopSignal: 'SIGQUIT',
    Healthcheck: { Test: ['CMD-SHELL', 'wget -q localhost'], Interval: 5e9, Retries: 2 },
  },
  rootfs: { type: 'layers', diff_ids: [`sha256:${hex(layer)}`] },
});

describe('readImageArchive', () => {
  it('reads a docker-archive: id, tags, config and size', () => {
    const archive = tar({
      'manifest.json': JSON.stringify([
        {
          Config: `${hex(config)}.json`,
          RepoTags: ['web:1', 'docker.io/library/web:2'],
          Layers: ['l/layer.tar'],
        },
      ]),
      [`${hex(config)}.json`]: config,
      'l/layer.tar': layer,
    });
    const [image, ...rest] = readImageArchive(bufferSource(archive));
    expect(rest).toEqual([]);
    expect(image).toMatchObject({
      id: `sha256:${hex(config)}`,
      references: ['web:1', 'web:2'],
      created: '2024-01-02T03:04:05Z',
      size: layer.length,
      layers: 1,
    });
    expect(image?.config).toEqual({
      env: ['PATH=/bin', 'MODE=test'],
      cmd: ['httpd', '-f'],
      entrypoint: ['/bin/entry'],
      workingDir: '/www',
      user: 'nobody',
      exposedPorts: [
        { port: 80, protocol: 'tcp' },
        { port: 53, protocol: 'udp' },
      ],
      labels: { team: 'net' },
      stopSignal: 'SIGQUIT',
      healthcheck: {
        test: ['CMD-SHELL', 'wget -q localhost'],
        intervalNs: 5e9,
        timeoutNs: 0,
        startPeriodNs: 0,
        retries: 2,
      },
      diffIds: [`sha256:${hex(layer)}`],
      architecture: 'amd64',
      os: 'linux',
    });
  });

  it('reads long member names (GNU LongLink) and ./ prefixes', () => {
    const name = `${'d'.repeat(90)}/${'e'.repeat(30)}/layer.tar`;
    const archive = tar(
      {
        './manifest.json': JSON.stringify([{ Config: 'c.json', RepoTags: null, Layers: [name] }]),
        './c.json': config,
        [`./${name}`]: layer,
      },
      { longNames: true },
    );
    const [image] = readImageArchive(bufferSource(archive));
    expect(image?.references).toEqual([]);
    expect(image?.size).toBe(layer.length);
  });

  it('reads an OCI layout: index → manifest → config, names from annotations, this platform', () => {
    const manifest = JSON.stringify({
      schemaVersion: 2,
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: `sha256:${hex(config)}`,
        size: 1,
      },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha256:${hex(layer)}`, size: 1 },
      ],
    });
    const otherConfig = JSON.stringify({
      architecture: 'arm64',
      os: 'linux',
      config: {},
      rootfs: { diff_ids: [] },
    });
    const otherManifest = JSON.stringify({
      config: { digest: `sha256:${hex(otherConfig)}` },
      layers: [],
    });
    const nested = JSON.stringify({
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: `sha256:${hex(manifest)}`,
          platform: { architecture: 'amd64', os: 'linux' },
        },
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: `sha256:${hex(otherManifest)}`,
          platform: { architecture: 'arm64', os: 'linux' },
        },
      ],
    });
    const archive = tar({
      'oci-layout': '{"imageLayoutVersion":"1.0.0"}',
      'index.json': JSON.stringify({
        schemaVersion: 2,
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.index.v1+json',
            digest: `sha256:${hex(nested)}`,
            annotations: { 'io.containerd.image.name': 'docker.io/library/web:3' },
          },
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: `sha256:${hex(manifest)}`,
            annotations: { 'org.opencontainers.image.ref.name': 'latest' },
          },
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: `sha256:${hex(manifest)}`,
            annotations: { 'org.opencontainers.image.ref.name': 'registry.example:5000/team/web' },
          },
        ],
      }),
      [`blobs/sha256/${hex(nested)}`]: nested,
      [`blobs/sha256/${hex(manifest)}`]: manifest,
      [`blobs/sha256/${hex(otherManifest)}`]: otherManifest,
      [`blobs/sha256/${hex(config)}`]: config,
      [`blobs/sha256/${hex(otherConfig)}`]: otherConfig,
      [`blobs/sha256/${hex(layer)}`]: layer,
    });
    const images = readImageArchive(bufferSource(archive), 'amd64');
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({
      id: `sha256:${hex(config)}`,
      references: ['web:3', 'registry.example:5000/team/web:latest'],
      size: layer.length,
    });
  });

  it('names what is wrong with a bad archive', () => {
    const read = (buffer: Buffer) => () => readImageArchive(bufferSource(buffer));
    expect(read(Buffer.alloc(0))).toThrow('the archive is empty');
    expect(read(Buffer.alloc(1024, 7))).toThrow(/not a tar archive: damaged header/);
    expect(read(tar({ 'hello.txt': 'hi' }))).toThrow(
      new ArchiveError('not a docker-archive or OCI layout: no manifest.json or index.json'),
    );
    expect(read(tar({ 'manifest.json': '{nope' }))).toThrow('manifest.json is not JSON');
    expect(read(tar({ 'manifest.json': '[{"Config":"c.json","Layers":[]}]' }))).toThrow(
      'config c.json is missing from the archive',
    );
    expect(
      read(
        tar({
          'manifest.json': JSON.stringify([{ Config: 'c.json', Layers: ['a.tar'] }]),
          'c.json': config,
        }),
      ),
    ).toThrow('layer a.tar is missing from the archive');
    const truncated = tar({ 'manifest.json': 'x'.repeat(2000) }).subarray(0, 1024);
    expect(read(truncated)).toThrow(/runs past the end/);
  });
});
