/**
 * One engine of the container bench, ready to be measured: the image loaded, the bench network,
 * a peer container on it and a prober in the peer's network namespace (ready-probe.mjs). `once`
 * is one timed `docker run -d` to network-ready.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const network = 'sybench';
/** After each removal, for the engine's background work after it (e.g. a spare namespace made). */
const settleMs = 1_000;
const probePath = fileURLToPath(new URL('./ready-probe.mjs', import.meta.url));

export interface Engine {
  name: string;
  dockerHost: string;
  /** The first three octets of the bench network's /24; each run's container gets its own address. */
  subnet: string;
  /** Switchyard places a bridge network on the host its label names. */
  networkLabels: string[];
  /** Whether the engine's API server runs in this process, where the bench can profile its CPU. */
  inThisProcess: boolean;
  /** The processes whose children start containers, for the traced pass. */
  daemons(): number[];
  /**
   * Processes whose CPU time the profile pass counts; with `children`, that of the programs they
   * ran and waited for too.
   */
  processes(): { name: string; pid: number; children: boolean }[];
  stop(): Promise<void>;
}

/** One run, in ms after the CLI was spawned. */
export interface Sample {
  /** When the CLI was spawned, on this process's performance clock. */
  startedAt: number;
  /** The CLI exited. */
  returned: number;
  /** The container's address first answered the peer (a refused connection counts). */
  address: number;
  /** Its port 80 answered HTTP. */
  answered: number;
  /** Network-ready: the port answered and the CLI returned. */
  ready: number;
  /** From `docker rm -f` until the address answered the peer no more. */
  removed: number;
}

export interface Side extends Engine {
  image: string;
  samples: Sample[];
  /**
   * One `docker run -d` to network-ready through `dockerHost` (the engine's, or a proxy's); `around`
   * wraps the timed part (not the removal that follows).
   */
  once(index: number, dockerHost?: string, around?: Around): Promise<Sample>;
  close(): Promise<void>;
}

export type Around = <T>(work: () => Promise<T>) => Promise<T>;

const docker = async (dockerHost: string, ...args: string[]) =>
  (await run('docker', ['-H', dockerHost, ...args])).stdout.trim();

/** A prober in the peer container's namespace; `ask` sends a command and waits for its answer. */
function startProber(sandboxKey: string): { prober: ChildProcess; ask(command: string): Promise<string> } {
  const prober = spawn('nsenter', [`--net=${sandboxKey}`, process.execPath, probePath], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const answers = createInterface({ input: prober.stdout })[Symbol.asyncIterator]();
  return {
    prober,
    async ask(command) {
      prober.stdin.write(`${command}\n`);
      const answer = await answers.next();
      if (answer.done === true) throw new Error('the prober exited');
      return answer.value;
    },
  };
}

async function withTimeout<T>(what: string, promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Loads `archive`, which holds `image`, and sets up the network, the peer and its prober. */
export async function prepare(engine: Engine, image: string, archive: string): Promise<Side> {
  const on = (...args: string[]) => docker(engine.dockerHost, ...args);
  await on('load', '-i', archive);
  const labels = engine.networkLabels.flatMap((label) => ['--label', label]);
  await on('network', 'create', '--subnet', `${engine.subnet}.0/24`, ...labels, network);
  await on('run', '-d', '--name', `${network}-peer`, '--network', network, image);
  const key = await on('inspect', '-f', '{{.NetworkSettings.SandboxKey}}', `${network}-peer`);
  const sandboxKey = key.startsWith('/') ? key : `/run/netns/${key}`;
  for (let waited = 0; !existsSync(sandboxKey); waited += 50) {
    if (waited > 20_000) throw new Error(`${engine.name}: the peer's namespace ${sandboxKey} never appeared`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { prober, ask } = startProber(sandboxKey);
  const samples: Sample[] = [];
  return {
    ...engine,
    image,
    samples,
    async once(index, dockerHost = engine.dockerHost, around: Around = (work) => work()) {
      const name = `${network}-${index}`;
      const address = `${engine.subnet}.${10 + index}`;
      await ask('reset');
      const sample = await around(async () => {
        const started = performance.now();
        const cli = docker(
          dockerHost,
          'run',
          '-d',
          '--name',
          name,
          '--network',
          network,
          '--ip',
          address,
          image,
        );
        const returned = cli.then(() => performance.now() - started);
        const probed = ask(`probe ${address} 80`).then((line) => ({ line, at: performance.now() - started }));
        const [returnedAfter, { line, at }] = await withTimeout(
          `${engine.name}: ${name} did not answer`,
          Promise.all([returned, probed]),
          30_000,
        );
        // The prober's own clock places the address between the command and the answer.
        const [, addressMs, answerMs] = line.split(' ').map(Number);
        return {
          startedAt: started,
          returned: returnedAfter,
          address: at - ((answerMs ?? NaN) - (addressMs ?? NaN)),
          answered: at,
          ready: Math.max(returnedAfter, at),
        };
      });
      // The next run starts once this container is gone from the network, not merely from the API.
      const removing = performance.now();
      await on('rm', '-f', name);
      await withTimeout(`${engine.name}: ${name} was not gone`, ask(`gone ${address} 80`), 60_000);
      const removed = performance.now() - removing;
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      return { ...sample, removed };
    },
    async close() {
      prober.kill();
      await on('rm', '-f', `${network}-peer`).catch(() => undefined);
      await on('network', 'rm', network).catch(() => undefined);
    },
  };
}
