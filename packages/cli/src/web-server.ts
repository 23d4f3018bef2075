import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, webServerEnv } from './config.js';

const webDir = join(repoRoot, 'apps', 'web');
const nextBin = join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next');
/** The dashboard's server: TLS beyond loopback, forwarding headers from the socket, the live channel proxied. */
const serverMain = join(webDir, 'server', 'main.ts');

/** Builds the dashboard once; later starts reuse the build (`npm run build:web` rebuilds it). */
export function ensureWebBuild(): void {
  if (existsSync(join(webDir, '.next', 'BUILD_ID'))) return;
  console.log('Building the dashboard (first start only, about a minute)...');
  const result = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: webDir,
    env: webServerEnv(),
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`the dashboard build failed (next build exited ${result.status})`);
}

type ControlPlaneAddress = { url: string; tls: { certFile: string; keyFile: string } };

function spawnWebServer(port: number, controlPlane: ControlPlaneAddress, standby: boolean): ChildProcess {
  const args = ['--import', 'tsx', serverMain, '--port', String(port), '--hostname', '0.0.0.0'];
  const child = spawn(process.execPath, standby ? [...args, '--standby'] : args, {
    cwd: webDir,
    env: webServerEnv(controlPlane),
    stdio: standby ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
    // Its own process group, as the control plane's: Ctrl-C reaches only `switchyard start`, which
    // stops it on purpose rather than seeing it die and restarting it.
    detached: true,
  });
  child.stdout?.resume();
  return child;
}

async function whenAnswering(child: ChildProcess, port: number): Promise<ChildProcess> {
  let exited = child.exitCode !== null || child.signalCode !== null;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the dashboard server exited at start (is port ${port} taken?)`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/login`);
      if (response.status < 500) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGTERM');
  throw new Error(`the dashboard did not answer on port ${port} within 60 s`);
}

/** Starts the dashboard's server (apps/web/server/main.ts) and resolves once it answers HTTP. */
export function startWebServer(port: number, controlPlane: ControlPlaneAddress): Promise<ChildProcess> {
  return whenAnswering(spawnWebServer(port, controlPlane, false), port);
}

/** A dashboard server loaded but not listening, for a supervisor: start() skips loading Next. */
export interface WebServerStandby {
  start(): Promise<ChildProcess>;
  discard(): Promise<void>;
}

export function spawnWebServerStandby(port: number, controlPlane: ControlPlaneAddress): WebServerStandby {
  const child = spawnWebServer(port, controlPlane, true);
  child.on('error', () => undefined);
  return {
    start: () => {
      if (child.exitCode !== null || child.signalCode !== null || !child.connected)
        return Promise.reject(new Error('the standby dashboard is gone'));
      child.send({ type: 'start' });
      return whenAnswering(child, port);
    },
    discard: () => stopWebServer(child),
  };
}

export async function stopWebServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
