/** One mount of a snapshot, as `ctr snapshots mounts` prints it. */
export interface SnapshotMount {
  type: string;
  source: string;
  options: string;
}

/**
 * Reads the `mount -t <type> <source> <target> [-o <options>]` line `ctr snapshots mounts` prints;
 * undefined when it prints none or several (a snapshotter this agent does not drive).
 */
export function parseSnapshotMount(output: string): SnapshotMount | undefined {
  const lines = output.split('\n').filter((line) => line.trim() !== '');
  if (lines.length !== 1) return undefined;
  const words = (lines[0] ?? '').trim().split(/\s+/);
  const match = /^mount -t (\S+) (\S+) \S+(?: -o (\S+))?$/.exec(words.join(' '));
  if (match === null) return undefined;
  return { type: match[1] ?? '', source: match[2] ?? '', options: match[3] ?? '' };
}
