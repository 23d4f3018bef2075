import type { ContainerLogsRequest, ContainerLogsResponse } from '@switchyard/contracts';
import type { ContainerLog } from './container-log.js';
import type { Supervisor } from './supervisor.js';

/** One sandbox a runtime supervises: its process and its log (both runtimes keep them alike). */
export interface SupervisedEntry {
  supervisor: Supervisor;
  log: ContainerLog;
}

/** `docker logs` from a runtime's entries. */
export async function readEntryLog(
  entries: ReadonlyMap<string, SupervisedEntry>,
  { sandboxId, tail }: ContainerLogsRequest,
): Promise<ContainerLogsResponse> {
  const entry = entries.get(sandboxId);
  if (entry === undefined) return { ok: false, error: `no such container: ${sandboxId}` };
  try {
    return { ok: true, lines: await entry.log.read(tail) };
  } catch (error) {
    return { ok: false, error: `cannot read the log of container ${sandboxId}: ${String(error)}` };
  }
}

/** Stops every process, then waits for their logs to be written out (the agent is leaving). */
export async function stopEntries(entries: ReadonlyMap<string, SupervisedEntry>): Promise<void> {
  await Promise.all([...entries.values()].map((entry) => entry.supervisor.stop()));
  await Promise.all([...entries.values()].map((entry) => entry.log.settled()));
}
