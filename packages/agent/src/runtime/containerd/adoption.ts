import { createHash } from 'node:crypto';
import type { DesiredSandbox } from '@switchyard/contracts';
import { z } from 'zod';

/**
 * What the agent records in a container's bundle when it starts its task, so that the next agent
 * can tell whether the task still running there is the one its desired sandbox asks for.
 */
export const taskRecordSchema = z.object({
  sandboxId: z.string(),
  startGeneration: z.number().int(),
  /** Of what the task was started from (see startDigest). */
  digest: z.string(),
});
export type TaskRecord = z.infer<typeof taskRecordSchema>;

/** Everything a task's spec is rendered from: a change to any of it needs a new task. */
export function startDigest(sandbox: DesiredSandbox): string {
  const { workload, hostname, netns } = sandbox;
  return createHash('sha256').update(JSON.stringify({ workload, hostname, netns })).digest('hex');
}

export function taskRecord(sandbox: DesiredSandbox): TaskRecord {
  return { sandboxId: sandbox.id, startGeneration: sandbox.startGeneration, digest: startDigest(sandbox) };
}

export function parseTaskRecord(text: string): TaskRecord | undefined {
  try {
    const parsed = taskRecordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a task a previous agent left is adopted: it runs the recorded process (same pid as the
 * bundle's pid file), and the sandbox is listed, wants it running, and asks for the same start.
 */
export function adoptable(
  sandbox: DesiredSandbox,
  record: TaskRecord | undefined,
  recordedPid: number | undefined,
  task: { pid: number; status: string } | undefined,
): boolean {
  return (
    sandbox.running &&
    record !== undefined &&
    record.sandboxId === sandbox.id &&
    record.startGeneration === sandbox.startGeneration &&
    record.digest === startDigest(sandbox) &&
    task?.status === 'RUNNING' &&
    recordedPid !== undefined &&
    task.pid === recordedPid
  );
}

/** Bytes of each stream the agent has read from a task's output files: `<stdout> <stderr>`. */
export function parseOffsets(text: string): { stdout: number; stderr: number } {
  const [stdout, stderr] = text.trim().split(/\s+/).map(Number);
  const valid = (value: number | undefined) =>
    value !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : 0;
  return { stdout: valid(stdout), stderr: valid(stderr) };
}
