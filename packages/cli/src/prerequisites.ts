import { spawnSync } from 'node:child_process';

export interface Prerequisite {
  name: string;
  ok: boolean;
  /** What to do when it is missing. */
  fix: string;
  /** Set when Switchyard runs without it: what is lost. */
  optional?: string;
}

function commandWorks(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

/** What `switchyard start` and the lab need on this machine. */
export function checkPrerequisites(): Prerequisite[] {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return [
    {
      name: 'running as root',
      ok: process.getuid?.() === 0,
      fix: 'the lab creates network namespaces: run as root (sudo -E npm start)',
    },
    {
      name: 'Node.js 20.19 or newer',
      ok: major > 20 || (major === 20 && minor >= 19),
      fix: `Node.js ${process.versions.node} is too old: install Node.js 20.19+`,
    },
    { name: 'iproute2 (ip)', ok: commandWorks('ip', ['-V']), fix: 'apt-get install iproute2' },
    { name: 'nftables (nft)', ok: commandWorks('nft', ['--version']), fix: 'apt-get install nftables' },
    { name: 'ping (iputils-ping)', ok: commandWorks('ping', ['-V']), fix: 'apt-get install iputils-ping' },
    // The HTTP routing mesh's proxy on every host.
    { name: 'HAProxy (haproxy)', ok: commandWorks('haproxy', ['-v']), fix: 'apt-get install haproxy' },
    // The lab's one containerd runs every image but the built-in ones.
    {
      name: 'containerd, ctr and runc',
      ok:
        commandWorks('containerd', ['--version']) &&
        commandWorks('ctr', ['--version']) &&
        commandWorks('runc', ['--version']),
      fix: 'apt-get install containerd runc',
      optional: 'loaded OCI images cannot run; the built-in images still do',
    },
  ];
}

/** One line per missing prerequisite Switchyard cannot run without, or an empty list when all are there. */
export function missingPrerequisites(checks: Prerequisite[]): string[] {
  return checks
    .filter((check) => !check.ok && check.optional === undefined)
    .map((check) => `missing: ${check.name} (${check.fix})`);
}

/** One line per missing optional prerequisite: what is lost, and how to get it. */
export function missingOptional(checks: Prerequisite[]): string[] {
  return checks
    .filter((check) => !check.ok && check.optional !== undefined)
    .map((check) => `without ${check.name}: ${check.optional ?? ''} (${check.fix})`);
}
