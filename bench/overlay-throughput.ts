/**
 * Issue 4's throughput figure: one TCP stream (iperf3) container to container across two lab hosts
 * over a Switchyard overlay, side by side in the same run with the raw VXLAN path between the same
 * two hosts (a bare VXLAN link per host, no bridge, no namespace hop). Budget: the overlay within 15%
 * of the raw path. Run as root with iperf3 installed: `npx tsx bench/overlay-throughput.ts`.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startControlPlane } from '@switchyard/control-plane';
import { labDown, labUp } from '@switchyard/cli';

const run = promisify(execFile);
const prefix = 'syob';
const [host1, host3] = [`${prefix}-host1`, `${prefix}-host3`];
const [underlay1, underlay3] = ['192.168.84.11', '192.168.84.13'];
const rounds = 3;
const seconds = 5;

const inNetns = (netns: string, ...command: string[]) => run('ip', ['netns', 'exec', netns, ...command]);

/** Bits per second received by one iperf3 client run from `client` to `address`. */
async function iperf(client: string, server: string, address: string): Promise<number> {
  const listener = spawn('ip', ['netns', 'exec', server, 'iperf3', '-s', '-1', '-p', '5201']);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const { stdout } = await inNetns(
    client,
    'iperf3',
    '-c',
    address,
    '-p',
    '5201',
    '-t',
    String(seconds),
    '-J',
  );
  listener.kill();
  const result = JSON.parse(stdout) as { end: { sum_received: { bits_per_second: number } } };
  return result.end.sum_received.bits_per_second;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const gbits = (bps: number) => `${(bps / 1e9).toFixed(2)} Gbit/s`;

const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
const controlPlane = await startControlPlane({
  dataDir,
  port: 0,
  dockerApiListen: 'off',
  dockerTlsListen: 'off',
});
try {
  await labUp({ prefix, hosts: 3, subnet: '192.168.84.0/24', dataDir, quiet: true });

  // The raw path: a bare VXLAN link between the two hosts' underlay addresses.
  for (const [host, local, remote, address] of [
    [host1, underlay1, underlay3, '10.250.0.1/24'],
    [host3, underlay3, underlay1, '10.250.0.2/24'],
  ] as const) {
    await inNetns(
      host,
      'ip',
      'link',
      'add',
      'vxraw',
      'type',
      'vxlan',
      'id',
      '4000',
      'dstport',
      '4790',
      'local',
      local,
      'remote',
      remote,
    );
    await inNetns(host, 'ip', 'link', 'set', 'vxraw', 'mtu', '1450', 'up');
    await inNetns(host, 'ip', 'addr', 'add', address, 'dev', 'vxraw');
  }

  // The product's path: two containers on one overlay, on the same two hosts.
  const { networks, containers } = controlPlane.services;
  await networks.create({ name: 'bench-ov', driver: 'overlay', attachable: true }, 'bench');
  const place = async (name: string, host: string) => {
    const created = await containers.create(
      {
        name,
        image: 'switchyard/toolbox',
        networks: [{ network: 'bench-ov' }],
        labels: { 'com.switchyard.node': host },
      },
      'bench',
    );
    return containers.start(created.id, 'bench');
  };
  const a = await place('bench-a', host1);
  const b = await place('bench-b', host3);
  const target = b.networks.find((endpoint) => endpoint.networkName === 'bench-ov')?.ipv4Address;
  if (a.netns === null || b.netns === null || target == null)
    throw new Error('containers have no overlay sandbox');

  const raw: number[] = [];
  const overlay: number[] = [];
  for (let round = 0; round < rounds; round++) {
    raw.push(await iperf(host1, host3, '10.250.0.2'));
    overlay.push(await iperf(a.netns, b.netns, target));
  }
  const ratio = median(overlay) / median(raw);
  console.log(`raw VXLAN host1 -> host3:      ${raw.map(gbits).join(', ')} (median ${gbits(median(raw))})`);
  console.log(
    `overlay container -> container: ${overlay.map(gbits).join(', ')} (median ${gbits(median(overlay))})`,
  );
  console.log(
    `overlay / raw: ${(ratio * 100).toFixed(1)}% (budget: within 15%, i.e. >= 85%): ${ratio >= 0.85 ? 'within budget' : 'OVER BUDGET'}`,
  );
  process.exitCode = ratio >= 0.85 ? 0 : 1;
} finally {
  await labDown({ prefix, dataDir });
  await controlPlane.close();
  rmSync(dataDir, { recursive: true, force: true });
}
