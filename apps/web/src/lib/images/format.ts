import type { ImageView } from '@switchyard/contracts';

const units = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/** As `docker image ls` prints sizes: decimal units, three significant digits (`5.58MB` → `5.58 MB`). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value >= 100 ? String(Math.round(value)) : value.toPrecision(3);
  const shown = digits.includes('.') ? digits.replace(/\.?0+$/, '') : digits;
  return `${shown} ${units[unit] ?? 'B'}`;
}

/** The 12 hex digits `docker image ls` shows for an id (`sha256:` dropped). */
export function shortImageId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

export interface HostPresence {
  present: number;
  total: number;
  /** Hosts whose agent said why it does not hold the image. */
  failed: { name: string; error: string }[];
  /** Still to import it: neither holding it nor failing. */
  pending: string[];
  summary: string;
}

/** How many of the hosts that should hold an image do, which are still importing it and which failed. */
export function hostPresence(hosts: ImageView['hosts']): HostPresence {
  const present = hosts.filter((host) => host.present).length;
  const failed = hosts.flatMap((host) =>
    !host.present && host.error !== undefined ? [{ name: host.name, error: host.error }] : [],
  );
  const pending = hosts.filter((host) => !host.present && host.error === undefined).map((host) => host.name);
  const total = hosts.length;
  let summary: string;
  if (total === 0) summary = 'no host with a container runtime';
  else if (present === total) summary = total === 1 ? 'on its 1 host' : `on all ${total} hosts`;
  else summary = `on ${present} of ${total} hosts`;
  if (failed.length > 0) summary += `, ${failed.length} failed`;
  return { present, total, failed, pending, summary };
}
