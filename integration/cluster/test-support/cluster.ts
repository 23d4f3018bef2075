import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { switchyardBin } from '@switchyard/cli';

// Shared by the acceptance tests that drive a real lab from the outside, as a user would.

const run = promisify(execFile);

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command and returns its exit code and trimmed output instead of throwing. */
export function outcome(command: string, args: string[], timeout = 60_000): Promise<Outcome> {
  return run(command, args, { encoding: 'utf8', timeout }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout: stdout.trim(), stderr: stderr.trim() }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: typeof error.code === 'number' ? error.code : 1,
      stdout: (error.stdout ?? '').trim(),
      stderr: (error.stderr ?? '').trim(),
    }),
  );
}

/** The unmodified docker CLI against the control plane's Engine API. */
export function dockerCli(dockerHost: () => string) {
  return (...args: string[]) => outcome('docker', ['-H', dockerHost(), ...args]);
}

/**
 * `docker <args>` on a pseudo-terminal (script gives it one), typing `typed` once it had a moment
 * to start; resolves with what the terminal showed.
 */
export function dockerTerminal(dockerHost: () => string) {
  return (args: string[], typed: string, timeoutMs = 20_000): Promise<Outcome> =>
    new Promise((resolve) => {
      const line = ['docker', '-H', dockerHost(), ...args].map((word) => `'${word}'`).join(' ');
      const child = spawn('script', ['-qfec', line, '/dev/null']);
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const typing = setTimeout(() => child.stdin.write(typed), 2_000);
      const limit = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('close', (code) => {
        clearTimeout(typing);
        clearTimeout(limit);
        resolve({ code: code ?? 1, stdout, stderr: '' });
      });
    });
}

/** `switchyard exec <container> -- <command>`, as a user runs it. */
export function execIn(dataDir: () => string) {
  return (container: string, ...command: string[]) =>
    outcome(process.execPath, [switchyardBin, 'exec', '--data-dir', dataDir(), container, '--', ...command]);
}

/** Expects success (the command's stderr is the failure message) and returns its output. */
export async function ok(promise: Promise<Outcome>): Promise<string> {
  const result = await promise;
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

/** Polls `probe` until it returns a value, or fails naming what it waited for. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
