import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { labDown, labUp, switchyardBin } from '@switchyard/cli';
import { dockerCli, dockerTerminal, eventually, ok, outcome, type Outcome } from './test-support/cluster.js';

// Issue 15's process commands, driven by the unmodified docker CLI against a 1-host lab running
// the process runtime: exec (with and without a terminal), top, foreground run, --rm, wait,
// restart, stop with a timeout, kill; and the dashboard's terminal channel on /ui.

const prefix = `sye${process.pid % 1000}`;
const subnet = '192.168.57.0/24';
const adminPassword = 'exec-admin-password';
let dataDir: string;
let controlPlane: RunningControlPlane;
let dockerHost: string;

const docker = dockerCli(() => dockerHost);
const dockerOnTerminal = dockerTerminal(() => dockerHost);

/** Runs the docker CLI feeding `input` on its stdin once it started. */
function dockerWithInput(args: string[], input: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn('docker', ['-H', dockerHost, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(input);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: stdout.trim(), stderr: stderr.trim() }));
  });
}

async function login(username: string, password: string): Promise<string> {
  const response = await fetch(`${controlPlane.url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

function uiSocket(cookie: string): Promise<Socket> {
  const socket = io(`${controlPlane.url}/ui`, { transports: ['websocket'], extraHeaders: { cookie } });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-exec-'));
  process.env.SWITCHYARD_ADMIN_PASSWORD = adminPassword;
  controlPlane = await startControlPlane({ dataDir, port: 0, dockerTlsListen: '127.0.0.1:0' });
  dockerHost = controlPlane.dockerHost ?? '';
  await labUp({ prefix, hosts: 1, subnet, dataDir, quiet: true });
  await ok(docker('run', '-d', '--name', 'tool', 'switchyard/toolbox'));
}, 120_000);

afterAll(async () => {
  for (const name of ['tool', 'stubborn', 'waited', 'failing']) await docker('rm', '-f', name);
  await labDown({ prefix, dataDir });
  await controlPlane.close();
  delete process.env.SWITCHYARD_ADMIN_PASSWORD;
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe('docker exec, top, run, wait, restart, stop and kill against a lab', () => {
  it('runs a command in a running container, with its output, streams and exit code', async () => {
    const listed = await ok(docker('exec', 'tool', 'ps', '-ef'));
    expect(listed).toMatch(/sleep infinity/);
    const result = await docker('exec', 'tool', 'sh', '-c', 'echo out; echo err >&2; exit 7');
    expect(result).toMatchObject({ code: 7, stdout: 'out', stderr: 'err' });
    const env = await ok(
      docker('exec', '-e', 'GREETING=hello', 'tool', 'sh', '-c', 'echo $GREETING $HOSTNAME'),
    );
    expect(env).toMatch(/^hello \w+/);
    expect(await ok(docker('exec', '-w', '/tmp', 'tool', 'pwd'))).toBe('/tmp');
    const user = await docker('exec', '-u', 'nobody', 'tool', 'id');
    // As dockerd does, a command that cannot run is told on the stream, with exit code 126.
    expect(user.code).toBe(126);
    expect(user.stdout).toMatch(/runs commands as root only/);
  });

  it('runs a detached exec, whose process docker top shows among the container’s', async () => {
    await ok(docker('exec', '-d', 'tool', 'sleep', '31'));
    const top = await eventually('the detached exec in docker top', async () => {
      const listed = await ok(docker('top', 'tool'));
      return listed.includes('sleep 31') ? listed : undefined;
    });
    expect(top).toMatch(/sleep infinity/);
  });

  it('feeds standard input with -i and closes it at its end', async () => {
    const echoed = await dockerWithInput(['exec', '-i', 'tool', 'cat'], 'through stdin\n');
    expect(echoed).toMatchObject({ code: 0, stdout: 'through stdin' });
  });

  it('gives -it a real terminal: a shell that echoes, runs what is typed and exits', async () => {
    const session = await dockerOnTerminal(
      ['exec', '-it', 'tool', 'sh'],
      'tty; echo hi-from-$((40+2)); exit\n',
    );
    expect(session.stdout).toMatch(/hi-from-42/);
    expect(session.stdout).toMatch(/\/dev\/pts\/\d+/);
    expect(session.code).toBe(0);
  });

  it('streams output after the client closed its input over TLS too (a bundle)', async () => {
    const bundleDir = join(dataDir, 'admin-bundle');
    await ok(
      outcome(process.execPath, [
        switchyardBin,
        'bundle',
        'admin',
        '--out',
        bundleDir,
        '--data-dir',
        dataDir,
      ]),
    );
    const late = await outcome('env', [
      `DOCKER_HOST=tcp://${controlPlane.dockerTlsAddress ?? ''}`,
      'DOCKER_TLS_VERIFY=1',
      `DOCKER_CERT_PATH=${bundleDir}`,
      `DOCKER_CONFIG=${join(dataDir, 'docker-config')}`,
      'docker',
      'exec',
      'tool',
      'sh',
      '-c',
      'sleep 0.5; echo late',
    ]);
    expect(late, late.stderr).toMatchObject({ code: 0, stdout: 'late' });
  });

  it('lists the processes of a container with docker top', async () => {
    const top = await ok(docker('top', 'tool'));
    expect(top.split('\n')[0]).toMatch(/^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD/);
    expect(top).toMatch(/sleep infinity/);
  });

  it('runs in the foreground: output is printed and the exit code is docker run’s', async () => {
    const failing = await docker(
      'run',
      '--name',
      'failing',
      'switchyard/toolbox',
      'sh',
      '-c',
      'echo before; exit 3',
    );
    expect(failing).toMatchObject({ code: 3, stdout: 'before' });
  });

  it('removes a --rm container once it exited, after printing its output', async () => {
    const run = await docker('run', '--rm', '--name', 'gone', 'switchyard/toolbox', 'echo', 'hi');
    expect(run).toMatchObject({ code: 0, stdout: 'hi' });
    await eventually('the --rm container to be removed', async () =>
      (await docker('inspect', 'gone')).code !== 0 ? true : undefined,
    );
    const failed = await docker('run', '--rm', 'switchyard/toolbox', 'sh', '-c', 'exit 4');
    expect(failed.code).toBe(4);
  });

  it('waits for a container to exit and prints its exit code', async () => {
    await ok(docker('run', '-d', '--name', 'waited', 'switchyard/toolbox', 'sh', '-c', 'sleep 1; exit 5'));
    expect(await ok(docker('wait', 'waited'))).toBe('5');
  });

  it('restarts a running container', async () => {
    const before = await ok(docker('inspect', '-f', '{{.State.StartedAt}}', 'tool'));
    await ok(docker('restart', '-t', '1', 'tool'));
    const after = await ok(docker('inspect', '-f', '{{.State.Status}} {{.State.StartedAt}}', 'tool'));
    expect(after.startsWith('running ')).toBe(true);
    expect(after).not.toBe(`running ${before}`);
  });

  it('stops a process that ignores SIGTERM once the timeout passes, and kills with a signal', async () => {
    await ok(
      docker('run', '-d', '--name', 'stubborn', 'switchyard/toolbox', 'sh', '-c', 'trap "" TERM; sleep 1000'),
    );
    const began = Date.now();
    await ok(docker('stop', '-t', '1', 'stubborn'));
    expect(Date.now() - began).toBeLessThan(6_000);
    expect(await ok(docker('inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'stubborn'))).toBe(
      'exited 137',
    );
    await ok(docker('start', 'stubborn'));
    await ok(docker('kill', '-s', 'KILL', 'stubborn'));
    expect(await ok(docker('wait', 'stubborn'))).toBe('137');
    const refused = await docker('exec', 'stubborn', 'true');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/is not running/);
  });

  it('opens a terminal on /ui for an operator, and refuses a viewer', async () => {
    const admin = await login('admin', adminPassword);
    const created = await fetch(`${controlPlane.url}/trpc/users.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin },
      body: JSON.stringify({ username: 'watcher', password: 'watcher-password-1', role: 'viewer' }),
    });
    expect(created.status).toBe(200);
    const socket = await uiSocket(admin);
    try {
      const opened = (await socket.emitWithAck('exec.open', {
        containerId: 'tool',
        cols: 100,
        rows: 30,
      })) as {
        ok: boolean;
        execId?: string;
      };
      expect(opened.ok).toBe(true);
      const execId = opened.execId ?? '';
      let shown = '';
      const exited = new Promise<number>((resolve) => {
        socket.on('exec.output', (message: { execId: string; data: ArrayBuffer }) => {
          if (message.execId === execId) shown += Buffer.from(message.data).toString();
        });
        socket.on('exec.exit', (message: { execId: string; exitCode: number }) => {
          if (message.execId === execId) resolve(message.exitCode);
        });
      });
      socket.emit('exec.input', { execId, data: 'stty size; exit 4\n' });
      expect(await exited).toBe(4);
      expect(shown).toMatch(/30 100/);
    } finally {
      socket.close();
    }
    // A terminal whose browser went away ends with it.
    const leaving = await uiSocket(admin);
    const left = (await leaving.emitWithAck('exec.open', {
      containerId: 'tool',
      command: ['sleep', '77'],
      cols: 80,
      rows: 24,
    })) as { ok: boolean };
    expect(left.ok).toBe(true);
    expect(await ok(docker('top', 'tool'))).toMatch(/sleep 77/);
    leaving.close();
    await eventually('the terminal’s process to end with its socket', async () =>
      (await ok(docker('top', 'tool'))).includes('sleep 77') ? undefined : true,
    );
    const viewer = await uiSocket(await login('watcher', 'watcher-password-1'));
    try {
      const refused = (await viewer.emitWithAck('exec.open', {
        containerId: 'tool',
        cols: 80,
        rows: 24,
      })) as {
        ok: boolean;
        error?: string;
      };
      expect(refused).toMatchObject({ ok: false });
      expect(refused.error).toMatch(/operator/);
    } finally {
      viewer.close();
    }
  });
});
