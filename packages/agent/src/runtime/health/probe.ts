import type { HealthCheck } from '@switchyard/contracts';
import { probeEnvironment } from '../../config.js';
import { startProcess } from '../../osl/process.js';

export interface ProbeCommand {
  file: string;
  args: string[];
}

/**
 * The probe as one short command in the sandbox's namespace (null: host mode). HTTP: curl, whose
 * `-f` fails on 4xx/5xx, so 2xx and 3xx (not followed) pass; TCP: bash opening a connection.
 */
export function probeCommand(check: HealthCheck, netns: string | null): ProbeCommand | undefined {
  const seconds = String(check.timeoutMs / 1000);
  const target = `127.0.0.1:${check.port ?? 80}`;
  const argv =
    check.kind === 'http'
      ? ['curl', '-fsS', '-o', '/dev/null', '-m', seconds, `http://${target}${check.path ?? '/'}`]
      : check.kind === 'tcp'
        ? ['bash', '-c', `exec 3<>/dev/tcp/${target.replace(':', '/')}`]
        : (check.command ?? []);
  const [file, ...args] = argv;
  if (file === undefined) return undefined;
  return netns === null ? { file, args } : { file: 'ip', args: ['netns', 'exec', netns, file, ...args] };
}

/** Runs a probe with PATH as its whole environment; true when it exits 0 within `timeoutMs`. */
export function runProbe(command: ProbeCommand, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = startProcess(command.file, command.args, { stdio: 'ignore', env: probeEnvironment() });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      resolve(ok);
    };
    child.once('error', () => done(false));
    child.once('close', (code) => done(code === 0));
  });
}
