import { describe, expect, it } from 'vitest';
import { idReference, normalizeReference, registryOf } from './references.js';

describe('references', () => {
  it('normalizes as Docker reads a name', () => {
    expect(normalizeReference('nginx')).toBe('docker.io/library/nginx:latest');
    expect(normalizeReference('nginx:1.25')).toBe('docker.io/library/nginx:1.25');
    expect(normalizeReference('switchyard/busybox-httpd:latest')).toBe(
      'docker.io/switchyard/busybox-httpd:latest',
    );
    expect(normalizeReference('registry.example.com:5000/team/app')).toBe(
      'registry.example.com:5000/team/app:latest',
    );
    expect(normalizeReference('localhost/app:v1')).toBe('localhost/app:v1');
    expect(normalizeReference(`app@sha256:${'a'.repeat(64)}`)).toBe(
      `docker.io/library/app@sha256:${'a'.repeat(64)}`,
    );
  });

  it('names the registry a pull goes to', () => {
    expect(registryOf('nginx')).toBe('registry-1.docker.io');
    expect(registryOf('ghcr.io/acme/tool:1')).toBe('ghcr.io');
  });

  it('keeps each image under its id', () => {
    expect(idReference(`sha256:${'b'.repeat(64)}`)).toBe(`switchyard.internal/image:${'b'.repeat(64)}`);
  });
});
