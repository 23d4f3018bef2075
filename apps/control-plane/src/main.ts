/**
 * The control plane as its own process: `switchyard start` and `switchyard control-plane` run this
 * file (through tsx) as a child. Flags as `switchyard control-plane` takes them, plus `--docker-api`
 * and `--docker-tls`.
 * With `--standby` it loads, then waits for `{ type: 'start' }` on the IPC channel before starting.
 * Under a parent with an IPC channel it reports over that channel (ready, or why it could not start)
 * and stops when told (SIGTERM/SIGINT) or when the parent goes away; run by hand it prints its address.
 */
import { parseArgs } from 'node:util';
import type { ControlPlaneStartup } from '@switchyard/contracts';
import { dummyHash } from './auth/passwords.js';
import { resolveConfig, type ControlPlaneConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { startControlPlane, type RunningControlPlane } from './control-plane.js';
import { logSettings } from './config.js';
import { createLogger, routeConsole } from '@switchyard/logging';

function parseControlPlaneArgs(argv: string[]): Partial<ControlPlaneConfig> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'docker-api': { type: 'string' },
      'docker-tls': { type: 'string' },
    },
  });
  return {
    ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
    ...(values.port !== undefined ? { port: Number(values.port) } : {}),
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(values['docker-api'] !== undefined ? { dockerApiListen: values['docker-api'] } : {}),
    ...(values['docker-tls'] !== undefined ? { dockerTlsListen: values['docker-tls'] } : {}),
  };
}

async function report(message: ControlPlaneStartup): Promise<void> {
  const send = process.send?.bind(process);
  if (send !== undefined) {
    await new Promise<void>((resolve) => send(message, undefined, undefined, () => resolve()));
    return;
  }
  if (message.type === 'failed') {
    console.error(`control plane: ${message.message}`);
    return;
  }
  console.log(`control plane listening on ${message.url} (data in ${message.dataDir})`);
  if (message.dockerHost !== null) console.log(`Docker Engine API: export DOCKER_HOST=${message.dockerHost}`);
  // To the operator's terminal, never into the log: the password is shown once.
  if (message.generatedAdminPassword !== null)
    process.stdout.write(
      `first start: the user "admin" has the password ${message.generatedAdminPassword} (shown once)\n`,
    );
}

/** Resolves when the process should stop: a signal, or the parent that started it is gone. */
function stopRequested(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    process.once('disconnect', () => resolve());
  });
}

async function warmUp(overrides: Partial<ControlPlaneConfig>): Promise<void> {
  await dummyHash();
  const db = openDatabase(resolveConfig(overrides).databaseUrl);
  try {
    await db.user.findFirst({ select: { id: true } });
  } finally {
    await db.$disconnect();
  }
}

/** Resolves when the parent says to start: `--standby` waits, loaded, for a supervisor's restart. */
function startRequested(): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      if (typeof message !== 'object' || message === null || !('type' in message) || message.type !== 'start')
        return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
  });
}

async function main(argv: string[]): Promise<number> {
  routeConsole(createLogger('control-plane', logSettings()));
  const stop = stopRequested();
  // A standby has loaded everything and starts when told, so a restart skips loading (about a second).
  const standby = argv.includes('--standby');
  if (standby) {
    const started = startRequested();
    // What a start does once per process, done ahead: the login's dummy scrypt hash (a CPU-heavy
    // second on a busy machine) and the database client's first query.
    await warmUp(parseControlPlaneArgs(argv.filter((arg) => arg !== '--standby'))).catch(() => undefined);
    if (await Promise.race([started.then(() => false), stop.then(() => true)])) return 0;
  }
  let controlPlane: RunningControlPlane;
  try {
    controlPlane = await startControlPlane(parseControlPlaneArgs(argv.filter((arg) => arg !== '--standby')));
  } catch (error) {
    await report({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    return 1;
  }
  await report({
    type: 'ready',
    url: controlPlane.url,
    dataDir: controlPlane.config.dataDir,
    dockerHost: controlPlane.dockerHost,
    dockerTlsAddress: controlPlane.dockerTlsAddress,
    generatedAdminPassword: controlPlane.generatedAdminPassword,
    tls: controlPlane.tlsFiles,
  });
  await stop;
  await controlPlane.close();
  return 0;
}

// Exit once closed rather than waiting on the IPC channel or sockets in their closing handshake.
process.exit(await main(process.argv.slice(2)));
