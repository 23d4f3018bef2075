/**
 * Issue 15's choice of OCI runtime, measured: containerd (`ctr`) against Podman, each with a private
 * store, running the same small image (scripts/images/busybox-archive.ts) in a network namespace made
 * beforehand, as the agent makes sandboxes. Two figures per runtime over 20 runs: a `run --rm … true`
 * (start to exit), and `run -d` of the image's httpd until its port answers from a peer namespace
 * (network-ready). Also checked once: the container sees the namespace's address and only its own
 * processes. Run as root with containerd and podman installed: `npm run bench:runtimes`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildBusyboxArchive } from '../scripts/images/busybox-archive.js';

const run = promisify(execFile);
const runs = 20;
const [sandbox, peer] = ['sybrt-sandbox', 'sybrt-peer'];
const [sandboxAddress, peerAddress] = ['10.250.0.2', '10.250.0.1'];

interface Runtime {
  name: string;
  load(archive: string): Promise<void>;
  /** The argv that runs `command` in the image inside the sandbox namespace, removed at exit. */
  once(id: string, command: string[]): string[];
  detached(id: string): string[];
  remove(id: string): Promise<void>;
}

function containerd(root: string): Runtime & { daemon: ChildProcess } {
  const address = join(root, 'containerd.sock');
  const daemon = spawn(
    'containerd',
    [
      '--root',
      join(root, 'root'),
      '--state',
      join(root, 'state'),
      '--address',
      address,
      '--config',
      '/dev/null',
    ],
    { stdio: 'ignore' },
  );
  const ctr = ['ctr', '-a', address, '-n', 'switchyard'];
  const image = 'docker.io/switchyard/busybox-httpd:latest';
  const netns = `network:/run/netns/${sandbox}`;
  return {
    name: 'containerd 1.6 (ctr)',
    daemon,
    async load(archive) {
      for (let attempt = 0; ; attempt += 1) {
        try {
          await run(ctr[0] ?? 'ctr', [...ctr.slice(1), 'image', 'import', archive]);
          return;
        } catch (error) {
          if (attempt > 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    },
    once: (id, command) => [...ctr, 'run', '--rm', '--with-ns', netns, image, id, ...command],
    detached: (id) => [...ctr, 'run', '-d', '--with-ns', netns, image, id],
    async remove(id) {
      await run('ctr', [...ctr.slice(1), 'task', 'kill', '-s', 'SIGKILL', id]).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await run('ctr', [...ctr.slice(1), 'task', 'rm', '-f', id]).catch(() => undefined);
      await run('ctr', [...ctr.slice(1), 'container', 'rm', id]).catch(() => undefined);
    },
  };
}

function podman(root: string): Runtime {
  const base = [
    'podman',
    '--root',
    join(root, 'root'),
    '--runroot',
    join(root, 'run'),
    '--cgroup-manager',
    'cgroupfs',
    '--events-backend',
    'none',
  ];
  // This machine lacks CAP_SYS_RESOURCE: Podman's default rlimits cannot be set (stack-notes.md).
  const limits = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];
  const image = 'localhost/switchyard/busybox-httpd:latest';
  const network = ['--network', `ns:/run/netns/${sandbox}`];
  return {
    name: 'Podman 4.3 (runc)',
    async load(archive) {
      await run('podman', [...base.slice(1), 'load', '-i', archive]);
    },
    once: (id, command) => [...base, 'run', '--rm', '--name', id, ...network, ...limits, image, ...command],
    detached: (id) => [...base, 'run', '-d', '--name', id, ...network, ...limits, image],
    async remove(id) {
      await run('podman', [...base.slice(1), 'rm', '-f', '-t', '0', id]).catch(() => undefined);
    },
  };
}

async function exec(argv: string[]): Promise<string> {
  const [file, ...args] = argv;
  return (await run(file ?? '', args)).stdout;
}

async function answersFromPeer(): Promise<boolean> {
  try {
    await run('ip', [
      'netns',
      'exec',
      peer,
      'curl',
      '-s',
      '-o',
      '/dev/null',
      '-m',
      '1',
      `http://${sandboxAddress}/`,
    ]);
    return true;
  } catch {
    return false;
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `median ${percentile(sorted, 0.5).toFixed(0)} ms, p95 ${percentile(sorted, 0.95).toFixed(0)} ms`;
}

async function measure(runtime: Runtime): Promise<{ once: number[]; ready: number[] }> {
  const check = await exec(runtime.once('sybrt-check', ['/bin/sh', '-c', 'ip -4 addr show eth0; ps']));
  const own =
    check.includes(sandboxAddress) && /^\s+1 root/m.test(check) && check.trim().split('\n').length < 12;
  console.log(
    `${runtime.name}: joins the sandbox's namespace and sees only its processes: ${own ? 'yes' : 'NO'}`,
  );
  const once: number[] = [];
  const ready: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await exec(runtime.once(`sybrt-once-${i}`, ['true']));
    once.push(performance.now() - started);
  }
  for (let i = 0; i < runs; i += 1) {
    const id = `sybrt-web-${i}`;
    const started = performance.now();
    await exec(runtime.detached(id));
    while (!(await answersFromPeer())) {
      if (performance.now() - started > 10_000) throw new Error(`${runtime.name}: ${id} never answered`);
    }
    ready.push(performance.now() - started);
    await runtime.remove(id);
  }
  return { once, ready };
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'switchyard-runtimes-'));
  const made: { close(): void }[] = [];
  try {
    const archive = buildBusyboxArchive(join(scratch, 'busybox-httpd.tar')).path;
    for (const name of [sandbox, peer]) await run('ip', ['netns', 'add', name]);
    await run('ip', [
      'link',
      'add',
      'sybrt0',
      'netns',
      sandbox,
      'type',
      'veth',
      'peer',
      'name',
      'sybrt1',
      'netns',
      peer,
    ]);
    await run('ip', ['-n', sandbox, 'link', 'set', 'sybrt0', 'name', 'eth0']);
    await run('ip', ['-n', sandbox, 'addr', 'add', `${sandboxAddress}/24`, 'dev', 'eth0']);
    await run('ip', ['-n', peer, 'addr', 'add', `${peerAddress}/24`, 'dev', 'sybrt1']);
    for (const [ns, link] of [
      [sandbox, 'eth0'],
      [peer, 'sybrt1'],
      [sandbox, 'lo'],
      [peer, 'lo'],
    ] as const)
      await run('ip', ['-n', ns, 'link', 'set', link, 'up']);

    const ctrd = containerd(join(scratch, 'containerd'));
    made.push({ close: () => ctrd.daemon.kill() });
    const runtimes = [ctrd, podman(join(scratch, 'podman'))];
    const results: string[] = [];
    for (const runtime of runtimes) {
      await runtime.load(archive);
      const { once, ready } = await measure(runtime);
      results.push(
        `${runtime.name.padEnd(22)} run --rm true: ${summary(once)}; run -d to network-ready: ${summary(ready)}`,
      );
    }
    console.log(`\n${runs} runs each, same image, same namespace:\n${results.join('\n')}`);
  } finally {
    made.forEach((item) => item.close());
    for (const name of [sandbox, peer]) await run('ip', ['netns', 'del', name]).catch(() => undefined);
    // Podman's overlay mounts live under its root: unmount them before the directory goes.
    await run('sh', [
      '-c',
      `grep ' ${scratch}' /proc/mounts | cut -d' ' -f2 | sort -r | xargs -r umount -l`,
    ]).catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
