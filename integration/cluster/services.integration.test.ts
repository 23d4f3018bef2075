import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { labDown, labNamespaces, labStatus, labUp } from '@switchyard/cli';
import { dockerCli, eventually, execIn, ok, outcome } from './test-support/cluster.js';

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

/** Runs a command in the toolbox container's namespace directly: quicker than `switchyard exec`. */
async function toolNamespace() {
  const { netns } = await controlPlane.services.containers.get('tool');
  if (netns === null) throw new Error('tool has no sandbox');
  return (...command: string[]) => outcome('ip', ['netns', 'exec', netns, ...command]);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-services-'));
  controlPlane = await startControlPlane({ dataDir, port: 0, dockerTlsListen: 'off' });
  dockerHost = controlPlane.dockerHost ?? '';
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
    const inside = await toolNamespace();
    for (let i = 0; i < 60; i++) {
      const page = (await inside('curl', '-s', '--max-time', '2', 'http://web/')).stdout;
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

  it('drops a task that turns unhealthy from DNS and the VIP within one interval plus 2 s', async () => {
    await ok(
      docker(
        'service',
        'create',
        '--name',
        'hc',
        '--replicas',
        '3',
        '--network',
        'appnet',
        '--health-cmd',
        'switchyard-probe http 80 /health',
        '--health-interval',
        '1s',
        '--health-timeout',
        '500ms',
        '--health-retries',
        '1',
        'switchyard/whoami',
      ),
    );
    const inTool = await toolNamespace();
    const tasks = async () =>
      sorted((await inTool('dig', '+short', '+time=1', '+tries=1', 'tasks.hc')).stdout);
    const healthy = await eventually('three healthy tasks of hc in DNS', async () => {
      const answer = await tasks();
      return answer.length === 3 ? answer : undefined;
    });
    const victim = healthy[0] ?? '';
    const victimName = /Hostname: (\S+)/.exec(
      await ok(inTool('curl', '-s', '--max-time', '2', `http://${victim}/`)),
    )?.[1];
    const chain = `svc-${(await ok(docker('service', 'inspect', 'hc', '--format', '{{.ID}}'))).slice(0, 12)}`;
    const inRules = new RegExp(`${victim.replaceAll('.', '\\.')}(?!\\d)`);

    await ok(inTool('curl', '-s', '--max-time', '2', '-d', '500', `http://${victim}/health`));
    const sickAt = Date.now();
    await eventually(
      'the sick task to leave DNS and the VIP',
      async () => {
        const rules = (await inTool('nft', 'list', 'chain', 'ip', 'switchyard_lb', chain)).stdout;
        return !(await tasks()).includes(victim) && !inRules.test(rules) ? true : undefined;
      },
      10_000,
    );
    const gone = Date.now() - sickAt;
    console.log(`an unhealthy task left DNS and the VIP ${gone} ms after it broke (interval 1 s)`);
    expect(gone).toBeLessThan(1_000 + 2_000);
    for (let i = 0; i < 30; i++) {
      const page = await ok(inTool('curl', '-s', '--max-time', '2', 'http://hc/'));
      expect(page).toMatch(/Hostname: hc\./);
      expect(page).not.toContain(`Hostname: ${victimName}\n`);
    }
    // As in Swarm, the unhealthy task is failed and its slot gets a new one after the restart delay.
    await eventually('a replacement to serve in the sick task’s place', async () =>
      (await tasks()).length === 3 ? true : undefined,
    );
    const states = await ok(
      docker('service', 'ps', 'hc', '--format', '{{.Name}} {{.CurrentState}} {{.Error}}'),
    );
    expect(states).toMatch(/Failed .*task: container unhealthy/);
    await ok(docker('service', 'rm', 'hc'));
  });

  it('reschedules the tasks of a host that dies, and the VIP keeps answering', async () => {
    const tool = await controlPlane.services.containers.get('tool');
    const running = async () =>
      sorted(
        await ok(
          docker('service', 'ps', 'web', '--filter', 'desired-state=running', '--format', '{{.Node}}'),
        ),
      );
    const status = await labStatus({ prefix, dataDir });
    const taskNodes = await running();
    const victim = status.hosts.find((host) => host.name !== tool.nodeName && taskNodes.includes(host.name));
    if (victim?.agentPid == null) throw new Error('no host with a web task and a live agent to kill');

    // The host vanishes: its agent, every process in its namespaces, then the namespaces themselves.
    process.kill(victim.agentPid, 'SIGKILL');
    const doomed = (await labNamespaces(prefix)).filter(
      (name) => name === victim.name || name.startsWith(`${victim.name}-`),
    );
    const pids = (await Promise.all(doomed.map((name) => outcome('ip', ['netns', 'pids', name])))).flatMap(
      (result) => result.stdout.split('\n').filter(Boolean).map(Number),
    );
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    for (const name of doomed) await outcome('ip', ['netns', 'delete', name]);

    await eventually(
      `web's tasks to run again away from ${victim.name}`,
      async () => {
        const tasks = sorted(
          await ok(
            docker(
              'service',
              'ps',
              'web',
              '--filter',
              'desired-state=running',
              '--format',
              '{{.Node}} {{.CurrentState}}',
            ),
          ),
        );
        const elsewhere = tasks.filter((line) => !line.startsWith(`${victim.name} `));
        const runningElsewhere = elsewhere.filter((line) => / Running /.test(line));
        return tasks.length === taskNodes.length && runningElsewhere.length === tasks.length
          ? true
          : undefined;
      },
      60_000,
    );
    const inTool = await toolNamespace();
    await eventually('the VIP to answer from the survivors', async () =>
      (await inTool('curl', '-s', '--max-time', '2', 'http://web/')).code === 0 ? true : undefined,
    );
    for (let i = 0; i < 10; i++) {
      expect(await ok(inTool('curl', '-s', '--max-time', '2', 'http://web/'))).toMatch(/Hostname: web\./);
    }
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
