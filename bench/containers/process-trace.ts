/**
 * Which programs an engine's daemons run during one container start, and when: `strace -f` on
 * every thread of the given processes, execve and exits only. ptrace slows each fork and exec, so
 * this is for the bench's last pass, which explains where time goes, never for its figures.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface TracedCommand {
  pid: number;
  /** The program's name and its first words, flags and paths left out (e.g. `ctr snapshots prepare`). */
  what: string;
  /** Epoch ms. */
  startedAt: number;
  endedAt: number;
}

const threads = (pid: number) => readdirSync(`/proc/${pid}/task`).map(Number);

function summarise(argv: string[]): string {
  const [program = '?', ...args] = argv;
  const words = args.filter((arg) => /^[a-z][a-z-]*$/.test(arg)).slice(0, 2);
  return [program.split('/').pop(), ...words].join(' ');
}

function parse(text: string): TracedCommand[] {
  const running = new Map<number, TracedCommand>();
  const done: TracedCommand[] = [];
  for (const line of text.split('\n')) {
    const head = /^(\d+)\s+(\d+\.\d+)\s+(.*)$/.exec(line);
    if (head === null) continue;
    const pid = Number(head[1]);
    const at = Number(head[2]) * 1000;
    const rest = head[3] ?? '';
    const exec = /^execve\("[^"]*", \[(.*?)\]/.exec(rest);
    if (exec !== null) {
      const argv = [...(exec[1] ?? '').matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) => match[1] ?? '');
      // A PATH search tries several files in the same process: the last try is the program.
      running.set(pid, {
        pid,
        what: summarise(argv),
        startedAt: running.get(pid)?.startedAt ?? at,
        endedAt: NaN,
      });
    } else if (rest.startsWith('+++ ')) {
      const command = running.get(pid);
      if (command !== undefined) done.push({ ...command, endedAt: at });
      running.delete(pid);
    }
  }
  return [...done, ...running.values()].sort((a, b) => a.startedAt - b.startedAt);
}

/** Runs `during` with `pids` traced; gives its result and every program started meanwhile. */
export async function traceCommands<T>(
  pids: number[],
  output: string,
  during: () => Promise<T>,
): Promise<{ result: T; commands: TracedCommand[] }> {
  const tids = pids.flatMap(threads).flatMap((tid) => ['-p', String(tid)]);
  const strace = spawn(
    'strace',
    ['-f', '-ttt', '-q', '-s', '128', '-e', 'trace=execve', '-o', output, ...tids],
    {
      stdio: 'ignore',
    },
  );
  // strace attaches to each thread in turn; the bench waits rather than parse its chatter.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  let result: T;
  try {
    result = await during();
  } finally {
    strace.kill('SIGINT');
    await new Promise((resolve) => strace.once('exit', resolve));
  }
  return { result, commands: parse(readFileSync(output, 'utf8')) };
}
