import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localControlPlaneFile, parseLocalControlPlane, type LocalControlPlane } from '@switchyard/contracts';

export function localCredentialsPath(dataDir: string): string {
  return join(dataDir, localControlPlaneFile);
}

/** Written root-only (0600): whoever can read it is already root on this machine. */
export function writeLocalCredentials(dataDir: string, credentials: LocalControlPlane): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = localCredentialsPath(dataDir);
  writeFileSync(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** The running control plane's credentials; null when none is running for this data dir. */
export function readLocalCredentials(dataDir: string): LocalControlPlane | null {
  const path = localCredentialsPath(dataDir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  return parseLocalControlPlane(path, text);
}

/** Removes the file only if it still describes this process, so a newer control plane keeps its own. */
export function removeLocalCredentials(dataDir: string, pid: number): void {
  const current = (() => {
    try {
      return readLocalCredentials(dataDir);
    } catch {
      return null;
    }
  })();
  if (current?.pid === pid) rmSync(localCredentialsPath(dataDir), { force: true });
}
