import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/** `<data dir>/lab/<prefix>/state.json`: what `lab down` and `lab status` need after `lab up` exits. */
export const labStateSchema = z.object({
  prefix: z.string(),
  subnet: z.string(),
  underlayNamespace: z.string(),
  rootLink: z.string(),
  rootAddress: z.string(),
  joinUrl: z.string(),
  createdAt: z.string(),
  /** The lab's containerd; absent when the machine has none (the lab runs without it). */
  containerd: z.object({ pid: z.number().int().positive(), address: z.string() }).optional(),
  hosts: z.array(
    z.object({
      name: z.string(),
      underlayAddress: z.string(),
      agentPid: z.number().int().positive().nullable(),
      logFile: z.string(),
      stateDir: z.string(),
      /** Whether its agent was given the lab's containerd. */
      containerd: z.boolean().default(false),
    }),
  ),
});
export type LabState = z.infer<typeof labStateSchema>;
export type LabHostState = LabState['hosts'][number];

export async function readLabState(path: string): Promise<LabState | undefined> {
  try {
    const parsed = labStateSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeLabState(path: string, state: LabState): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}
