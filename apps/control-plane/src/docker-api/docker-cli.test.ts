import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeEngineApi, type FakeEngineApi } from '../test-support/docker-api/fake-engine-api.js';

// The unmodified docker CLI against the endpoint, backed by the fake service layer: what a Docker
// user types, and what they read back. Skipped where no docker CLI is installed.

const dockerInstalled = spawnSync('docker', ['--version']).status === 0;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

let api: FakeEngineApi;
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
    api = await startFakeEngineApi();
    dockerHost = `tcp://127.0.0.1:${api.port}`;
  });

  afterAll(async () => {
    await api.stop();
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

  it('says clearly why an image that is neither built in nor loaded cannot run', async () => {
    const result = await docker('run', '-d', 'nginx');
    expect(result.code).toBe(125);
    expect(result.stderr).toContain("Unable to find image 'nginx:latest' locally");
    expect(result.stderr).toContain('cannot pull nginx:latest: no ready host has a container runtime');
  });

  it('creates a service, waits for it to converge, and lists, inspects and lists its tasks', async () => {
    await ok('network', 'create', 'appnet');
    const created = await docker(
      'service',
      'create',
      '--name',
      'web',
      '--replicas',
      '3',
      '--network',
      'appnet',
      '-p',
      '8080:80',
      'switchyard/whoami',
    );
    expect(created.code).toBe(0);
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/^[0-9a-z]{25}\noverall progress: 0 out of 3 tasks/);
    expect(created.stdout).toMatch(/verify: Service [0-9a-z]{25} converged$/);
    const table = await ok('service', 'ls');
    expect(table).toMatch(/^ID\s+NAME\s+MODE\s+REPLICAS\s+IMAGE\s+PORTS$/m);
    expect(table).toMatch(/\s+web\s+replicated\s+3\/3\s+switchyard\/whoami:latest\s+\*:8080->80\/tcp$/m);
    expect(
      await ok('service', 'ps', 'web', '--format', '{{.Name}} {{.Node}} {{.DesiredState}} {{.CurrentState}}'),
    ).toMatch(
      /^web\.1 host1 Running Running .*\nweb\.2 host2 Running Running .*\nweb\.3 host3 Running Running .*$/,
    );
    const endpoint = JSON.parse(await ok('service', 'inspect', 'web', '--format', '{{json .Endpoint}}')) as {
      Ports: unknown[];
      VirtualIPs: { NetworkID: string; Addr: string }[];
    };
    expect(endpoint.Ports).toEqual([
      { Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'ingress' },
    ]);
    expect(endpoint.VirtualIPs).toEqual([
      {
        NetworkID: await ok('network', 'inspect', 'appnet', '--format', '{{.Id}}'),
        Addr: expect.stringMatching(/^10\.0\.0\.2\/\d+$/),
      },
    ]);
  }, 30_000);

  it('scales, updates and prints the logs of a service, refusing a stale version', async () => {
    expect(await ok('service', 'scale', '--detach', 'web=5')).toBe('web scaled to 5');
    expect(await ok('service', 'ls', '--format', '{{.Replicas}}')).toBe('5/5');
    expect(
      await ok('service', 'update', '--detach', '--label-add', 'team=a', '--env-add', 'K=V', 'web'),
    ).toBe('web');
    expect(
      await ok(
        'service',
        'inspect',
        'web',
        '--format',
        '{{.Version.Index}} {{.Spec.Labels.team}} {{.Spec.TaskTemplate.ContainerSpec.Env}}',
      ),
    ).toBe('3 a [K=V]');
    const stale = await fetch(`${dockerHost.replace('tcp:', 'http:')}/v1.47/services/web/update?version=1`, {
      method: 'POST',
      // A JSON body says so: the Engine API refuses text/plain bodies (a browser form's) with 400.
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual({ message: 'update out of sequence' });
    const logs = (await ok('service', 'logs', 'web')).split('\n');
    expect(logs).toHaveLength(5);
    expect(logs[0]).toMatch(/^web\.1\.[0-9a-z]{12}@host1\s+\| GET \/ 200 from web\.1\.[0-9a-z]+$/);
  });

  it('lists, labels and drains nodes, moving tasks away', async () => {
    const nodes = await ok('node', 'ls');
    expect(nodes).toMatch(/^ID\s+HOSTNAME\s+STATUS\s+AVAILABILITY\s+MANAGER STATUS\s+ENGINE VERSION$/m);
    expect(nodes).toMatch(/\s+host1\s+Ready\s+Active\s+0\.1\.0$/m);
    expect(await ok('node', 'update', '--label-add', 'zone=east', 'host1')).toBe('host1');
    expect(await ok('node', 'inspect', 'host1', '--format', '{{.Spec.Labels.zone}} {{.Spec.Role}}')).toBe(
      'east worker',
    );
    expect(await ok('node', 'update', '--availability', 'drain', 'host3')).toBe('host3');
    expect(await ok('node', 'ls', '--filter', 'name=host3', '--format', '{{.Availability}}')).toBe('Drain');
    const placed = await ok(
      'service',
      'ps',
      'web',
      '--filter',
      'desired-state=running',
      '--format',
      '{{.Node}}',
    );
    expect(placed.split('\n').sort()).toEqual(['host1', 'host1', 'host1', 'host2', 'host2']);
    expect(
      await ok(
        'info',
        '--format',
        '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.Nodes}} {{.Swarm.Managers}}',
      ),
    ).toBe('active true 3 1');
  });

  it('removes a service and answers Docker errors for missing ones', async () => {
    expect(await ok('service', 'rm', 'web')).toBe('web');
    expect(await ok('service', 'ls', '-q')).toBe('');
    const missing = await docker('service', 'scale', 'web=2');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('service web not found');
  });
});
