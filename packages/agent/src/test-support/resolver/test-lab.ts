import { spawn, type ChildProcess } from 'node:child_process';
import { exec } from '../../osl/exec.js';

/**
 * A throwaway topology for integration tests, entirely inside namespaces named `syr<pid>-...`:
 * a bridge namespace and sandboxes joined to it by veth on 10.211.<n>.0/24. The root namespace's
 * interfaces are never touched.
 */
export interface TestLab {
  prefix: string;
  /** Namespace name of a sandbox added with `addSandbox`. */
  netns(name: string): string;
  addSandbox(name: string, address: string): Promise<string>;
  /** Deletes a sandbox's namespace and makes it again, as drift repair would. */
  recreate(name: string, address: string): Promise<void>;
  /** Runs a command inside a sandbox; resolves with stdout even on a non-zero exit. */
  run(name: string, command: readonly string[]): Promise<string>;
  /** A test DNS upstream inside `name`: `outside.example` is 192.0.2.7, anything else NXDOMAIN. */
  startUpstream(name: string): Promise<void>;
  destroy(): Promise<void>;
}

const upstreamScript = `
import dgram from 'node:dgram';
const socket = dgram.createSocket('udp4');
socket.on('message', (query, remote) => {
  const reply = Buffer.from(query);
  const known = query.includes(Buffer.from('\\x07outside\\x07example\\x00', 'latin1'));
  reply.writeUInt16BE(known ? 0x8180 : 0x8183, 2);
  reply.writeUInt16BE(0, 10);
  const answer = Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7]);
  const question = reply.subarray(0, 12 + reply.subarray(12).indexOf(0) + 5);
  if (known) question.writeUInt16BE(1, 6);
  socket.send(known ? Buffer.concat([question, answer]) : question, remote.port, remote.address);
});
socket.bind(53, () => console.log('ready'));
`;

export function createTestLab(tag: string): TestLab {
  const prefix = `syr${process.pid}${tag}`;
  const bridgeNs = `${prefix}-br`;
  const namespaces: string[] = [];
  const children: ChildProcess[] = [];
  let created = false;
  const netns = (name: string) => `${prefix}-${name}`;

  async function ensureBridge(): Promise<void> {
    if (created) return;
    created = true;
    namespaces.push(bridgeNs);
    await exec('ip', ['netns', 'add', bridgeNs]);
    await exec('ip', ['-n', bridgeNs, 'link', 'add', 'br0', 'type', 'bridge']);
    await exec('ip', ['-n', bridgeNs, 'link', 'set', 'br0', 'up']);
  }

  return {
    prefix,
    netns,
    async addSandbox(name, address) {
      await ensureBridge();
      const ns = netns(name);
      if (!namespaces.includes(ns)) namespaces.push(ns);
      await exec('ip', ['netns', 'add', ns]);
      const port = `p-${name}`;
      await exec('ip', [
        '-n',
        bridgeNs,
        'link',
        'add',
        port,
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        ns,
      ]);
      await exec('ip', ['-n', bridgeNs, 'link', 'set', port, 'master', 'br0', 'up']);
      await exec('ip', ['-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
      await exec('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
      await exec('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
      return ns;
    },
    async recreate(name, address) {
      // The old namespace may live on (a process or socket holds it): free its veth by hand.
      await exec('ip', ['-n', bridgeNs, 'link', 'del', `p-${name}`]);
      await exec('ip', ['netns', 'del', netns(name)]);
      await this.addSandbox(name, address);
    },
    async run(name, command) {
      const result = await exec('ip', ['netns', 'exec', netns(name), ...command]).catch(
        (error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? error.stderr ?? '' }),
      );
      return result.stdout;
    },
    async startUpstream(name) {
      const child = spawn(
        'ip',
        ['netns', 'exec', netns(name), process.execPath, '--input-type=module', '-e', upstreamScript],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        child.stdout?.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`test upstream exited with ${code}`)));
      });
    },
    async destroy() {
      for (const child of children) child.kill('SIGKILL');
      await Promise.all(
        children.map((child) =>
          child.exitCode === null ? new Promise((r) => child.once('exit', r)) : undefined,
        ),
      );
      for (const ns of namespaces.reverse()) await exec('ip', ['netns', 'del', ns]).catch(() => undefined);
    },
  };
}
