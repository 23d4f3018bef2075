import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file.js';

/**
 * What the agent keeps of a workload it started, so that the next agent can adopt it: which
 * process it is (pid and start time, as a pid alone may be reused) and what it was started from.
 */
export const workloadRecordSchema = z.object({
  sandboxId: z.string().min(1),
  pid: z.number().int().positive(),
  /** /proc/<pid>/stat's start time (clock ticks after boot). */
  startTime: z.string().min(1),
  /** specHash of the launch and start generation it was started from. */
  specHash: z.string().min(1),
  startedAt: z.string(),
  restartCount: z.number().int().nonnegative(),
  /** Set once it exited for good (no restart to come): the next agent shows it exited, not starting it again. */
  exited: z.object({ exitCode: z.number().int(), finishedAt: z.string() }).optional(),
});
export type WorkloadRecord = z.infer<typeof workloadRecordSchema>;

/**
 * A digest of what a process was started from and the start it belongs to: the same digest means
 * the desired sandbox still asks for this very process.
 */
export function specHash(
  launch: { file: string; args: readonly string[]; env: Record<string, string> },
  startGeneration: number,
): string {
  // The environment sorted: the same variables in another order are the same start.
  const env = Object.entries(launch.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify({ file: launch.file, args: launch.args, env, startGeneration }))
    .digest('hex');
}

/** One file per workload, `<dir>/<encoded sandbox id>.json`, written atomically and 0600. */
export class WorkloadRecords {
  constructor(private readonly dir: string) {}

  write(record: WorkloadRecord): Promise<void> {
    return writeFileAtomic(this.file(record.sandboxId), `${JSON.stringify(record)}\n`);
  }

  remove(sandboxId: string): Promise<void> {
    return rm(this.file(sandboxId), { force: true });
  }

  /** Every record that parses; a file that does not (written by hand, say) is dropped. */
  async readAll(): Promise<WorkloadRecord[]> {
    const files = (await readdir(this.dir).catch(() => [] as string[])).filter((name) =>
      name.endsWith('.json'),
    );
    const records = await Promise.all(
      files.map(async (name) => {
        const text = await readFile(path.join(this.dir, name), 'utf8').catch(() => '');
        try {
          const parsed = workloadRecordSchema.safeParse(JSON.parse(text));
          if (parsed.success && this.file(parsed.data.sandboxId) === path.join(this.dir, name))
            return parsed.data;
        } catch {
          // not JSON: dropped below
        }
        await rm(path.join(this.dir, name), { force: true });
        return undefined;
      }),
    );
    return records.flatMap((record) => (record === undefined ? [] : [record]));
  }

  private file(sandboxId: string): string {
    return path.join(this.dir, `${encodeURIComponent(sandboxId)}.json`);
  }
}
