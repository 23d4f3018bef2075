import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from './exec.js';
import { nft, nftScripts } from './nft.js';

const spaces = [`syd${process.pid}-nfa`, `syd${process.pid}-nfb`, `syd${process.pid}-nf$(x)`];

beforeAll(() => Promise.all(spaces.slice(0, 2).map((name) => exec('ip', ['netns', 'add', name]))));
afterAll(() => Promise.all(spaces.slice(0, 2).map((name) => exec('ip', ['netns', 'del', name]))));

const table = (name: string) =>
  `table ip ${name} {\n\tchain c {\n\t\ttype filter hook output priority 0;\n\t}\n}\n`;

describe('nftScripts', () => {
  it('runs each script in its namespace from one shell, reporting each failure on its own', async () => {
    const [a = '', b = '', odd = ''] = spaces;
    const errors = await nftScripts([
      { netns: a, script: table('one') },
      { netns: b, script: 'table ip broken {\n\tchain c {\n\t\ttype nonsense;\n\t}\n}\n' },
      { netns: b, script: `${table('two')}add table ip "$(touch /tmp/never)"\n` },
      { netns: odd, script: table('three') },
    ]);
    expect(errors[0]).toBeUndefined();
    expect(errors[1]).toMatch(/Error/);
    // A script is nft's input, never the shell's: the bad line fails the whole script, atomically.
    expect(errors[2]).toMatch(/Error/);
    expect(errors[3]).toMatch(/No such file|nsenter/);
    expect((await nft(['list', 'tables'], undefined, a)).stdout).toBe('table ip one\n');
    expect((await nft(['list', 'tables'], undefined, b)).stdout).toBe('');
  });
});
