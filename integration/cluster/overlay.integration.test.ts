import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { labDown, labUp } from '@switchyard/cli';
import { dockerCli, eventually, execIn, ok, outcome } from './test-support/cluster.js';

// Issue 4's acceptance through the whole product: the docker CLI creates overlay and macvlan
// networks on a real 3-host lab; every check is made from inside the sandboxes or on the underlay.

const prefix = `syv${process.pid % 1000}`;
const subnet = '192.168.83.0/24';
const [host1, host2, host3] = [1, 2, 3].map((i) => `${prefix}-host${i}`) as [string, string, string];
const [underlay1, underlay2, underlay3] = ['192.168.83.11', '192.168.83.12', '192.168.83.13'];
let dataDir: string;
let controlPlane: RunningControlPlane;
let dockerHost: string;
let peerServer: ChildProcess | undefined;

const docker = dockerCli(() => dockerHost);
const inContainer = execIn(() => dataDir);

const runOn = (host: string, name: string, network: string, image: string) =>
  ok(docker('run', '-d', '--name', name, '--network', network, '-l', `com.switchyard.node=${host}`, image));
const addressOn = (name: string, network: string) =>
  ok(docker('inspect', '-f', `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`, name));
const macOn = (name: string, network: string) =>
  ok(docker('inspect', '-f', `{{(index .NetworkSettings.Networks "${network}").MacAddress}}`, name));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-overlay-'));
  controlPlane = await startControlPlane({ dataDir, port: 0, dockerTlsListen: 'off' });
  dockerHost = controlPlane.dockerHost ?? '';
  await labUp({ prefix, hosts: 3, subnet, dataDir, quiet: true });
  peerServer = spawn('ip', [
    'netns',
    'exec',
    host2,
    process.execPath,
    '-e',
    "require('http').createServer((q,s)=>s.end(q.socket.remoteAddress)).listen(9999, '0.0.0.0')",
  ]);
}, 120_000);

