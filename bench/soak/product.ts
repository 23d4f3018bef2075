/**
 * The product as a newcomer runs it: `switchyard start` as a child process, on a throwaway data
 * directory, private ports and a lab prefix of its own, so the soak exercises the same supervisor,
 * control plane and agents `npm start` does. Pids come from `switchyard lab status --json`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { switchyardBin } from '@switchyard/cli';

const run = promisify(execFile);

export interface ProductOptions {
  dataDir: string;
  port: number;
  webPort: number;
  hosts: number;
  prefix: string;
  subnet: string;
}

export interface LabView {
  dockerHost: string | null;
  controlPlanePid: number | null;
  hosts: { name: string; underlayAddress: string; agentPid: number | null; state: string }[];
}

export interface Product {
  status(): Promise<LabView>;
  /** Ctrl-C, as a user stops it; resolves with its exit code. */
  stop(): Promise<number | null>;
  output(): string;
}

const pidOf = (value: unknown): number | null => (typeof value === 'number' ? value : null);

export async function readLabView(options: ProductOptions): Promise<LabView> {
  const { stdout } = await run(
    process.execPath,
    [switchyardBin, 'lab', 'status', '--json', '--prefix', options.prefix, '--data-dir', options.dataDir],
    { encoding: 'utf8', timeout: 30_000 },
  );
  const json = JSON.parse(stdout) as {
    dockerHost?: string | null;
    controlPlane?: { pid?: unknown };
    hosts?: { name: string; underlayAddress: string; agentPid: number | null; state: string }[];
  };
  return {
    dockerHost: json.dockerHost ?? null,
    controlPlanePid: pidOf(json.controlPlane?.pid),
    hosts: json.hosts ?? [],
  };
}

export async function startProduct(options: ProductOptions, timeoutMs = 240_000): Promise<Product> {
  const child: ChildProcess = spawn(
    process.execPath,
    [switchyardBin, 'start'].concat(
      ['--data-dir', options.dataDir, '--port', String(options.port)],
      ['--web-port', String(options.webPort), '--hosts', String(options.hosts)],
      ['--lab-prefix', options.prefix, '--lab-subnet', options.subnet],
    ),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  while (!output.includes('Switchyard is up')) {
    if (child.exitCode !== null) throw new Error(`switchyard start exited:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGINT');
      throw new Error(`switchyard start was not up within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    status: () => readLabView(options),
    async stop() {
      child.kill('SIGINT');
      return exited;
    },
    output: () => output,
  };
}
