/**
 * What the container bench could leave on the host, read before and after: iptables and nftables
 * rules, links, network namespaces, mounts, the forwarding and bridge-netfilter switches and
 * /etc/docker. The two reads are compared line by line, so anything added or removed is named.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type HostState = Map<string, Set<string>>;

async function lines(command: string, args: string[]): Promise<Set<string>> {
  const { stdout } = await run(command, args);
  return new Set(stdout.split('\n').filter((line) => line.trim() !== ''));
}

const file = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').trim() : 'absent');

export async function readHostState(): Promise<HostState> {
  const iptables = await lines('iptables-save', []);
  return new Map([
    // Counters and the timestamp comments change by themselves.
    [
      'iptables',
      new Set(
        [...iptables].filter((line) => !line.startsWith('#')).map((line) => line.replace(/\[\d+:\d+\]/, '')),
      ),
    ],
    ['nft tables', await lines('nft', ['list', 'tables'])],
    [
      'links',
      new Set([...(await lines('ip', ['-o', 'link']))].map((line) => line.split(':')[1]?.trim() ?? line)),
    ],
    ['netns', await lines('ip', ['netns', 'list'])],
    [
      'mounts',
      new Set(
        file('/proc/mounts')
          .split('\n')
          .map((line) => line.split(' ')[1] ?? line),
      ),
    ],
    [
      'sysctl',
      new Set([
        `ip_forward=${file('/proc/sys/net/ipv4/ip_forward')}`,
        `bridge-nf-call-iptables=${file('/proc/sys/net/bridge/bridge-nf-call-iptables')}`,
      ]),
    ],
    ['/etc/docker', new Set(readdirSync('/etc/docker'))],
  ]);
}

/** One line per kind that changed: `+` what appeared, `-` what went. */
export function hostStateChanges(before: HostState, after: HostState): string[] {
  const changes: string[] = [];
  for (const [kind, was] of before) {
    const now = after.get(kind) ?? new Set<string>();
    const added = [...now].filter((line) => !was.has(line)).map((line) => `+${line}`);
    const removed = [...was].filter((line) => !now.has(line)).map((line) => `-${line}`);
    if (added.length + removed.length > 0) changes.push(`${kind}: ${[...added, ...removed].join(', ')}`);
  }
  return changes;
}
