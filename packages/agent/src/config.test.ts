import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { childEnvironment, probeEnvironment } from './config.js';

beforeEach(() => {
  vi.stubEnv('SWITCHYARD_JOIN_TOKEN', 'SYJT-secret-token');
  vi.stubEnv('SWITCHYARD_ADMIN_PASSWORD', 'lab-admin-password');
  vi.stubEnv('SWITCHYARD_LAB_PREFIX', 'sy');
});
afterEach(() => vi.unstubAllEnvs());

describe('the environments the agent hands to what it starts', () => {
  it('gives its own tools its environment without the join token or the admin password', () => {
    const env = childEnvironment();
    expect(env).toMatchObject({ SWITCHYARD_LAB_PREFIX: 'sy' });
    expect(env).not.toHaveProperty('SWITCHYARD_JOIN_TOKEN');
    expect(env).not.toHaveProperty('SWITCHYARD_ADMIN_PASSWORD');
  });

  it('gives a probe PATH and nothing else', () => {
    expect(Object.keys(probeEnvironment())).toEqual(['PATH']);
  });
});
