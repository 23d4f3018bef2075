import { CommandError, exec } from './exec.js';

/** Failed lines of an `ip -force -batch` run: 1-based line number -> iproute2's message. */
export type BatchFailures = Map<number, string>;

/**
 * iproute2 prints a failing line's message, then `Command failed -:N`. Messages are collected up to
 * each marker, so every failure is attributed to its line.
 */
export function parseBatchFailures(stderr: string): BatchFailures {
  const failures: BatchFailures = new Map();
  let pending: string[] = [];
  for (const line of stderr.split('\n')) {
    const marker = /^Command failed -:(\d+)$/.exec(line.trim());
    if (marker?.[1] !== undefined) {
      failures.set(Number(marker[1]), pending.join(' ').trim() || 'command failed');
      pending = [];
    } else if (line.trim() !== '') {
      pending.push(line.trim());
    }
  }
  return failures;
}

/** The iproute2 programs that take batches: `ip`, and `bridge` for VXLAN forwarding entries. */
export type BatchTool = 'ip' | 'bridge';

/**
 * Runs every line (`-force`: a failing line does not stop the rest) in one `ip` (or `bridge`)
 * process and reports which lines failed. `netns` undefined is this process's namespace.
 */
export async function ipForceBatch(
  lines: readonly string[],
  netns?: string,
  tool: BatchTool = 'ip',
): Promise<BatchFailures> {
  if (lines.length === 0) return new Map();
  const ns = netns === undefined ? [] : ['-n', netns];
  try {
    await exec(tool, [...ns, '-force', '-batch', '-'], `${lines.join('\n')}\n`);
    return new Map();
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    const failures = parseBatchFailures(error.stderr);
    // A failure before any line ran (e.g. the namespace is gone) is charged to every line.
    if (failures.size === 0)
      return new Map(lines.map((_, i) => [i + 1, error.stderr.trim() || error.message]));
    return failures;
  }
}
