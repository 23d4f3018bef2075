import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { labDown, labUp } from '@switchyard/cli';
import { dockerCli, eventually, execIn, ok, outcome } from './test-support/cluster.js';

// Issue 3's acceptance, driven the way a Docker user drives it: the unmodified docker CLI against
// the control plane's Engine API, with a real 3-host lab; every check is made from inside the
// sandboxes or from the root namespace over the lab's underlay.

const prefix = `syd${process.pid % 1000}`;
const subnet = '192.168.89.0/24';
const host1 = `${prefix}-host1`;
const host1Address = '192.168.89.11';
const host2Address = '192.168.89.12';
let dataDir: string;
let controlPlane: RunningControlPlane;
let dockerHost: string;
let peerServer: ChildProcess | undefined;

const docker = dockerCli(() => dockerHost);
const inContainer = execIn(() => dataDir);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-docker-'));
  controlPlane = await startControlPlane({ dataDir, port: 0, dockerTlsListen: 'off' });
  dockerHost = controlPlane.dockerHost ?? '';
  await labUp({ prefix, hosts: 3, subnet, dataDir, quiet: true });
  // A peer on host2 that tells each client the address it came from: egress shows up masqueraded.
  peerServer = spawn('ip', [
    'netns',
    'exec',
    `${prefix}-host2`,
    process.execPath,
    '-e',
    "require('http').createServer((q,s)=>s.end(q.socket.remoteAddress)).listen(9999, '0.0.0.0')",
  ]);
}, 120_000);

