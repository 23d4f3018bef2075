import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerApiServer } from './docker-api-server.js';
import { FakeInventory } from './fake-inventory.js';

// The unmodified docker CLI against the endpoint, backed by the fake service layer: what a Docker
// user types, and what they read back. Skipped where no docker CLI is installed.

const dockerInstalled = spawnSync('docker', ['--version']).status === 0;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

let server: Server;
let dockerHost: string;
let dockerConfig: string;

function docker(...args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      'docker',
      args,
      // A throwaway config dir: no contexts or credentials of whoever runs the tests apply.
      { env: { ...process.env, DOCKER_HOST: dockerHost, DOCKER_CONFIG: dockerConfig }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout: stdout.trim(), stderr: stderr.trim() });
      },
    );
  });
}

async function ok(...args: string[]): Promise<string> {
  const result = await docker(...args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

describe.skipIf(!dockerInstalled)('docker CLI against the Engine API', () => {
  beforeAll(async () => {
    dockerConfig = mkdtempSync(join(tmpdir(), 'switchyard-docker-config-'));
    const fake = new FakeInventory();
    server = createDockerApiServer(
      { networks: fake.networks, containers: fake.containers, version: '0.1.0', startedAt: new Date() },
      { debug: false },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    dockerHost = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dockerConfig, { recursive: true, force: true });
  });

  it('negotiates the API version and shows the server', async () => {
    const version = await ok('version', '--format', '{{.Server.APIVersion}} {{.Client.APIVersion}}');
    expect(version).toBe('1.47 1.47');
    expect(await ok('info', '--format', '{{json .Plugins.Network}}')).toBe(
      '["bridge","host","macvlan","null","overlay"]',
    );
  });

  it('creates, lists, inspects and removes a network with its options', async () => {
    const id = await ok(
      'network',
      'create',
      '--subnet',
      '172.30.0.0/16',
      '--gateway',
      '172.30.0.1',
      '--ip-range',
      '172.30.1.0/24',
      '--aux-address',
      'router=172.30.0.2',
      '-o',
      'com.docker.network.driver.mtu=1400',
      '--label',
      'team=a',
      '--internal',
      'x',
    );
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const table = await ok('network', 'ls');
    expect(table.split('\n')[0]).toMatch(/^NETWORK ID\s+NAME\s+DRIVER\s+SCOPE$/);
    expect(table).toMatch(new RegExp(`^${id.slice(0, 12)}\\s+x\\s+bridge\\s+local$`, 'm'));
    expect(await ok('network', 'ls', '-q', '--filter', 'type=custom')).toBe(id.slice(0, 12));
    expect(await ok('network', 'ls', '--filter', 'label=team=a', '--format', '{{.Name}}')).toBe('x');
    const [network] = JSON.parse(await ok('network', 'inspect', 'x')) as {
      Name: string;
      Internal: boolean;
      IPAM: { Driver: string; Config: unknown[] };
      Options: Record<string, string>;
      Labels: Record<string, string>;
    }[];
    expect(network).toMatchObject({
      Name: 'x',
      Internal: true,
      IPAM: {
        Driver: 'default',
        Config: [
          {
            Subnet: '172.30.0.0/16',
            IPRange: '172.30.1.0/24',
            Gateway: '172.30.0.1',
            AuxiliaryAddresses: { router: '172.30.0.2' },
          },
        ],
      },
      Options: { 'com.docker.network.driver.mtu': '1400' },
      Labels: { team: 'a' },
    });
    expect(await ok('network', 'rm', 'x')).toBe('x');
  });

  it('prints Docker-style errors and exits 1', async () => {
    const missing = await docker('network', 'inspect', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('Error response from daemon: network nope not found');
    const bad = await docker('network', 'create', '--subnet', '300.1.0.0/16', 'y');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^Error response from daemon: invalid IPAM\.Config\[0\]\.Subnet: must be an IPv4 subnet/,
    );
    await ok('network', 'create', 'dup');
    expect((await docker('network', 'create', 'dup')).stderr).toBe(
      'Error response from daemon: network with name dup already exists',
    );
  });

  it('runs, lists, inspects, logs, stops and removes a container', async () => {
    await ok('network', 'create', 'n');
    const id = await ok(
      'run',
      '-d',
      '--name',
      'w',
      '--network',
      'n',
      '--network-alias',
      'who',
      '--hostname',
      'h',
      '-p',
      '8080:80',
      '-e',
      'K=V',
      '-l',
      'k=v',
      '--restart',
      'on-failure:3',
      'switchyard/whoami',
    );
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const ps = await ok('ps');
    expect(ps).toMatch(/CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES/);
    expect(ps).toMatch(/switchyard\/whoami .* Up .* 0\.0\.0\.0:8080->80\/tcp\s+w$/m);
    expect(await ok('ps', '-q', '--filter', 'name=w')).toBe(id.slice(0, 12));
    const inspected = await ok(
      'inspect',
      '--format',
      '{{.State.Status}} {{.Config.Hostname}} {{.HostConfig.RestartPolicy.Name}} {{(index .NetworkSettings.Networks "n").Aliases}}',
      'w',
    );
    expect(inspected).toBe('running h on-failure [who]');
    const logs = await docker('logs', '--tail', '2', 'w');
    expect(logs).toEqual({ code: 0, stdout: 'GET / 200', stderr: 'a warning' });
    expect(await ok('logs', '-t', '--tail', '1', 'w')).toBe('2026-11-28T10:00:02.000000000Z GET / 200');
    expect(await ok('stop', 'w')).toBe('w');
    expect(await ok('ps', '-a', '--format', '{{.Names}} {{.State}}')).toBe('w exited');
    expect(await ok('rm', 'w')).toBe('w');
    expect(await ok('ps', '-a', '-q')).toBe('');
  });

  it('says clearly that images other than the built-in ones cannot run', async () => {
    const result = await docker('run', '-d', 'nginx');
    expect(result.code).toBe(125);
    expect(result.stderr).toContain("Unable to find image 'nginx:latest' locally");
    expect(result.stderr).toMatch(/the process runtime runs only its built-in images/);
  });
});
