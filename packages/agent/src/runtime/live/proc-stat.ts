import { readFile } from 'node:fs/promises';

/** What /proc/<pid>/stat says of a process that live restore needs. */
export interface ProcStat {
  /** One letter: R, S, D, Z (a zombie: it has exited), … */
  state: string;
  processGroup: number;
  /** Clock ticks after boot; with the pid, names one process for the whole uptime. */
  startTime: string;
}

/** Parses /proc/<pid>/stat; the command in parentheses may hold spaces, so fields count after its ")". */
export function parseProcStat(text: string): ProcStat | undefined {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // After the command: state (3rd field of the line), ppid, pgrp, …, starttime (22nd).
  const [state, , processGroup] = fields;
  const startTime = fields[19];
  if (state === undefined || processGroup === undefined || startTime === undefined) return undefined;
  return { state, processGroup: Number(processGroup), startTime };
}

export async function readProcStat(pid: number): Promise<ProcStat | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseProcStat(text);
}

/** Whether `pid` is still the process that started at `startTime` and has not exited. */
export async function stillRuns(pid: number, startTime: string): Promise<boolean> {
  const stat = await readProcStat(pid);
  return stat !== undefined && stat.startTime === startTime && stat.state !== 'Z';
}
