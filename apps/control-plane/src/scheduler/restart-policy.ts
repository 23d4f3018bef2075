import type { RestartPolicy, TaskState } from '@switchyard/contracts';

/** A task of the service's current version that ended by itself, in its slot (`slot:N` or `node:ID`). */
export interface EndedTask {
  slotKey: string;
  state: TaskState;
  createdAt: Date;
  /** Tasks of its slot and version that ended by themselves before it. */
  attempt: number;
}

/** Task states of a task that ended by itself: a restart policy counts these. */
export const endedByItself: readonly TaskState[] = ['failed', 'rejected', 'complete'];

const failures: ReadonlySet<TaskState> = new Set(['failed', 'rejected']);

/**
 * Slots the restart policy leaves empty, as Swarm's `--restart-condition` and
 * `--restart-max-attempts` do: `no` never refills a slot whose task ended; `on-failure` refills it
 * after a failure but not after a clean exit; `always` always does. With a maximum, a slot whose
 * tasks ended more times than that is given up.
 */
export function finishedSlots(policy: RestartPolicy, ended: readonly EndedTask[]): Set<string> {
  const bySlot = new Map<string, EndedTask[]>();
  for (const task of ended) bySlot.set(task.slotKey, [...(bySlot.get(task.slotKey) ?? []), task]);
  const finished = new Set<string>();
  for (const [slot, tasks] of bySlot) {
    const latest = tasks.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
    // The kept history may be shorter than the attempts: the latest task knows how many came before.
    const endings = Math.max(tasks.length, latest.attempt + 1);
    const gaveUp = policy.maximumRetryCount > 0 && endings > policy.maximumRetryCount;
    const done =
      policy.name === 'no' || (policy.name === 'on-failure' && !failures.has(latest.state)) || gaveUp;
    if (done) finished.add(slot);
  }
  return finished;
}
