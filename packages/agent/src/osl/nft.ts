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

/** One `nft -f` script and the namespace it runs in (undefined: this process's). */
export interface NftScript {
  netns: string | undefined;
  script: string;
}

const heredocEnd = 'SWITCHYARD_NFT_SCRIPT_END';
const marker = '@@switchyard-nft';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs several `nft -f` scripts, each atomic on its own, from one shell: a change to a service
 * touches every sandbox on its networks, and one process forked from the agent per sandbox cost
 * more than the scripts themselves. Namespaces are the shell's arguments and scripts are quoted
 * here-documents, so neither is interpreted. Returns each script's error, if it failed.
 */
export async function nftScripts(scripts: readonly NftScript[]): Promise<(string | undefined)[]> {
  const single = scripts.length === 1 ? scripts[0] : undefined;
  if (single !== undefined) {
    return nft(['-f', '-'], single.script, single.netns).then(
      () => [undefined],
      (error: unknown) => [describe(error)],
    );
  }
  if (scripts.length === 0) return [];
  const names: string[] = [];
  const lines = scripts.flatMap(({ netns, script }, index) => {
    if (script.split('\n').includes(heredocEnd))
      throw new Error(`an nft script holds the line ${heredocEnd}`);
    const command =
      netns === undefined ? 'nft -f -' : `nsenter --net="/run/netns/\${${names.push(netns)}}" nft -f -`;
    return [
      `${command} 2>&1 <<'${heredocEnd}'`,
      script.replace(/\n$/, ''),
      heredocEnd,
      `echo "${marker} ${index} $?"`,
    ];
  });
  let stdout: string;
  try {
    ({ stdout } = await exec('sh', ['-c', lines.join('\n'), 'sh', ...names]));
  } catch (error) {
    return scripts.map(() => describe(error));
  }
  const errors: (string | undefined)[] = scripts.map(() => 'no answer from nft');
  let output: string[] = [];
  for (const line of stdout.split('\n')) {
    const done = line.startsWith(`${marker} `) ? line.split(' ') : undefined;
    if (done === undefined) {
      output.push(line);
      continue;
    }
    const [, index, status] = done;
    errors[Number(index)] =
      status === '0' ? undefined : output.join('\n').trim() || `nft exited with ${status}`;
    output = [];
  }
  return errors;
}
