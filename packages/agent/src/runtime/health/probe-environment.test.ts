import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { probeCommand, runProbe } from './probe.js';

// The agent runs with its join token (and, in the lab, the admin password) in its environment; a
// health check runs the container's own command, so it must not see them.
beforeEach(() => {
  vi.stubEnv('SWITCHYARD_JOIN_TOKEN', 'SYJT-secret-token');
  vi.stubEnv('SWITCHYARD_ADMIN_PASSWORD', 'lab-admin-password');
});
afterEach(() => vi.unstubAllEnvs());

const check = (command: string[]) => ({
  kind: 'command' as const,
  command,
  intervalMs: 1000,
  timeoutMs: 2000,
  retries: 1,
  startPeriodMs: 0,
});

const probe = (script: string) => {
  const command = probeCommand(check(['sh', '-c', script]), null);
  if (command === undefined) throw new Error('no probe command');
  return runProbe(command, 2000);
};

describe('a health probe’s environment', () => {
  it('holds PATH and neither the join token nor the admin password', async () => {
    expect(await probe('command -v env >/dev/null && [ -n "$PATH" ]')).toBe(true);
    expect(await probe('env | grep -q SWITCHYARD_JOIN_TOKEN')).toBe(false);
    expect(await probe('env | grep -q SWITCHYARD_ADMIN_PASSWORD')).toBe(false);
    expect(await probe('env | grep -q secret-token')).toBe(false);
  });

  it('is PATH and nothing else (the shell adds PWD itself)', async () => {
    expect(await probe('[ "$(env | cut -d= -f1 | grep -vx PWD | sort | tr "\\n" " ")" = "PATH " ]')).toBe(
      true,
    );
  });
});
