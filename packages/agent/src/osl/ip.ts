import { exec } from './exec.js';

/** `ip` arguments that select a namespace; `ip -n` switches namespace without an extra process. */
function nsArgs(netns: string | undefined): string[] {
  return netns === undefined ? [] : ['-n', netns];
}

/** Runs `ip -j ...` and parses its JSON answer (an empty answer is an empty list). */
export async function ipJson<T>(args: readonly string[], netns?: string): Promise<T[]> {
  const { stdout } = await exec('ip', [...nsArgs(netns), '-j', ...args]);
  const text = stdout.trim();
  return text === '' ? [] : (JSON.parse(text) as T[]);
}

/**
 * Runs many `ip` commands in one process. iproute2 stops at the first failing line unless `force`,
 * which runs every line (and still fails at the end if one did).
 */
export async function ipBatch(commands: readonly string[], netns?: string, force = false): Promise<void> {
  if (commands.length === 0) return;
  const flags = force ? ['-force', '-batch', '-'] : ['-batch', '-'];
  await exec('ip', [...nsArgs(netns), ...flags], `${commands.join('\n')}\n`);
}

/** Runs a program inside a named network namespace. */
export function netnsExec(netns: string, file: string, args: readonly string[], input?: string) {
  return exec('ip', ['netns', 'exec', netns, file, ...args], input);
}

export interface NetnsEntry {
  name: string;
}

export function listNetns(): Promise<NetnsEntry[]> {
  return ipJson<NetnsEntry>(['netns', 'list']);
}
