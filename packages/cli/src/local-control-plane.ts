import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { localControlPlaneFile, parseLocalControlPlane, type LocalControlPlane } from '@switchyard/contracts';

/** The control plane running for this data dir, from the file it writes; undefined when none is. */
export async function readLocalControlPlane(dataDir: string): Promise<LocalControlPlane | undefined> {
  const path = join(dataDir, localControlPlaneFile);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseLocalControlPlane(path, text);
}
