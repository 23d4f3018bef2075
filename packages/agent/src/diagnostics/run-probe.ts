import type { ProbeResult, ProbeSpec } from '@switchyard/contracts';
import { probeEnvironment } from '../config.js';
import { startProcess } from '../osl/process.js';
import { summariseCapture } from './capture-summary.js';
import { probeCommand } from './probe-command.js';

/** A probe's output is cut here: enough for a page of curl or dig, never a flood over the socket. */
const probeOutputLimit = 16_384;

/** Keeps the first `limit` bytes of a stream; remembers that more came. */
class Collector {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    const room = this.limit - this.size;
    if (chunk.length > room) this.truncated = true;
    if (room <= 0) return;
    const kept = chunk.subarray(0, room);
    this.chunks.push(kept);
    this.size += kept.length;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs one probe inside `netns` (null: this process's namespace) and reports what it printed, its
 * exit status and how long it took. A tool that fails (exit 1, a refused connection) is an answer,
 * not an error; only a tool that cannot start at all rejects. Its environment is PATH alone.
 */
export function runProbe(spec: ProbeSpec, netns: string | null): Promise<ProbeResult> {
  const command = probeCommand(spec, netns);
  const [file = '', ...args] = command.argv;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = startProcess(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: probeEnvironment() });
    const stdout = new Collector(probeOutputLimit);
    const stderr = new Collector(probeOutputLimit);
    child.stdout?.on('data', (chunk: Buffer) => stdout.add(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.add(chunk));
    const stop =
      command.stopAfterMs === null ? undefined : setTimeout(() => child.kill('SIGINT'), command.stopAfterMs);
    const kill = setTimeout(() => child.kill('SIGKILL'), command.killAfterMs);
    child.on('error', (error) => {
      clearTimeout(stop);
      clearTimeout(kill);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(stop);
      clearTimeout(kill);
      const out = stdout.text();
      const err = stderr.text();
      const output = [out, err].filter((part) => part.trim() !== '').join(out.endsWith('\n') ? '' : '\n');
      const capture = spec.tool === 'capture' ? { capture: summariseCapture(out) } : {};
      resolve({
        argv: command.argv,
        exitCode: code,
        durationMs: Math.round(performance.now() - started),
        output: output.slice(0, probeOutputLimit),
        truncated: stdout.truncated || stderr.truncated || output.length > probeOutputLimit,
        ...capture,
      });
    });
  });
}
