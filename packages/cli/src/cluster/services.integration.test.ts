import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { labDown, labUp } from '../lab/index.js';
import { dockerCli, eventually, execIn, ok, outcome } from './cluster-test-support.js';

// Issue 5's acceptance through the docker CLI on a real 3-host lab: service discovery, the VIP
// balanced in the kernel, scaling, and the routing mesh, checked from inside a toolbox container.

const prefix = `sys${process.pid % 1000}`;
const subnet = '192.168.78.0/24';
const hosts = ['192.168.78.11', '192.168.78.12', '192.168.78.13'];
let dataDir: string;
let controlPlane: RunningControlPlane;
let dockerHost: string;

const docker = dockerCli(() => dockerHost);
const inTool = (...command: string[]) => execIn(() => dataDir)('tool', ...command);

const sorted = (text: string) => text.split('\n').filter(Boolean).sort();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-services-'));
  controlPlane = await startControlPlane({ dataDir, port: 0, dockerApiListen: '127.0.0.1:0' });
  dockerHost = `tcp://${controlPlane.dockerApiAddress}`;
  await labUp({ prefix, hosts: 3, subnet, dataDir, quiet: true });
}, 120_000);

afterAll(async () => {
  await docker('service', 'rm', 'web');
  await docker('rm', '-f', 'tool');
  await docker('network', 'rm', 'appnet');
  await labDown({ prefix, dataDir });
  await controlPlane.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe('a replicated service on a 3-host lab', () => {
  it('is created with the docker CLI and spread over the hosts', async () => {
    await ok(docker('network', 'create', '-d', 'overlay', '--attachable', 'appnet'));
    await ok(
      docker(
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
      ),
    );
    const nodes = await ok(
      docker('service', 'ps', 'web', '--filter', 'desired-state=running', '--format', '{{.Node}}'),
    );
    expect(new Set(sorted(nodes)).size).toBe(3);
    await ok(docker('run', '-d', '--name', 'tool', '--network', 'appnet', 'switchyard/toolbox'));
  });

  it('answers the VIP for the service name and the task addresses for tasks.<name>', async () => {
    const vip = (
      await ok(
        docker('service', 'inspect', 'web', '--format', '{{range .Endpoint.VirtualIPs}}{{.Addr}} {{end}}'),
      )
    )
      .split(' ')
      .filter(Boolean);
    const tasks = await eventually('three tasks in DNS', async () => {
      const answer = sorted((await inTool('dig', '+short', '+time=1', '+tries=1', 'tasks.web')).stdout);
      return answer.length === 3 ? answer : undefined;
    });
    const named = (await inTool('dig', '+short', '+time=1', '+tries=1', 'web')).stdout;
    expect(vip.map((cidr) => cidr.split('/')[0])).toContain(named);
    expect(tasks).not.toContain(named);
  });

  it('balances 60 requests to the VIP over all three tasks', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const page = (await inTool('curl', '-s', '--max-time', '2', 'http://web/')).stdout;
      const name = /Hostname: (\S+)/.exec(page)?.[1];
      if (name !== undefined) seen.add(name);
    }
    expect(seen.size).toBe(3);
    for (const name of seen) expect(name).toMatch(/^web\.\d\./);
  });

  it('answers the published port on every host through the routing mesh', async () => {
    for (const host of hosts) {
      const page = await eventually(`port 8080 on ${host}`, async () => {
        const result = await outcome('curl', ['-s', '--max-time', '2', `http://${host}:8080/`]);
        return result.code === 0 ? result.stdout : undefined;
      });
      expect(page).toContain('Hostname: web.');
    }
  });

  it('follows a scale to 5 and back to 2 in DNS', async () => {
    await ok(docker('service', 'scale', 'web=5'));
    await eventually('five tasks in DNS', async () =>
      sorted((await inTool('dig', '+short', '+time=1', '+tries=1', 'tasks.web')).stdout).length === 5
        ? true
        : undefined,
    );
    await ok(docker('service', 'scale', 'web=2'));
    await eventually('two tasks in DNS', async () =>
      sorted((await inTool('dig', '+short', '+time=1', '+tries=1', 'tasks.web')).stdout).length === 2
        ? true
        : undefined,
    );
  });

  it('leaves no record, VIP rule or published port behind once removed', async () => {
    const id = await ok(docker('service', 'inspect', 'web', '--format', '{{.ID}}'));
    const tool = await controlPlane.services.containers.get('tool');
    if (tool.netns === null) throw new Error('tool has no sandbox');
    const vipRules = () => outcome('ip', ['netns', 'exec', tool.netns ?? '', 'nft', 'list', 'ruleset']);
    expect((await vipRules()).stdout).toContain(`svc-${id.slice(0, 12)}`);

    await ok(docker('service', 'rm', 'web'));
    await eventually('web to leave DNS', async () =>
      (await inTool('dig', '+short', '+time=1', '+tries=1', 'tasks.web')).stdout === '' ? true : undefined,
    );
    expect((await inTool('dig', '+time=1', '+tries=1', 'web')).stdout).toContain('NXDOMAIN');
    await eventually('the VIP rules to go', async () =>
      (await vipRules()).stdout.includes(`svc-${id.slice(0, 12)}`) ? undefined : true,
    );
    for (const [i, host] of hosts.entries()) {
      const rules = await outcome('ip', [
        'netns',
        'exec',
        `${prefix}-host${i + 1}`,
        'nft',
        'list',
        'ruleset',
      ]);
      expect(rules.stdout, host).not.toMatch(/dport 8080|\b8080\b/);
      expect((await outcome('curl', ['-s', '--max-time', '2', `http://${host}:8080/`])).code, host).not.toBe(
        0,
      );
    }
  });
});
