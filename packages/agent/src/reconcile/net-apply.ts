import type { BatchTool } from '../osl/batch.js';
import type { Dataplane } from '../osl/dataplane.js';
import type { Step } from './net-plan.js';

/** Removing something already gone is success: a namespace's deletion takes its veths along. */
function harmless(line: string, message: string): boolean {
  return (
    (line.startsWith('link del ') && /Cannot find device|No such device/i.test(message)) ||
    (line.startsWith('route del ') && /No such process/i.test(message)) ||
    (/^(neigh|fdb) del /.test(line) && /No such file or directory/i.test(message))
  );
}

/** iproute2's words for a missing link type, said in terms of what the user asked for. */
function explain(line: string, message: string): string {
  const vlan = /^link add link \S+ name (\S+) type vlan /.exec(line);
  if (vlan !== null && /Unknown device type|not supported/i.test(message)) {
    return `kernel has no 802.1Q support: cannot create parent ${vlan[1]}`;
  }
  return message;
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
  // `ip` then `bridge` per namespace: a namespace's FDB lines need the links its `ip` lines make.
  const groups = new Map<string | undefined, Step[]>();
  for (const step of steps) {
    if (errors.has(step.object)) continue;
    groups.set(step.netns, [...(groups.get(step.netns) ?? []), step]);
  }
  await Promise.all(
    [...groups].map(async ([netns, group]) => {
      await runGroup(
        dataplane,
        netns,
        group.filter((step) => step.tool !== 'bridge'),
        errors,
        'ip',
      );
      const rest = group.filter((step) => step.tool === 'bridge' && !errors.has(step.object));
      await runGroup(dataplane, netns, rest, errors, 'bridge');
    }),
  );
}

async function runGroup(
  dataplane: Dataplane,
  netns: string | undefined,
  group: readonly Step[],
  errors: Map<string, string>,
  tool: BatchTool,
): Promise<void> {
  const lines = group.flatMap((step) => step.lines);
  if (lines.length === 0) return;
  const owners = group.flatMap((step) => step.lines.map(() => step.object));
  const failures = await dataplane.batch(netns, lines, tool);
  for (const [number, message] of failures) {
    const line = lines[number - 1] ?? '';
    const object = owners[number - 1];
    if (object === undefined || harmless(line, message) || errors.has(object)) continue;
    errors.set(object, `${line}: ${explain(line, message)}`);
  }
}
