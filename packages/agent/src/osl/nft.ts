import { exec, type ExecResult } from './exec.js';
import { netnsExec } from './ip.js';

/** Runs `nft` in this process's namespace, or in a named one. */
export function nft(args: readonly string[], input?: string, netns?: string): Promise<ExecResult> {
  return netns === undefined ? exec('nft', args, input) : netnsExec(netns, 'nft', args, input);
}
