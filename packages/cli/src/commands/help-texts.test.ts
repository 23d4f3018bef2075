import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../cli.js';
import { asksForHelp } from './help-texts.js';

afterEach(() => vi.restoreAllMocks());

// Every command and subcommand answers --help with its usage, exit code 0, and starts nothing.
const commands = [
  ['start'],
  ['lab'],
  ['lab', 'up'],
  ['lab', 'down'],
  ['lab', 'status'],
  ['agent'],
  ['join-token'],
  ['exec'],
  ['control-plane'],
  ['bundle'],
  ['doctor'],
  ['backup'],
  ['restore'],
];

describe('--help', () => {
  it.each(commands)('switchyard %s %s --help prints its usage', async (...words) => {
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
    expect(await runCli([...words.filter((word) => word !== undefined), '--help'])).toBe(0);
    expect(printed.join('\n')).toMatch(new RegExp(`^Usage: switchyard ${words[0]}`));
  });

  it('is not asked for by arguments after --', () => {
    expect(asksForHelp(['tool', '--', 'ls', '--help'])).toBe(false);
    expect(asksForHelp(['-h'])).toBe(true);
  });
});
