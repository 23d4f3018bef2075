import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalControlPlane } from '@switchyard/contracts';
import { readLocalControlPlane } from '../local-control-plane.js';

/** The archive's first entry: what it is and when it was made. */
export const manifestName = 'switchyard-backup.json';
export const databaseName = 'switchyard.db';

/**
 * What a backup holds besides the database, relative to the data directory: the cluster CA and
 * the control plane's keys, the metrics scrape token, the image store, and each lab host's node
 * identity (so a restored lab comes back as the same nodes). Logs, sockets, the running control
 * plane's credentials and containerd's state are not part of it. Pure.
 */
export function isBackedUp(relative: string): boolean {
  const parts = relative.split('/');
  if (relative === 'metrics-token') return true;
  if (parts[0] === 'tls' || parts[0] === 'images') return true;
  // lab/<prefix>/<host>/tls/…
  return parts[0] === 'lab' && parts.length >= 4 && parts[3] === 'tls';
}

/** Names a restore may write: the database (and its log), and what isBackedUp keeps. Pure. */
export function isRestorable(name: string): boolean {
  const clean = name.replace(/\/$/, '');
  if (clean === '' || clean.startsWith('/') || clean.split('/').some((part) => part === '..' || part === '.'))
    return false;
  return (
    clean === databaseName ||
    clean === `${databaseName}-wal` ||
    isBackedUp(clean) ||
    /^lab(\/[^/]+){0,3}$/.test(clean)
  );
}

/** Every regular file and directory under the data directory that a backup holds, parents first. */
export function backedUpPaths(dataDir: string): { relative: string; directory: boolean }[] {
  const found: { relative: string; directory: boolean }[] = [];
  const walk = (relative: string) => {
    const absolute = join(dataDir, relative);
    for (const name of readdirSync(absolute).sort()) {
      const child = relative === '' ? name : `${relative}/${name}`;
      const stat = lstatSync(join(dataDir, child));
      if (stat.isDirectory()) {
        if (isBackedUp(child)) found.push({ relative: child, directory: true });
        // Only into directories that are, or lead to, what is kept.
        if (isBackedUp(child) || child === 'lab' || /^lab\/[^/]+(\/[^/]+)?$/.test(child)) walk(child);
      } else if (stat.isFile() && isBackedUp(child)) {
        found.push({ relative: child, directory: false });
      }
    }
  };
  if (existsSync(dataDir)) walk('');
  return found;
}

/** The control plane running for this data directory: its file, and its process still alive. */
export async function runningControlPlane(dataDir: string): Promise<LocalControlPlane | undefined> {
  const controlPlane = await readLocalControlPlane(dataDir);
  if (controlPlane === undefined) return undefined;
  try {
    process.kill(controlPlane.pid, 0);
    return controlPlane;
  } catch (error) {
    // EPERM: alive, someone else's; ESRCH: the file outlived its process.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? controlPlane : undefined;
  }
}
