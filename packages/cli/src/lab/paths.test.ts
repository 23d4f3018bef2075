import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labPaths } from './paths.js';

describe('labPaths', () => {
  it('is absolute for a relative data dir, as containerd needs the agents’ state dirs', () => {
    const paths = labPaths('data/e2e', 'sye2e');
    expect(paths.dir).toBe(join(process.cwd(), 'data/e2e/lab/sye2e'));
    expect(isAbsolute(paths.agentStateDir('sye2e-host1'))).toBe(true);
  });
});
