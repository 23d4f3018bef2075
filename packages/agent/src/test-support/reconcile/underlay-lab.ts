import { spawn, type ChildProcess } from 'node:child_process';
import { exec } from '../../osl/exec.js';
import { listNetns, netnsExec } from '../../osl/ip.js';

/**
 * A multi-host lab for integration tests: an underlay bridge in its own namespace and host
 * namespaces joined to it by veth (`eth0` in each host, 192.168.85.1<i>/24). IPv6 is off in every
 * lab namespace and the lab's links do no multicast (no IGMP reports), so a capture on the underlay
 * sees only what the test sends.
 */
export interface UnderlayLab {
  underlay: string;
  hosts: string[];
  /** The underlay address of host i (1-based). */
  address(host: number): string;
  /** The underlay-side veth of host i, for captures. */
  port(host: number): string;
  destroy(): Promise<string[]>;
}

const noIpv6 = ['-w', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'];

export async function createUnderlayLab(prefix: string, count: number): Promise<UnderlayLab> {
  const underlay = `${prefix}-u`;
  const hosts = Array.from({ length: count }, (_, i) => `${prefix}-h${i + 1}`);
  for (const name of [underlay, ...hosts]) {
    await exec('ip', ['netns', 'add', name]);
    await netnsExec(name, 'sysctl', noIpv6);
  }
  await exec(
    'ip',
    ['-n', underlay, '-batch', '-'],
    'link set lo up\nlink add ul type bridge\nlink set ul multicast off up\n',
  );
  for (const [i, host] of hosts.entries()) {
    const port = `h${i + 1}`;
    await exec(
      'ip',
      ['-n', underlay, '-batch', '-'],
      `link add ${port} type veth peer name eth0 netns ${host}\nlink set ${port} master ul multicast off up\n`,
    );
    await exec(
      'ip',
      ['-n', host, '-batch', '-'],
      `link set lo up\naddr add 192.168.85.1${i + 1}/24 dev eth0\nlink set eth0 multicast off up\n`,
    );
  }
  return {
    underlay,
    hosts,
    address: (host) => `192.168.85.1${host}`,
    port: (host) => `h${host}`,
    async destroy() {
      const ours = async () =>
        (await listNetns()).map((entry) => entry.name).filter((name) => name.startsWith(prefix));
      for (const name of await ours()) await exec('ip', ['netns', 'del', name]);
      return ours();
    },
  };
}

/** A running `tcpdump` in a namespace; `done` resolves with its printed packets once it stops. */
export interface Capture {
  done: Promise<string[]>;
  process: ChildProcess;
}

/** Starts a capture of `count` packets and resolves once tcpdump listens. */
export async function capture(netns: string, device: string, count: number): Promise<Capture> {
  const child = spawn('ip', [
    'netns',
    'exec',
    netns,
    'tcpdump',
    '-i',
    device,
    '-nn',
    '-l',
    '-c',
    String(count),
    // Multicast group reports of address-less lab links come and go on their own; they are not
    // the overlay's traffic, and a flood (ARP or VXLAN to many) would still show.
    'not igmp and not ip6',
  ]);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const done = new Promise<string[]>((resolve) =>
    child.once('close', () => resolve(out.split('\n').filter((line) => line.trim() !== ''))),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('tcpdump did not start')), 5_000);
    child.stderr.on('data', (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { done, process: child };
}
