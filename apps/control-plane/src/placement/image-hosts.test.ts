import { describe, expect, it } from 'vitest';
import { imageUnavailable, noImageHost, type ImageHost } from './image-hosts.js';

const need = { reference: 'switchyard/busybox-httpd:latest', id: `sha256:${'a'.repeat(64)}` };
const host = (name: string, overrides: Partial<ImageHost> = {}): ImageHost => ({
  name,
  ready: true,
  capabilities: ['containerd'],
  images: [{ id: need.id, references: [need.reference], present: true }],
  ...overrides,
});

describe('image placement', () => {
  it('takes a ready containerd host that holds the image', () => {
    expect(imageUnavailable(host('sy-host1'), need)).toBeNull();
  });

  it('names every host and why it cannot', () => {
    const hosts = [
      host('sy-host3', { capabilities: [] }),
      host('sy-host2', {
        images: [{ id: need.id, references: [], present: false, error: 'download failed: 503' }],
      }),
      host('sy-host1', { images: [] }),
      host('sy-host4', { ready: false }),
    ];
    expect(hosts.every((candidate) => imageUnavailable(candidate, need) !== null)).toBe(true);
    expect(noImageHost(need, hosts)).toBe(
      'image switchyard/busybox-httpd:latest is not on any ready host: sy-host1 has not loaded it; ' +
        'sy-host2 has not loaded it (download failed: 503); sy-host3 has no container runtime; sy-host4 is down',
    );
  });
});
