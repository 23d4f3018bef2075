import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  controlPlaneStartupSchema,
  localControlPlaneFile,
  parseLocalControlPlane,
} from '@switchyard/contracts';

// The control plane in its own process, as `switchyard start` runs it, so a test can SIGKILL it
// and start another on the same data dir and port.

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const controlPlaneMain = join(repoRoot, 'apps', 'control-plane', 'src', 'main.ts');

export interface ControlPlaneChild {
  pid: number;
  url: string;
  dockerHost: string;
  /** Resolves once the process has exited. */
  exited: Promise<void>;
  /** SIGKILL: no shutdown of any kind, as a crash or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM, and its orderly shutdown. */
  stop(): Promise<void>;
}

/** A TCP port free on all addresses now, for a control plane that must come back on the same one. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '0.0.0.0', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Starts the control plane's main.ts as a child and resolves once it says it is ready. */
export async function startControlPlaneChild(
  dataDir: string,
  port: number,
  env: Record<string, string> = {},
): Promise<ControlPlaneChild> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      controlPlaneMain,
      '--data-dir',
      dataDir,
      '--port',
      String(port),
      '--docker-tls',
      'off',
    ],
    { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const message = await new Promise<unknown>((done, fail) => {
    child.once('message', done);
    child.once('error', fail);
    child.once('exit', (code, signal) =>
      fail(new Error(`control plane exited at start (${signal ?? code})`)),
    );
  });
  const startup = controlPlaneStartupSchema.parse(message);
  if (startup.type !== 'ready') throw new Error(`control plane did not start: ${startup.message}`);
  const pid = child.pid ?? 0;
  return {
    pid,
    url: startup.url,
    dockerHost: startup.dockerHost ?? '',
    exited,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The control plane running now for the data dir: its URL and the local CLI's token. */
function localControlPlane(dataDir: string) {
  const file = join(dataDir, localControlPlaneFile);
  return parseLocalControlPlane(file, readFileSync(file, 'utf8'));
}

/** A tRPC mutation as the local CLI makes it; resolves with the HTTP status. */
export async function trpcMutation(dataDir: string, path: string, input: unknown): Promise<number> {
  const local = localControlPlane(dataDir);
  const response = await fetch(`${local.url}/trpc/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${local.cliToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  await response.arrayBuffer();
  return response.status;
}

/** A tRPC query as the local CLI makes it, with the CLI token of the control plane running now. */
export async function trpcQuery<T>(dataDir: string, path: string, input?: unknown): Promise<T> {
  const local = localControlPlane(dataDir);
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(`${local.url}/trpc/${path}${query}`, {
    headers: { authorization: `Bearer ${local.cliToken}` },
  });
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (body.result === undefined) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
  return body.result.data;
}
