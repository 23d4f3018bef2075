import { spawn, type ChildProcess } from 'node:child_process';
import { exec } from '../../osl/exec.js';
import { listNetns, netnsExec } from '../../osl/ip.js';

/**
 * A throwaway lab for the proxy's integration test: a proxy namespace whose bridge (10.211.73.1/24)
 * joins a client (.10) and two backend namespaces (.21, .22). Nothing touches the root namespace.
 */
export class MeshLab {
  readonly proxyAddress = '10.211.73.1';
  readonly clientAddress = '10.211.73.10';
  readonly backendAddresses = { b1: '10.211.73.21', b2: '10.211.73.22' };
  private readonly processes: ChildProcess[] = [];

  constructor(private readonly prefix: string) {}

  ns(name: 'p' | 'c' | 'b1' | 'b2'): string {
    return `${this.prefix}-${name}`;
  }

  async up(): Promise<void> {
    const legs: ['c' | 'b1' | 'b2', string][] = [
      ['c', this.clientAddress],
      ['b1', this.backendAddresses.b1],
      ['b2', this.backendAddresses.b2],
    ];
    for (const name of ['p', ...legs.map(([leg]) => leg)] as const)
      await exec('ip', ['netns', 'add', this.ns(name)]);
    await exec(
      'ip',
      ['-n', this.ns('p'), '-batch', '-'],
      `link set lo up\nlink add br0 type bridge\naddr add ${this.proxyAddress}/24 dev br0\nlink set br0 up\n`,
    );
    for (const [leg, address] of legs) {
      await exec(
        'ip',
        ['-n', this.ns('p'), '-batch', '-'],
        `link add ${leg} type veth peer name eth0 netns ${this.ns(leg)}\nlink set ${leg} master br0 up\n`,
      );
      await exec(
        'ip',
        ['-n', this.ns(leg), '-batch', '-'],
        `link set lo up\naddr add ${address}/24 dev eth0\nlink set eth0 up\n`,
      );
    }
  }

  /** Runs a program in one of the lab's namespaces until `down` (its pid is the program's own). */
  run(ns: 'b1' | 'b2' | 'p', file: string, args: string[], env: Record<string, string> = {}): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', this.ns(ns), file, ...args], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    this.processes.push(child);
    return child;
  }

  /** Waits until something in `ns` accepts connections on `port`. */
  async listening(ns: 'b1' | 'b2' | 'p', port: number): Promise<void> {
    for (let tries = 0; tries < 100; tries++) {
      const { stdout } = await netnsExec(this.ns(ns), 'ss', ['-Hltn', `sport = :${port}`]);
      if (stdout.trim() !== '') return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`nothing listens on port ${port} in ${this.ns(ns)}`);
  }

  /** Ends every process in the lab's namespaces (all of them started here), then the namespaces. */
  async down(): Promise<void> {
    for (const child of this.processes) child.kill('SIGKILL');
    for (const name of await this.namespaces()) {
      const { stdout } = await exec('ip', ['netns', 'pids', name]).catch(() => ({ stdout: '' }));
      for (const pid of stdout.split(/\s+/).filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      await exec('ip', ['netns', 'del', name]);
    }
  }

  async namespaces(): Promise<string[]> {
    return (await listNetns())
      .map((entry) => entry.name)
      .filter((name) => name.startsWith(`${this.prefix}-`));
  }
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  error?: string;
}

export interface ClientRequest {
  host?: string;
  path?: string;
  headers?: Record<string, string>;
}

/** The client, as a Node script run in the client namespace: each request on a new connection. */
const clientScript = `
import http from 'node:http';
const [mode, target, spec] = [process.argv[1], JSON.parse(process.argv[2]), JSON.parse(process.argv[3])];
const request = ({ host, path = '/', headers = {} }) =>
  new Promise((resolve) => {
    const req = http.request(
      { ...target, path, agent: false, headers: host === undefined ? headers : { host, ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
        res.on('error', (error) => resolve({ status: 0, headers: {}, body, error: error.message }));
      },
    );
    req.setTimeout(10000, () => req.destroy(new Error('timed out')));
    req.on('error', (error) => resolve({ status: 0, headers: {}, body: '', error: error.message }));
    req.end();
  });
if (mode === 'once') {
  const answers = [];
  for (const item of spec) answers.push(await request(item));
  console.log(JSON.stringify(answers));
} else {
  const statuses = {};
  const deadline = Date.now() + spec.ms;
  const worker = async () => {
    while (Date.now() < deadline) {
      const answer = await request(spec.request);
      const key = answer.error ?? String(answer.status);
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: spec.workers }, worker));
  console.log(JSON.stringify(statuses));
}
`;

/** Sends requests from the client namespace one after another. */
export async function ask(lab: MeshLab, port: number, requests: ClientRequest[]): Promise<Answer[]> {
  const target = JSON.stringify({ host: lab.proxyAddress, port });
  const { stdout } = await netnsExec(lab.ns('c'), process.execPath, [
    '--input-type=module',
    '-e',
    clientScript,
    'once',
    target,
    JSON.stringify(requests),
  ]);
  return JSON.parse(stdout) as Answer[];
}

/**
 * Starts `workers` loops sending `request` for `ms` from the client namespace; resolves with how
 * many answers came with each status (or error).
 */
export async function hammer(
  lab: MeshLab,
  port: number,
  request: ClientRequest,
  ms: number,
  workers: number,
): Promise<Record<string, number>> {
  const target = JSON.stringify({ host: lab.proxyAddress, port });
  const spec = JSON.stringify({ request, ms, workers });
  const { stdout } = await netnsExec(lab.ns('c'), process.execPath, [
    '--input-type=module',
    '-e',
    clientScript,
    'loop',
    target,
    spec,
  ]);
  return JSON.parse(stdout) as Record<string, number>;
}
