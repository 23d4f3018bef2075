import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialPath, loadCredential, saveCredential } from './credential.js';

let dir = '';
afterEach(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('credential store', () => {
  it('round-trips a credential in a file only its owner can read', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sy-cred-'));
    const stateDir = join(dir, 'agent');
    const stored = { nodeId: 'n1', credential: 'secret', controlPlaneUrl: 'http://192.168.99.1:7080' };
    await saveCredential(stateDir, stored);
    expect(await loadCredential(stateDir)).toEqual(stored);
    expect((await stat(credentialPath(stateDir))).mode & 0o777).toBe(0o600);
  });

  it('treats a missing or malformed file as no credential', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sy-cred-'));
    expect(await loadCredential(dir)).toBeUndefined();
    await writeFile(credentialPath(dir), '{"nodeId":1}');
    expect(await loadCredential(dir)).toBeUndefined();
  });
});
