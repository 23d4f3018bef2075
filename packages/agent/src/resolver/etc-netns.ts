import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The files `ip netns exec` bind-mounts over /etc for commands run in a namespace. */
export interface NetnsEtcFiles {
  'resolv.conf': string;
  hosts: string;
}

function directory(root: string, netns: string): string {
  if (netns === '' || netns === '.' || netns === '..' || netns.includes('/'))
    throw new Error(`"${netns}" is not a namespace name`);
  return path.join(root, netns);
}

async function writeIfChanged(file: string, content: string): Promise<void> {
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current !== content) await writeFile(file, content);
}

export async function writeNetnsEtc(root: string, netns: string, files: NetnsEtcFiles): Promise<void> {
  const dir = directory(root, netns);
  await mkdir(dir, { recursive: true });
  await Promise.all(
    Object.entries(files).map(([name, content]) => writeIfChanged(path.join(dir, name), content)),
  );
}

export async function removeNetnsEtc(root: string, netns: string): Promise<void> {
  await rm(directory(root, netns), { recursive: true, force: true });
}
