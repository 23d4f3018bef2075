import { describe, expect, it } from 'vitest';
import { resolveWorkload } from './catalog.js';

describe('built-in workloads', () => {
  it('runs the image default for an empty command', () => {
    const whoami = resolveWorkload('switchyard/whoami:latest', []);
    expect(whoami.ok && whoami.argv.at(-1)).toMatch(/whoami\.mjs$/);
    expect(resolveWorkload('switchyard/toolbox', [])).toEqual({ ok: true, argv: ['sleep', 'infinity'] });
  });

  it('lets a command replace the default', () => {
    expect(resolveWorkload('switchyard/toolbox', ['sleep', '3600'])).toEqual({
      ok: true,
      argv: ['sleep', '3600'],
    });
    expect(resolveWorkload('switchyard/whoami', ['sh', '-c', 'exit 3'])).toEqual({
      ok: true,
      argv: ['sh', '-c', 'exit 3'],
    });
  });

  it('refuses other images with a clear error', () => {
    expect(resolveWorkload('nginx', [])).toEqual({
      ok: false,
      error:
        'image "nginx" cannot run in the process runtime: built-in images are switchyard/whoami and switchyard/toolbox',
    });
  });
});
