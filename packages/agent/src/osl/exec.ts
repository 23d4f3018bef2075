import { startProcess } from './process.js';

export interface ExecResult {
  stdout: string;
  stderr: string;
}

/** A command that exited non-zero; `stderr` carries the tool's own explanation. */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`${command}: ${stderr.trim() || `exited with code ${exitCode}`}`);
  }
}

/** Runs a program without a shell, optionally feeding stdin, and rejects with CommandError on failure. */
export function exec(file: string, args: readonly string[], input?: string): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = startProcess(file, args, {
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) resolve({ stdout, stderr });
      else reject(new CommandError([file, ...args].join(' '), code, stderr));
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}
