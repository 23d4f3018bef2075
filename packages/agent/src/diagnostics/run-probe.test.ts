import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { probeSpecSchema } from '@switchyard/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startProcess } from '../osl/process.js';
import { runProbe } from './run-probe.js';

vi.mock('../osl/process.js', () => ({ startProcess: vi.fn() }));

beforeEach(() => {
  vi.stubEnv('SWITCHYARD_JOIN_TOKEN', 'SYJT-secret-token');
  vi.stubEnv('SWITCHYARD_ADMIN_PASSWORD', 'lab-admin-password');
  vi.mocked(startProcess).mockImplementation(() => {
    const child = Object.assign(new EventEmitter(), {
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      kill: () => true,
    });
    setImmediate(() => child.emit('close', 0));
    return child as unknown as ReturnType<typeof startProcess>;
  });
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.mocked(startProcess).mockReset();
});

describe('a diagnostics probe', () => {
  it('starts with PATH as its whole environment: no join token, no admin password', async () => {
    await runProbe(probeSpecSchema.parse({ tool: 'ping', host: '10.0.0.2' }), 'sy-host1-sb-abc');
    const options = vi.mocked(startProcess).mock.calls[0]?.[2];
    expect(options?.env).toEqual({ PATH: expect.any(String) });
    expect(JSON.stringify(options?.env)).not.toMatch(/SWITCHYARD|secret-token|lab-admin-password/);
  });
});
