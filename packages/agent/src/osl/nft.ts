import { exec, type ExecResult } from './exec.js';

/**
 * Runs `nft` in this process's namespace, or in a named one. `nsenter --net` only switches the
 * network namespace: `ip netns exec` also remounts /sys, a few milliseconds per call that an
 * incremental load-balancer change cannot spare.
 */
export function nft(args: readonly string[], input?: string, netns?: string): Promise<ExecResult> {
  return netns === undefined
    ? exec('nft', args, input)
    : exec('nsenter', [`--net=/run/netns/${netns}`, 'nft', ...args], input);
}
