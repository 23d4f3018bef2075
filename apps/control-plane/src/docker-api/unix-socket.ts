import { chmodSync, lstatSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect } from 'node:net';

/** Whether a process answers on the socket at `path` (a control plane still running there). */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Listens on a unix socket only its owner (root) may open, as dockerd's. A socket file left by a
 * run that died is replaced; one a live process answers on is left alone (false).
 */
export async function listenOnUnixSocket(server: Server, path: string): Promise<boolean> {
  const existing = (() => {
    try {
      return lstatSync(path);
    } catch {
      return undefined;
    }
  })();
  if (existing !== undefined) {
    if (!existing.isSocket()) throw new Error(`SWITCHYARD_DOCKER_API: ${path} exists and is not a socket`);
    if (await answers(path)) return false;
    rmSync(path, { force: true });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  // The data directory is already root's alone; the socket is too, wherever it was put.
  chmodSync(path, 0o600);
  return true;
}

export async function closeUnixSocket(server: Server, path: string): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  rmSync(path, { force: true });
}
