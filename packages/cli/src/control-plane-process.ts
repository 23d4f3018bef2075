import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { controlPlaneStartupSchema } from '@switchyard/contracts';
import { controlPlaneEnv, repoRoot } from './config.js';
import { childExit, type ProcessExit } from './process-exit.js';

/**
 * The control plane's own entry point. The CLI runs it as a child process rather than importing it:
 * a package does not depend on an app.
 */
const controlPlaneMain = join(repoRoot, 'apps', 'control-plane', 'src', 'main.ts');

export interface ControlPlaneFlags {
  dataDir?: string;
  port?: number;
  host?: string;
  /** `unix:///path` for the Docker Engine API's local socket, or `off`. */
  dockerApi?: string;
  /** `host:port` for the Docker Engine API over TLS (client bundles), or `off`. */
  dockerTls?: string;
  /** The dashboard's port: the only other port of this host whose pages may make changes. */
  webPort?: number;
}

export interface ControlPlaneProcess {
  /** Where this machine reaches the control plane, e.g. http://127.0.0.1:7080. */
  url: string;
  dataDir: string;
  /** `unix:///…/docker.sock`: the Engine API for root on this machine; null when off. */
  dockerHost: string | null;
  /** `host:port` of the Engine API over TLS; null when off or its port is taken. */
  dockerTlsAddress: string | null;
  /** Set on the very first start when no admin password was configured; print it once. */
  generatedAdminPassword: string | null;
  /** The cluster CA and the control plane's certificate and key, which the dashboard serves too. */
  tls: { caFile: string; certFile: string; keyFile: string };
  pid: number;
  /** Resolves when the control plane's process ends, on its own or by stop(), with how it ended. */
  exited: Promise<ProcessExit>;
  /** Stops the control plane and resolves once its process has exited. */
  stop(): Promise<void>;
}

function flagArgs(flags: ControlPlaneFlags): string[] {
  return [
    ...(flags.dataDir !== undefined ? ['--data-dir', flags.dataDir] : []),
    ...(flags.port !== undefined ? ['--port', String(flags.port)] : []),
    ...(flags.host !== undefined ? ['--host', flags.host] : []),
    ...(flags.dockerApi !== undefined ? ['--docker-api', flags.dockerApi] : []),
    ...(flags.dockerTls !== undefined ? ['--docker-tls', flags.dockerTls] : []),
  ];
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function spawnControlPlane(flags: ControlPlaneFlags, standby: boolean): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx/esm'), controlPlaneMain, ...flagArgs(flags)].concat(
      standby ? ['--standby'] : [],
    ),
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: controlPlaneEnv(flags.webPort), detached: true },
  );
}

/**
 * Starts the control plane as a child process and resolves once it listens. The child has its own
 * process group, so Ctrl-C reaches only this process, which stops the child last (after the lab);
 * should this process die without stopping it, the child sees its IPC channel close and stops.
 */
export function startControlPlaneProcess(flags: ControlPlaneFlags): Promise<ControlPlaneProcess> {
  return whenReady(spawnControlPlane(flags, false));
}

/** A control plane loaded but not started, for a supervisor: start() skips the loading (about a second). */
export interface ControlPlaneStandby {
  start(): Promise<ControlPlaneProcess>;
  /** Ends it unstarted. */
  discard(): Promise<void>;
}

export function spawnControlPlaneStandby(flags: ControlPlaneFlags): ControlPlaneStandby {
  const child = spawnControlPlane(flags, true);
  // Its own exit, unstarted, is no one's business but start()'s.
  child.on('error', () => undefined);
  return {
    start: () => {
      if (hasExited(child) || !child.connected)
        return Promise.reject(new Error('the standby control plane is gone'));
      const ready = whenReady(child);
      child.send({ type: 'start' });
      return ready;
    },
    discard: () => stopChild(child),
  };
}

async function whenReady(child: ChildProcess): Promise<ControlPlaneProcess> {
  const startup = await new Promise<unknown>((resolve, reject) => {
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`the control plane exited at start (${signal ?? `exit code ${code}`})`)),
    );
  }).catch(async (error: unknown) => {
    await stopChild(child);
    throw error;
  });
  const parsed = controlPlaneStartupSchema.safeParse(startup);
  const ready = parsed.success ? parsed.data : undefined;
  if (ready?.type !== 'ready') {
    await stopChild(child);
    throw new Error(ready?.message ?? 'the control plane sent a malformed startup message');
  }
  return {
    pid: child.pid ?? 0,
    url: ready.url,
    dataDir: ready.dataDir,
    dockerHost: ready.dockerHost,
    dockerTlsAddress: ready.dockerTlsAddress,
    generatedAdminPassword: ready.generatedAdminPassword,
    tls: ready.tls,
    exited: childExit(child),
    stop: () => stopChild(child),
  };
}
