import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { exec } from '@switchyard/agent';

/** A zombie has exited; it only waits for its (re)parent to reap it, which can take a while. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM means it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

/** Whether a recorded pid is still our agent for that host, not an unrelated process that reused the pid. */
export async function isLabAgent(pid: number, hostName: string): Promise<boolean> {
  try {
    const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return (
      args.some((arg) => arg.endsWith('switchyard.js')) && args.includes('agent') && args.includes(hostName)
    );
  } catch {
    return false;
  }
}

/** Processes inside a named namespace (a socket they hold would keep it alive after `netns del`). */
export async function pidsInNetns(netns: string): Promise<number[]> {
  try {
    const { stdout } = await exec('ip', ['netns', 'pids', netns]);
    return stdout
      .split(/\s+/)
      .filter((word) => /^\d+$/.test(word))
      .map(Number);
  } catch {
    return [];
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/** SIGTERM, then SIGKILL whatever is still running after the grace period. */
export async function terminate(pids: readonly number[], graceMs = 3_000): Promise<void> {
  const alive = [...new Set(pids)].filter(isAlive);
  alive.forEach((pid) => signal(pid, 'SIGTERM'));
  const deadline = Date.now() + graceMs;
  while (alive.some(isAlive) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  alive.filter(isAlive).forEach((pid) => signal(pid, 'SIGKILL'));
  const killDeadline = Date.now() + 2_000;
  while (alive.some(isAlive) && Date.now() < killDeadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
}
