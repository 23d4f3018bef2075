import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../osl/exec.js';
import { nft } from '../osl/nft.js';
import { goldenDocuments } from '../test-support/firewall/golden-documents.js';
import { replaceTableScript, natTable } from './tables.js';

const netns = `syd${process.pid}-nft`;

beforeAll(() => exec('ip', ['netns', 'add', netns]));
afterAll(() => exec('ip', ['netns', 'del', netns]));

describe('golden rulesets on this nft', () => {
  for (const name of Object.keys(goldenDocuments)) {
    it(`loads __golden__/${name}.nft`, async () => {
      const text = await readFile(new URL(`./__golden__/${name}.nft`, import.meta.url), 'utf8');
      await nft(['-f', '-'], text, netns);
      await nft(['flush', 'ruleset'], undefined, netns);
    });
  }

  it('replaces a table whether or not it exists, atomically', async () => {
    const body =
      'table ip switchyard_nat {\n\tchain postrouting {\n\t\ttype nat hook postrouting priority srcnat;\n\t}\n}\n';
    await nft(['-f', '-'], replaceTableScript(natTable, body), netns);
    await nft(['-f', '-'], replaceTableScript(natTable, body), netns);
    const broken = body.replace('srcnat', 'nonsense');
    await expect(nft(['-f', '-'], replaceTableScript(natTable, broken), netns)).rejects.toThrow();
    expect((await nft(['list', 'tables'], undefined, netns)).stdout).toBe('table ip switchyard_nat\n');
  });
});