afterAll(async () => {
  peerServer?.kill();
  await labDown({ prefix, dataDir });
  await controlPlane.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe('overlay networks on a 3-host lab', () => {
  it('connects containers on host 1 and host 3, by name, over VXLAN unicast only', async () => {
    await ok(docker('network', 'create', '-d', 'overlay', '--attachable', 'ov1'));
    const vni = await ok(
      docker(
        'network',
        'inspect',
        '-f',
        '{{index .Options "com.docker.network.driver.overlay.vxlanid_list"}}',
        'ov1',
      ),
    );
    expect(Number(vni)).toBeGreaterThanOrEqual(256);
    await runOn(host1, 'a', 'ov1', 'switchyard/toolbox');
    await runOn(host3, 'b', 'ov1', 'switchyard/whoami');
    const target = await addressOn('b', 'ov1');
    expect(target).toMatch(/^10\./);

    await eventually('a to reach b', async () =>
      (await inContainer('a', 'ping', '-c1', '-W1', target)).code === 0 ? true : undefined,
    );
    // Warm the underlay's own ARP so the capture below sees only the overlay's traffic.
    await outcome('ip', ['netns', 'exec', host1, 'ping', '-c1', '-W1', underlay3]);
    const capture = outcome(
      'ip',
      [
        'netns',
        'exec',
        `${prefix}-underlay`,
        'tcpdump',
        '-i',
        'br0',
        '-nn',
        '-l',
        '-c',
        '4',
        `host ${underlay1} and host ${underlay3}`,
      ],
      15_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    await ok(inContainer('a', 'ping', '-c2', '-i0.2', target));
    const lines = (await capture).stdout.split('\n').filter((line) => line.includes(' IP '));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines)
      expect(line).toMatch(
        new RegExp(`(${underlay1}|${underlay3})\\.\\d+ > (${underlay1}|${underlay3})\\.4789: VXLAN`),
      );
    expect((await capture).stdout).not.toMatch(/ARP/);

    const page = await ok(inContainer('a', 'curl', '-s', '--max-time', '3', 'http://b/'));
    expect(page).toContain('Hostname: b');
  });

  it('reaches the outside through the gateway bridge, masqueraded to the host', async () => {
    const seenAs = await ok(inContainer('a', 'curl', '-s', '--max-time', '3', `http://${underlay2}:9999/`));
    expect(seenAs).toBe(underlay1);
  });

  it('keeps two overlays apart', async () => {
    await ok(docker('network', 'create', '-d', 'overlay', '--attachable', 'ov2'));
    await runOn(host3, 'c', 'ov2', 'switchyard/toolbox');
    const aAddress = await addressOn('a', 'ov1');
    await eventually('c running', async () =>
      (await docker('inspect', '-f', '{{.State.Status}}', 'c')).stdout === 'running' ? true : undefined,
    );
    expect((await inContainer('c', 'ping', '-c1', '-W1', aAddress)).code).not.toBe(0);
  });

  it("removes a container's entries from every peer when it goes", async () => {
    const vni = await ok(
      docker(
        'network',
        'inspect',
        '-f',
        '{{index .Options "com.docker.network.driver.overlay.vxlanid_list"}}',
        'ov1',
      ),
    );
    const mac = await macOn('b', 'ov1');
    const address = await addressOn('b', 'ov1');
    const overlayNetns = `${host1}-ov-${vni}`;
    // What the agent programmed on the VXLAN link: static FDB (`self permanent`) and neighbour
    // entries. (br0's own learned entries age out by themselves, as in Docker.)
    const programmed = async () => {
      const fdb = await outcome('ip', [
        'netns',
        'exec',
        overlayNetns,
        'bridge',
        'fdb',
        'show',
        'dev',
        `vx-${vni}`,
      ]);
      const neigh = await outcome('ip', [
        'netns',
        'exec',
        overlayNetns,
        'ip',
        'neigh',
        'show',
        'dev',
        `vx-${vni}`,
      ]);
      const staticFdb = fdb.stdout.split('\n').filter((line) => line.includes('self') && line.includes(mac));
      const neighbours = neigh.stdout.split('\n').filter((line) => line.startsWith(`${address} `));
      return staticFdb.length + neighbours.length;
    };
    expect(await programmed()).toBe(2);
    await ok(docker('rm', '-f', 'b'));
    await eventually("b's entries to leave host 1", async () =>
      (await programmed()) === 0 ? true : undefined,
    );
    await ok(docker('rm', '-f', 'a', 'c'));
    await ok(docker('network', 'rm', 'ov1', 'ov2'));
  });
});

describe('macvlan networks on the lab underlay', () => {
  it('puts containers on the underlay: siblings and hosts talk across it', async () => {
    const common = ['-d', 'macvlan', '--subnet', subnet, '--gateway', '192.168.83.1', '-o', 'parent=eth0'];
    await ok(
      docker(
        'network',
        'create',
        ...common,
        '--ip-range',
        '192.168.83.64/28',
        '--label',
        `com.switchyard.node=${host1}`,
        'mv1',
      ),
    );
    await ok(
      docker(
        'network',
        'create',
        ...common,
        '--ip-range',
        '192.168.83.80/28',
        '--label',
        `com.switchyard.node=${host2}`,
        'mv2',
      ),
    );
    await runOn(host1, 'm1', 'mv1', 'switchyard/toolbox');
    await runOn(host1, 'm2', 'mv1', 'switchyard/whoami');
    await runOn(host2, 'm3', 'mv2', 'switchyard/whoami');
    const sibling = await addressOn('m2', 'mv1');
    const across = await addressOn('m3', 'mv2');
    await eventually('m1 to reach its sibling', async () =>
      (await inContainer('m1', 'ping', '-c1', '-W1', sibling)).code === 0 ? true : undefined,
    );
    expect(await ok(inContainer('m1', 'curl', '-s', '--max-time', '3', `http://${across}/`))).toContain(
      'Hostname: m3',
    );
    await ok(docker('rm', '-f', 'm1', 'm2', 'm3'));
    await ok(docker('network', 'rm', 'mv1', 'mv2'));
  });

  it('refuses a VLAN parent on a kernel without 802.1Q, with the reason', async () => {
    const result = await docker(
      'network',
      'create',
      '-d',
      'macvlan',
      '--subnet',
      '10.99.0.0/24',
      '-o',
      'parent=eth0.10',
      '--label',
      `com.switchyard.node=${host3}`,
      'vlan10',
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('802.1Q');
  });
});
