import { describe, expect, it } from 'vitest';
import { parseImageConfig, readManifest } from './image-config.js';

describe('parseImageConfig', () => {
  it('reads the defaults a container takes from a Docker image config', () => {
    const config = parseImageConfig(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: {
          Env: ['PATH=/bin'],
          Cmd: ['httpd', '-f'],
          Entrypoint: null,
          WorkingDir: '/www',
          User: 'nobody',
          ExposedPorts: { '80/tcp': {}, '53/udp': {}, 'bad/tcp': {} },
          Labels: { team: 'web' },
          StopSignal: 'SIGQUIT',
        },
        rootfs: { type: 'layers', diff_ids: [`sha256:${'a'.repeat(64)}`] },
      }),
    );
    expect(config).toMatchObject({
      env: ['PATH=/bin'],
      cmd: ['httpd', '-f'],
      entrypoint: null,
      workingDir: '/www',
      user: 'nobody',
      exposedPorts: [
        { port: 80, protocol: 'tcp' },
        { port: 53, protocol: 'udp' },
      ],
      labels: { team: 'web' },
      stopSignal: 'SIGQUIT',
      diffIds: [`sha256:${'a'.repeat(64)}`],
    });
  });

  it('takes an image without a config section', () => {
    expect(parseImageConfig('{}')).toMatchObject({ env: [], cmd: null, workingDir: '', diffIds: [] });
  });
});

describe('readManifest', () => {
  it("picks an index's linux/amd64 manifest", () => {
    const index = {
      manifests: [
        { digest: 'sha256:arm', platform: { os: 'linux', architecture: 'arm64' } },
        { digest: 'sha256:amd', platform: { os: 'linux', architecture: 'amd64' } },
      ],
    };
    expect(readManifest(JSON.stringify(index))).toEqual({ kind: 'index', manifest: 'sha256:amd' });
  });

  it("sums a manifest's layer sizes", () => {
    const manifest = {
      config: { digest: 'sha256:c' },
      layers: [
        { digest: 'a', size: 10 },
        { digest: 'b', size: 5 },
      ],
    };
    expect(readManifest(JSON.stringify(manifest))).toEqual({
      kind: 'manifest',
      config: 'sha256:c',
      size: 15,
    });
  });
});
