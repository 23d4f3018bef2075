import type { TopResponse } from '@switchyard/contracts';
import { exec } from '../osl/exec.js';

/**
 * `ps -ef` output as `docker top` shows it: the header's titles, and each row's first seven columns
 * split on blanks with the rest (the command line, spaces and all) as CMD.
 */
export function parsePsEf(output: string): { titles: string[]; rows: string[][] } {
  const [header = '', ...lines] = output.split('\n').filter((line) => line.trim() !== '');
  const titles = header.trim().split(/\s+/);
  const fixed = titles.length - 1;
  const rows = lines.map((line) => {
    const words = line.trim().split(/\s+/);
    const head = words.slice(0, fixed);
    // The command keeps its own spacing: cut it where the fixed columns end.
    let rest = line.trim();
    for (const word of head) rest = rest.slice(rest.indexOf(word) + word.length);
    return [...head, rest.trim()];
  });
  return { titles, rows };
}

/** The rows whose PID is in `pids`, or descends from one of `roots` (by PPID). */
export function selectProcesses(
  titles: readonly string[],
  rows: readonly string[][],
  select: { pids?: ReadonlySet<number>; roots?: readonly number[] },
): string[][] {
  const pidColumn = titles.indexOf('PID');
  const ppidColumn = titles.indexOf('PPID');
  const pidOf = (row: readonly string[], column: number) => Number(row[column]);
  if (select.pids !== undefined) {
    const pids = select.pids;
    return rows.filter((row) => pids.has(pidOf(row, pidColumn)));
  }
  const inside = new Set(select.roots ?? []);
  // Parents are listed before their children by ps, but not always: repeat until nothing joins.
  for (let grew = true; grew;) {
    grew = false;
    for (const row of rows) {
      const pid = pidOf(row, pidColumn);
      if (!inside.has(pid) && inside.has(pidOf(row, ppidColumn))) {
        inside.add(pid);
        grew = true;
      }
    }
  }
  return rows.filter((row) => inside.has(pidOf(row, pidColumn)));
}

/**
 * The processes of a sandbox as `ps -ef` lists them: those in its network namespace, or in host
 * mode, the container's process and its descendants.
 */
export async function topOfSandbox(netns: string | null, pid: number | null): Promise<TopResponse> {
  try {
    const { stdout } = await exec('ps', ['-ef']);
    const { titles, rows } = parsePsEf(stdout);
    if (netns === null) {
      return {
        ok: true,
        titles,
        processes: selectProcesses(titles, rows, { roots: pid === null ? [] : [pid] }),
      };
    }
    const listed = await exec('ip', ['netns', 'pids', netns]);
    const pids = new Set(
      listed.stdout
        .split(/\s+/)
        .filter((word) => word !== '')
        .map(Number),
    );
    return { ok: true, titles, processes: selectProcesses(titles, rows, { pids }) };
  } catch (error) {
    return {
      ok: false,
      error: `cannot list the processes: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
