import { readFile, readlink } from 'node:fs/promises';
import { constants } from 'node:os';
import { exec } from './exec.js';
import { startProcess, type ChildProcess } from './process.js';

export interface ExecProgram {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

export interface ExecProcessOptions {
  /** Under a pseudo-terminal (`script`), its output one stream. */
  tty: boolean;
  /** Whether input will come; without it the program reads an empty stdin. */
  stdin: boolean;
  cols?: number;
  rows?: number;
}

export interface ExecProcessEvents {
  output(stream: 'stdout' | 'stderr', data: Uint8Array): void;
  exit(exitCode: number): void;
}

export interface ExecProcess {
  pid: number | null;
  write(data: Uint8Array): void;
  /** Closes its stdin (the client's input ended). */
  endInput(): void;
  resize(cols: number, rows: number): Promise<void>;
  kill(): void;
}

/** How long output may trail the program's exit (a child it left behind may hold the pipes). */
const drainMs = 500;

const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * The shell line `script` runs: the terminal's size first (a pipe gives the pseudo-terminal none),
 * then the program in place of the shell.
 */
export function ttyShellLine(
  program: Pick<ExecProgram, 'file' | 'args'>,
  cols?: number,
  rows?: number,
): string {
  const size = cols !== undefined && rows !== undefined ? `stty cols ${cols} rows ${rows} 2>/dev/null; ` : '';
  return `${size}exec ${[program.file, ...program.args].map(quote).join(' ')}`;
}

/** The terminal the pseudo-terminal's program has as its stdin: script's child's fd 0. */
async function terminalOf(scriptPid: number): Promise<string | undefined> {
  const children = await readFile(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8').catch(() => '');
  const [child] = children.trim().split(/\s+/);
  if (child === undefined || child === '') return undefined;
  const path = await readlink(`/proc/${child}/fd/0`).catch(() => undefined);
  return path?.startsWith('/dev/pts/') === true ? path : undefined;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Starts an exec session's program. With a TTY it runs under `script`, which gives it a real
 * pseudo-terminal (job control, echo, line editing) and relays the terminal's bytes on its stdout.
 */
export function startExecProcess(
  program: ExecProgram,
  options: ExecProcessOptions,
  events: ExecProcessEvents,
): ExecProcess {
  const [file, args] = options.tty
    ? ['script', ['-qfec', ttyShellLine(program, options.cols, options.rows), '/dev/null']]
    : [program.file, program.args];
  const child = startProcess(file, args, {
    env: program.env,
    ...(program.cwd === undefined ? {} : { cwd: program.cwd }),
    // script reads its stdin for the terminal: it gets a pipe even when no input will come.
    stdio: [options.stdin || options.tty ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    // Its own group: a kill reaches whatever the program started too.
    detached: true,
  });
  let finished = false;
  const finish = (exitCode: number) => {
    if (finished) return;
    finished = true;
    events.exit(exitCode);
  };
  child.stdout?.on('data', (chunk: Buffer) => events.output('stdout', chunk));
  child.stderr?.on('data', (chunk: Buffer) => events.output('stderr', chunk));
  child.stdin?.on('error', () => undefined);
  let exitCode = 0;
  child.on('error', () => finish(127));
  child.on('exit', (code, signal) => {
    exitCode = code ?? 128 + (signal === null ? 0 : constants.signals[signal]);
    setTimeout(() => finish(exitCode), drainMs).unref();
  });
  child.on('close', () => finish(exitCode));
  return {
    pid: child.pid ?? null,
    write(data) {
      if (child.stdin?.writable === true) child.stdin.write(data);
    },
    endInput() {
      child.stdin?.end();
    },
    async resize(cols, rows) {
      if (!options.tty || child.pid === undefined) return;
      const terminal = await terminalOf(child.pid);
      if (terminal === undefined) return;
      // The terminal's new size reaches its foreground programs as SIGWINCH.
      await exec('stty', ['-F', terminal, 'cols', String(cols), 'rows', String(rows)]).catch(() => undefined);
    },
    kill() {
      signalGroup(child, 'SIGKILL');
    },
  };
}
