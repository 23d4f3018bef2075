import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const composeInstalled = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;

// Validated by Debian's docker-compose (installed by .ci/run); there is no engine to run it here.
describe.skipIf(!composeInstalled)('docker-compose.yml', () => {
  const config = () =>
    spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        SWITCHYARD_JOIN_URL: 'https://manager:7080',
        SWITCHYARD_JOIN_TOKEN: `SYJOIN-1-${'0'.repeat(64)}-${'e'.repeat(43)}`,
      },
    });

  it('is a valid compose file', () => {
    const result = config();
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
  });

  it('runs the agent privileged on the host network, joining with the given token', () => {
    const rendered = config().stdout;
    expect(rendered).toMatch(/agent:[\s\S]*network_mode: host/);
    expect(rendered).toMatch(/agent:[\s\S]*privileged: true/);
    expect(rendered).toContain(`SYJOIN-1-${'0'.repeat(64)}`);
    expect(rendered).toContain('https://manager:7080');
  });
});
