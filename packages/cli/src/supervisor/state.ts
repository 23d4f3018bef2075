import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from './atomic-file.js';

/**
 * `<data dir>/supervisor.json`, kept by a running `switchyard start` (mode 0600): its own pid and the
 * dashboard's, current across restarts, so `switchyard lab status --json` can name every process.
 * The control plane's pid is in control-plane.json, the agents' in the lab's state.
 */
const supervisorStateSchema = z.object({
  pid: z.number().int().positive(),
  web: z.object({ pid: z.number().int().positive(), port: z.number().int().positive() }).nullable(),
});
export type SupervisorState = z.infer<typeof supervisorStateSchema>;

const supervisorFile = (dataDir: string) => join(dataDir, 'supervisor.json');

export async function readSupervisorState(dataDir: string): Promise<SupervisorState | undefined> {
  try {
    const parsed = supervisorStateSchema.safeParse(
      JSON.parse(await readFile(supervisorFile(dataDir), 'utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeSupervisorState(dataDir: string, state: SupervisorState): Promise<void> {
  return writeFileAtomically(supervisorFile(dataDir), `${JSON.stringify(state, null, 2)}\n`);
}

export function removeSupervisorState(dataDir: string): Promise<void> {
  return rm(supervisorFile(dataDir), { force: true });
}
