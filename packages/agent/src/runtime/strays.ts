import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { exec } from '../osl/exec.js';

async function parentOf(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return undefined;
  // The command name in parentheses may contain spaces: fields are counted after its ")".
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
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
 * Ends processes left in a sandbox's namespace by a previous agent (SIGTERM, then SIGKILL after
 * `graceMs`), so a restarted agent starts from a clean slate. This agent's own children (such as
 * a DNS listener helper that is starting) are spared. Returns how many were found.
 */
export async function killStrays(netns: string, graceMs: number): Promise<number> {
  const listed = await exec('ip', ['netns', 'pids', netns]).catch(() => ({ stdout: '' }));
  const pids = listed.stdout
    .split(/\s+/)
    .filter((word) => word !== '')
    .map(Number);
  const parents = await Promise.all(pids.map(parentOf));
  const strays = pids.filter((pid, index) => parents[index] !== undefined && parents[index] !== process.pid);
  let alive = strays.filter((pid) => signal(pid, 'SIGTERM'));
  for (let waited = 0; alive.length > 0 && waited < graceMs; waited += 50) {
    await sleep(50);
    alive = alive.filter((pid) => signal(pid, 0));
  }
  for (const pid of alive) signal(pid, 'SIGKILL');
  return strays.length;
}
