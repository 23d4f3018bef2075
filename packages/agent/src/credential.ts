import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** `<state dir>/credential.json`: what a node keeps after its first join to reconnect as itself. */
export const storedCredentialSchema = z.object({
  nodeId: z.string(),
  credential: z.string().min(1),
  controlPlaneUrl: z.string(),
});
export type StoredCredential = z.infer<typeof storedCredentialSchema>;

export function credentialPath(stateDir: string): string {
  return join(stateDir, 'credential.json');
}

/** The stored credential, or undefined when there is none or it is unreadable. */
export async function loadCredential(stateDir: string): Promise<StoredCredential | undefined> {
  try {
    const parsed = storedCredentialSchema.safeParse(
      JSON.parse(await readFile(credentialPath(stateDir), 'utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Written to a temporary file first (mode 0600 from the start) so a crash never leaves half a file. */
export async function saveCredential(stateDir: string, stored: StoredCredential): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const path = credentialPath(stateDir);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}
