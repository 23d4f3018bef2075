/**
 * The forwarded name's upstream: dnsmasq answering `forwardedName` from a hosts file, inside the
 * client's own sandbox on its network address (not loopback, so every server forwards the way it
 * would to a real upstream), the same for every side. Its answers carry a TTL, so a server with a
 * cache may keep them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const forwardedName = 'ext.bench.test';
export const forwardedAddress = '192.0.2.80';

export function startUpstream(enter: readonly string[], address: string, dir: string): ChildProcess {
  const hosts = join(dir, `upstream-hosts-${address}`);
  writeFileSync(hosts, `${forwardedAddress} ${forwardedName}\n`);
  const [command = 'nsenter', ...args] = enter;
  return spawn(
    command,
    [
      ...args,
      'dnsmasq',
      '--keep-in-foreground',
      '--user=root',
      '--no-resolv',
      '--no-hosts',
      `--addn-hosts=${hosts}`,
      `--listen-address=${address}`,
      '--bind-interfaces',
      '--port=53',
      '--local-ttl=300',
    ],
    // Its own session, so its own scheduling group (see load.ts); killed by the bench at the end.
    { stdio: 'ignore', detached: true },
  );
}
