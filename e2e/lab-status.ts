import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { e2eStack } from './stack.js';

export interface LabHost {
  name: string;
  underlayAddress: string;
  agentPid: number | null;
  agentRunning: boolean;
  state: string;
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** What `switchyard lab status --json` reports for the e2e lab. */
export function labStatus(): LabHost[] {
  const output = execFileSync(
    process.execPath,
    [
      'packages/cli/bin/switchyard.js',
      'lab',
      'status',
      '--json',
      '--prefix',
      e2eStack.labPrefix,
      '--data-dir',
      e2eStack.dataDir,
    ],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  const status = JSON.parse(output) as { hosts: LabHost[] };
  return status.hosts;
}
