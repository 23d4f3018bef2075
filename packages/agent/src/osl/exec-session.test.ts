import { describe, expect, it } from 'vitest';
import { ttyShellLine } from './exec-session.js';

describe('the line script runs for a terminal', () => {
  it('sets the size first, then runs the program in place of the shell, every word quoted', () => {
    expect(ttyShellLine({ file: 'ip', args: ['netns', 'exec', 'ns', 'sh'] }, 120, 40)).toBe(
      "stty cols 120 rows 40 2>/dev/null; exec 'ip' 'netns' 'exec' 'ns' 'sh'",
    );
  });

  it('keeps quotes and shell syntax in the arguments literal', () => {
    expect(ttyShellLine({ file: 'sh', args: ['-c', "echo 'a' $HOME; x"] })).toBe(
      `exec 'sh' '-c' 'echo '\\''a'\\'' $HOME; x'`,
    );
  });
});