afterAll(async () => {
  peerServer?.kill();
  for (const name of ['web', 'tool', 'other', 'pub', 'isolated']) await docker('rm', '-f', name);
  for (const name of ['front', 'back', 'sealed']) await docker('network', 'rm', name);
  await labDown({ prefix, dataDir });
  await controlPlane.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe('the docker CLI against a 3-host lab', () => {
  it('creates user-defined bridge networks on one host and refuses bad input naming the problem', async () => {
    await ok(docker('network', 'create', '--label', `com.switchyard.node=${host1}`, 'front'));
    await ok(
      docker(
        'network',
        'create',
        '--label',
        `com.switchyard.node=${host1}`,
        '--subnet',
        '172.30.0.0/16',
        'back',
      ),
    );
    await ok(docker('network', 'create', '--label', `com.switchyard.node=${host1}`, '--internal', 'sealed'));
    const listed = await ok(docker('network', 'ls', '--format', '{{.Name}} {{.Driver}} {{.Scope}}'));
    expect(listed.split('\n')).toEqual(
      expect.arrayContaining(['bridge bridge local', 'front bridge local', 'back bridge local']),
    );

    const overlap = await docker('network', 'create', '--subnet', '172.30.1.0/24', 'clash');
    expect(overlap.code).not.toBe(0);
    expect(overlap.stderr).toMatch(/overlap/i);
    const badCidr = await docker('network', 'create', '--subnet', '300.1.0.0/16', 'bad');
    expect(badCidr.code).not.toBe(0);
    expect(badCidr.stderr).toMatch(/subnet/i);
    const duplicate = await docker('network', 'create', 'front');
    expect(duplicate.stderr).toMatch(/already exists/);
    const driver = await docker('network', 'create', '-d', 'warp', 'w');
    expect(driver.stderr).toMatch(/warp/);
  });

  it('runs whoami and toolbox containers that find each other by name on their network only', async () => {
    await ok(docker('run', '-d', '--name', 'web', '--network', 'front', 'switchyard/whoami'));
    await ok(docker('run', '-d', '--name', 'tool', '--network', 'front', 'switchyard/toolbox'));
    await ok(docker('run', '-d', '--name', 'other', '--network', 'back', 'switchyard/toolbox'));
    const webAddress = await ok(
      docker('inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', 'web'),
    );
    expect(webAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);

    const answer = await eventually('dig from tool', async () => {
      const result = await inContainer('tool', 'dig', '+short', '+time=1', '+tries=1', 'web');
      return result.stdout === webAddress ? result.stdout : undefined;
    });
    expect(answer).toBe(webAddress);
    const across = await inContainer('other', 'dig', '+time=1', '+tries=1', 'web');
    expect(across.stdout).toContain('NXDOMAIN');

    const page = await eventually('whoami by name', async () => {
      const result = await inContainer('tool', 'curl', '-s', '--max-time', '2', 'http://web/');
      return result.code === 0 ? result.stdout : undefined;
    });
    expect(page).toContain('Hostname: web');
    const blocked = await inContainer('other', 'curl', '-s', '--max-time', '2', `http://${webAddress}/`);
    expect(blocked.code).not.toBe(0);
  });

  it('publishes a port on the host underlay address and masquerades egress; internal has none', async () => {
    await ok(
      docker('run', '-d', '--name', 'pub', '--network', 'front', '-p', '8080:80', 'switchyard/whoami'),
    );
    const published = await eventually('the published port', async () => {
      const result = await outcome('curl', ['-s', '--max-time', '2', `http://${host1Address}:8080/`]);
      return result.code === 0 ? result.stdout : undefined;
    });
    expect(published).toContain('Hostname: pub');

    const seenAs = await inContainer('tool', 'curl', '-s', '--max-time', '3', `http://${host2Address}:9999/`);
    expect(seenAs.stdout).toBe(host1Address);

    await ok(docker('run', '-d', '--name', 'isolated', '--network', 'sealed', 'switchyard/toolbox'));
    await eventually('isolated running', async () =>
      (await docker('inspect', '-f', '{{.State.Status}}', 'isolated')).stdout === 'running'
        ? true
        : undefined,
    );
    const egress = await inContainer(
      'isolated',
      'curl',
      '-s',
      '--max-time',
      '2',
      `http://${host2Address}:9999/`,
    );
    expect(egress.code).not.toBe(0);
  });

  it('refuses to remove a network with endpoints, then leaves nothing behind once they are gone', async () => {
    const busy = await docker('network', 'rm', 'front');
    expect(busy.code).not.toBe(0);
    expect(busy.stderr).toMatch(/active endpoints/);

    await ok(docker('rm', '-f', 'web', 'tool', 'other', 'pub', 'isolated'));
    expect(await ok(docker('ps', '-aq'))).toBe('');
    await ok(docker('network', 'rm', 'front', 'back', 'sealed'));

    await eventually('the host to be clean', async () => {
      const links = await outcome('ip', ['netns', 'exec', host1, 'ip', '-o', 'link', 'show']);
      const leftLinks = links.stdout.split('\n').filter((line) => /veth|br-/.test(line));
      const namespaces = (await outcome('ip', ['netns', 'list'])).stdout
        .split('\n')
        .filter((line) => line.startsWith(`${host1}-sb-`));
      // The predefined bridge (docker0) stays; nothing may still mention the removed br-* bridges.
      const rules = (await outcome('ip', ['netns', 'exec', host1, 'nft', 'list', 'ruleset'])).stdout;
      const netnsFiles = existsSync('/etc/netns')
        ? readdirSync('/etc/netns').filter((name) => name.startsWith(`${host1}-sb-`))
        : [];
      const clean = leftLinks.length === 0 && namespaces.length === 0 && netnsFiles.length === 0;
      return clean && !rules.includes('br-') ? true : undefined;
    });
  });

  it('lab down with containers still running leaves no namespace or sandbox file behind', async () => {
    await ok(docker('run', '-d', '--name', 'last', 'switchyard/toolbox'));
    await eventually('last running', async () =>
      (await docker('inspect', '-f', '{{.State.Status}}', 'last')).stdout === 'running' ? true : undefined,
    );
    await labDown({ prefix, dataDir });
    const namespaces = (await outcome('ip', ['netns', 'list'])).stdout;
    expect(namespaces.split('\n').filter((line) => line.startsWith(`${prefix}-`))).toEqual([]);
    const files = existsSync('/etc/netns') ? readdirSync('/etc/netns') : [];
    expect(files.filter((name) => name.startsWith(`${prefix}-`))).toEqual([]);
  });
});
