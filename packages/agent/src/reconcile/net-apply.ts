import type { Dataplane } from './dataplane.js';
import type { Step } from './net-plan.js';

/** Removing something already gone is success: a namespace's deletion takes its veths along. */
function harmless(line: string, message: string): boolean {
  return (
    (line.startsWith('link del ') && /Cannot find device/i.test(message)) ||
    (line.startsWith('route del ') && /No such process/i.test(message))
  );
}

/**
 * Runs steps with one `ip` process per namespace (namespaces in parallel) and records the first
 * failure of each object in `errors`, with the line that failed. Steps of objects already failed
 * are skipped: they depend on what failed.
 */
export async function runSteps(
  dataplane: Dataplane,
  steps: readonly Step[],
  errors: Map<string, string>,
): Promise<void> {
  const groups = new Map<string | undefined, Step[]>();
  for (const step of steps) {
    if (errors.has(step.object)) continue;
    groups.set(step.netns, [...(groups.get(step.netns) ?? []), step]);
  }
  await Promise.all(
    [...groups].map(async ([netns, group]) => {
      const lines = group.flatMap((step) => step.lines);
      const owners = group.flatMap((step) => step.lines.map(() => step.object));
      const failures = await dataplane.batch(netns, lines);
      for (const [number, message] of failures) {
        const line = lines[number - 1] ?? '';
        const object = owners[number - 1];
        if (object === undefined || harmless(line, message) || errors.has(object)) continue;
        errors.set(object, `${line}: ${message}`);
      }
    }),
  );
}
