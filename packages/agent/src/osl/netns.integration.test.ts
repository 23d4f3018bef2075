import { afterAll, describe, expect, it } from 'vitest';
import { exec } from './exec.js';
import { deleteNamespaces, namespaceNames, renameNamespace } from './netns.js';

const prefix = `synr${process.pid}`;
const made = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];

afterAll(async () => {
  const left = [...(await namespaceNames())].filter((name) => name.startsWith(prefix));
  await deleteNamespaces(left);
  expect([...(await namespaceNames())].filter((name) => name.startsWith(prefix))).toEqual([]);
});

describe('renaming a namespace', () => {
  it('keeps what is in it under the new name, and the old name is gone', async () => {
    const [from, to] = made;
    await exec('ip', ['netns', 'add', from ?? '']);
    await exec('ip', ['-n', from ?? '', 'link', 'add', 'kept0', 'type', 'veth', 'peer', 'name', 'kept1']);
    const started = performance.now();
    await renameNamespace(from ?? '', to ?? '');
    console.log(`renamed in ${(performance.now() - started).toFixed(1)} ms`);
    const names = await namespaceNames();
    expect(names.has(to ?? '')).toBe(true);
    expect(names.has(from ?? '')).toBe(false);
    expect((await exec('ip', ['-n', to ?? '', '-o', 'link', 'show', 'kept0'])).stdout).toContain('kept0');
  });

  it('refuses a name already taken, leaving both namespaces as they were', async () => {
    const [, to, other] = made;
    await exec('ip', ['netns', 'add', other ?? '']);
    await expect(renameNamespace(other ?? '', to ?? '')).rejects.toThrow();
    await expect(renameNamespace(other ?? '', '../etc')).rejects.toThrow(/not a namespace name/);
    const names = await namespaceNames();
    expect(names.has(to ?? '') && names.has(other ?? '')).toBe(true);
    expect((await exec('ip', ['-n', to ?? '', '-o', 'link', 'show', 'kept0'])).stdout).toContain('kept0');
  });
});
