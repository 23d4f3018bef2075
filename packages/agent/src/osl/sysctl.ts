import { readFile, writeFile } from 'node:fs/promises';
import { netnsExec } from './ip.js';

/** `net.ipv4.ip_forward` -> `/proc/sys/net/ipv4/ip_forward`. */
export function sysctlPath(name: string): string {
  return `/proc/sys/${name.replaceAll('.', '/')}`;
}

/** The kernel pads and tab-separates some values (`ip_local_port_range`); compare them by words. */
export function normalizeSysctlValue(value: string): string {
  return value.trim().split(/\s+/).join(' ');
}

/**
 * Sysctls of one network namespace. Without `netns` they are this process's own: /proc/sys/net
 * shows the namespace of the process that opens it, so another namespace is read by a helper
 * started inside it.
 */
export interface SysctlAccess {
  read(name: string): Promise<string>;
  write(name: string, value: string): Promise<void>;
}

export function sysctlAccess(netns?: string): SysctlAccess {
  if (netns === undefined) {
    return {
      read: async (name) => normalizeSysctlValue(await readFile(sysctlPath(name), 'utf8')),
      write: (name, value) => writeFile(sysctlPath(name), value),
    };
  }
  return {
    read: async (name) => normalizeSysctlValue((await netnsExec(netns, 'cat', [sysctlPath(name)])).stdout),
    write: async (name, value) => {
      await netnsExec(netns, 'sh', ['-c', 'printf "%s" "$1" > "$2"', 'sh', value, sysctlPath(name)]);
    },
  };
}

/** Sets several sysctls inside a namespace with one helper process. */
export async function writeSysctlsInNetns(netns: string, values: Record<string, string>): Promise<void> {
  const entries = Object.entries(values);
  if (entries.length === 0) return;
  // Positional parameters past 9 need braces in sh.
  const script = entries.map((_, i) => `printf "%s" "\${${2 * i + 1}}" > "\${${2 * i + 2}}"`).join(' && ');
  const args = entries.flatMap(([name, value]) => [value, sysctlPath(name)]);
  await netnsExec(netns, 'sh', ['-c', script, 'sh', ...args]);
}

/**
 * A shell line that sets sysctls inside the namespace it runs in, for an `ip` batch line
 * (`netns exec <ns> sh -c "<line>"`). The values are single-quoted: one holding a quote, a
 * backslash or a line break is refused rather than escaped.
 */
export function sysctlShellLine(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => {
      if (/['"\\\n]/.test(value) || !/^[a-z0-9_.-]+$/i.test(name)) {
        throw new Error(`sysctl ${name}=${JSON.stringify(value)} cannot be set from an ip batch line`);
      }
      return `printf '%s' '${value}' > ${sysctlPath(name)}`;
    })
    .join(' && ');
}
