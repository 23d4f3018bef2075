/** What /proc says of one process, for `docker top`'s `ps -ef` columns. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  uid: number;
  /** Seconds after boot the process started, and its CPU time in seconds. */
  startSeconds: number;
  cpuSeconds: number;
  tty: number;
  command: string;
}

export const topTitles = ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'];

/** Reads /proc/<pid>/stat's fields after the command name (which may hold spaces and parentheses). */
export function parseStat(stat: string, clockTicks = 100): Omit<ProcessInfo, 'pid' | 'uid' | 'command'> {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const field = (index: number) => Number(fields[index] ?? 0);
  // Numbered from the state field (stat's third): ppid 4, tty 7, utime 14, stime 15, starttime 22.
  return {
    ppid: field(1),
    tty: field(4),
    cpuSeconds: (field(11) + field(12)) / clockTicks,
    startSeconds: field(19) / clockTicks,
  };
}

function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(Math.floor(whole / 3600))}:${pad(Math.floor((whole % 3600) / 60))}:${pad(whole % 60)}`;
}

/** One `ps -ef` row; `bootTimeMs` turns a start after boot into the wall clock's HH:MM. */
export function topRow(info: ProcessInfo, bootTimeMs: number): string[] {
  const started = new Date(bootTimeMs + info.startSeconds * 1000);
  const stime = `${String(started.getUTCHours()).padStart(2, '0')}:${String(started.getUTCMinutes()).padStart(2, '0')}`;
  return [
    String(info.uid),
    String(info.pid),
    String(info.ppid),
    '0',
    stime,
    info.tty === 0 ? '?' : `pts/${info.tty & 0xff}`,
    clock(info.cpuSeconds),
    info.command,
  ];
}
