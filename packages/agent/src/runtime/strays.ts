import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { exec } from '../osl/exec.js';
import { readProcStat } from './live/proc-stat.js';

/** Set in every workload's environment (see launch.ts): what marks a process as one of them. */
const workloadMarker = 'SWITCHYARD_CONTAINER_ID=';

/** Whether `pid` is a workload (or a process one started) not in a process group kept. */
async function isStray(pid: number, keptGroups: ReadonlySet<number>): Promise<boolean> {
  const stat = await readProcStat(pid);
  if (stat === undefined || keptGroups.has(stat.processGroup)) return false;
  const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
  return environ.split('\0').some((entry) => entry.startsWith(workloadMarker));
}

function signal(pid: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends workload processes in a sandbox's namespace that no record names (SIGTERM, then SIGKILL
 * after `graceMs`): a previous agent's that could not be adopted. Adopted workloads, each its
 * own process group, are in `keptGroups`; processes that are not workloads (the DNS's listeners,
 * which outlive agents too) are left alone. Returns how many were found.
 */
export async function killStrays(
  netns: string,
  graceMs: number,
  keptGroups: ReadonlySet<number> = new Set(),
): Promise<number> {
  const listed = await exec('ip', ['netns', 'pids', netns]).catch(() => ({ stdout: '' }));
  const pids = listed.stdout
    .split(/\s+/)
    .filter((word) => word !== '')
    .map(Number);
  const stray = await Promise.all(pids.map((pid) => isStray(pid, keptGroups)));
  const strays = pids.filter((_pid, index) => stray[index] === true);
  let alive = strays.filter((pid) => signal(pid, 'SIGTERM'));
  for (let waited = 0; alive.length > 0 && waited < graceMs; waited += 50) {
    await sleep(50);
    alive = alive.filter((pid) => signal(pid, 0));
  }
  for (const pid of alive) signal(pid, 'SIGKILL');
  return strays.length;
}
