import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { labDown, labUp } from '@switchyard/cli';
import { dockerCli, eventually, execIn, ok, outcome } from '../cluster/test-support/cluster.js';

// Issue 15's compose acceptance, driven as a user drives it: Debian's docker-compose 1.29 against the
// Engine API of a control plane with a real 2-host lab, on a two-service fixture; every check is made
// from inside the sandboxes, from the root namespace over the underlay, or in the hosts' kernels.

const prefix = `syk${process.pid % 1000}`;
const subnet = '192.168.84.0/24';
const hosts = [`${prefix}-host1`, `${prefix}-host2`];
const project = 'shop';
const composeFile = join(import.meta.dirname, 'fixtures/two-services/docker-compose.yml');
let dataDir: string;
let controlPlane: RunningControlPlane;
let dockerHost: string;

const docker = dockerCli(() => dockerHost);
const inContainer = execIn(() => dataDir);
const compose = (...args: string[]) =>
  outcome('docker-compose', ['-H', dockerHost, '-f', composeFile, '-p', project, '--no-ansi', ...args]);

/** The lab host a container runs on, from its sandbox key (`<host>-sb-<id>`), with its underlay address. */
async function hostOf(container: string): Promise<{ name: string; address: string }> {
  const key = await ok(docker('inspect', '-f', '{{.NetworkSettings.SandboxKey}}', container));
  const index = hosts.findIndex((host) => key.startsWith(`${host}-sb-`));
  expect(index, key).toBeGreaterThanOrEqual(0);
  return { name: hosts[index] ?? '', address: `192.168.84.${11 + index}` };
}

const dig = async (name: string) =>
  (await inContainer(`${project}_tool_1`, 'dig', '+short', '+time=1', '+tries=1', name)).stdout;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-compose-'));
  controlPlane = await startControlPlane({ dataDir, port: 0, dockerTlsListen: 'off' });
  dockerHost = controlPlane.dockerHost ?? '';
  await labUp({ prefix, hosts: hosts.length, subnet, dataDir, quiet: true });
}, 120_000);

afterAll(async () => {
  await compose('down');
  await labDown({ prefix, dataDir });
  await controlPlane.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe('docker-compose 1.29 against a 2-host lab', () => {
  it('brings the project up with its networks, labels, environment and ports', async () => {
    await ok(compose('up', '-d'));
    const listed = await ok(compose('ps'));
    expect(listed).toMatch(new RegExp(`${project}_web_1 .* Up .*0\\.0\\.0\\.0:8081->80/tcp`));
    expect(listed).toMatch(new RegExp(`${project}_tool_1 .* Up`));
    expect(await ok(compose('ps', '--services'))).toBe('web\ntool');

    const networks = await ok(
      docker(
        'network',
        'ls',
        '--filter',
        `label=com.docker.compose.project=${project}`,
        '--format',
        '{{.Name}}',
      ),
    );
    expect(networks.split('\n').sort()).toEqual([`${project}_appnet`, `${project}_backnet`]);
    expect(await ok(docker('network', 'inspect', '-f', '{{json .Labels}}', `${project}_appnet`))).toContain(
      '"com.example.net":"app"',
    );
    expect(
      await ok(docker('network', 'inspect', '-f', '{{(index .IPAM.Config 0).Subnet}}', `${project}_backnet`)),
    ).toBe('172.27.0.0/16');

    const labels = JSON.parse(
      await ok(docker('inspect', '-f', '{{json .Config.Labels}}', `${project}_web_1`)),
    ) as Record<string, string>;
    expect(labels).toMatchObject({
      'com.docker.compose.project': project,
      'com.docker.compose.service': 'web',
      'com.example.tier': 'front',
    });
    expect(await ok(docker('inspect', '-f', '{{json .Config.Env}}', `${project}_web_1`))).toContain(
      'GREETING=hello',
    );
    expect(await ok(docker('inspect', '-f', '{{json .Config.Env}}', `${project}_tool_1`))).toContain(
      'TARGET=web',
    );
  });

  it('lets the services reach each other by service name, container name and alias', async () => {
    const webAddress = await ok(
      docker(
        'inspect',
        '-f',
        `{{(index .NetworkSettings.Networks "${project}_appnet").IPAddress}}`,
        `${project}_web_1`,
      ),
    );
    for (const name of ['web', 'frontend', `${project}_web_1`]) {
      expect(
        await eventually(`dig ${name}`, async () => ((await dig(name)) === webAddress ? name : undefined)),
      ).toBe(name);
    }
    const page = await eventually('whoami by its alias', async () => {
      const result = await inContainer(
        `${project}_tool_1`,
        'curl',
        '-s',
        '--max-time',
        '2',
        'http://frontend/',
      );
      return result.code === 0 ? result.stdout : undefined;
    });
    expect(page).toContain(`Hostname: ${project}_web_1`);
    // tool is on backnet too, with the fixture's subnet.
    expect(
      await ok(
        docker(
          'inspect',
          '-f',
          `{{(index .NetworkSettings.Networks "${project}_backnet").IPAddress}}`,
          `${project}_tool_1`,
        ),
      ),
    ).toMatch(/^172\.27\./);
  });

  it('publishes the port on the host underlay address, and shows the logs', async () => {
    const host = await hostOf(`${project}_web_1`);
    const page = await eventually('the published port', async () => {
      const result = await outcome('curl', ['-s', '--max-time', '2', `http://${host.address}:8081/`]);
      return result.code === 0 ? result.stdout : undefined;
    });
    expect(page).toContain(`Hostname: ${project}_web_1`);
    const logs = await ok(compose('logs', '--no-color', 'web'));
    expect(logs).toMatch(/web_1 +\| .*listening on port 80/);
    expect(logs).toMatch(/web_1 +\| .*GET \//);
  });

  it('restarts the services, and recreates one with its name, alias and port', async () => {
    const before = await ok(docker('inspect', '-f', '{{.State.StartedAt}}', `${project}_web_1`));
    await ok(compose('restart'));
    expect(await ok(docker('inspect', '-f', '{{.State.StartedAt}}', `${project}_web_1`))).not.toBe(before);
    expect(await ok(compose('ps'))).toMatch(new RegExp(`${project}_web_1 .* Up`));

    // --force-recreate stops the old container, renames it aside, creates the new one, then removes the old.
    const oldId = await ok(docker('inspect', '-f', '{{.Id}}', `${project}_web_1`));
    await ok(compose('up', '-d', '--force-recreate', '--no-deps', 'web'));
    const newId = await ok(docker('inspect', '-f', '{{.Id}}', `${project}_web_1`));
    expect(newId).not.toBe(oldId);
    const ids = await ok(docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`));
    expect(ids.split('\n')).toHaveLength(2);
    const newAddress = await ok(
      docker(
        'inspect',
        '-f',
        `{{(index .NetworkSettings.Networks "${project}_appnet").IPAddress}}`,
        `${project}_web_1`,
      ),
    );
    const host = await hostOf(`${project}_web_1`);
    const page = await eventually('the recreated container by its alias and port', async () => {
      const alias = await inContainer(
        `${project}_tool_1`,
        'curl',
        '-s',
        '--max-time',
        '2',
        'http://frontend/',
      );
      const port = await outcome('curl', ['-s', '--max-time', '2', `http://${host.address}:8081/`]);
      const fresh = (page: string) => page.includes(`IP: ${newAddress}\n`);
      return alias.code === 0 && fresh(alias.stdout) && port.code === 0 && fresh(port.stdout)
        ? port.stdout
        : undefined;
    });
    expect(page).toContain(`Hostname: ${project}_web_1`);
  });

  it('takes everything down: no container, network, namespace or link left on any host', async () => {
    const networkIds = (
      await ok(
        docker(
          'network',
          'ls',
          '--filter',
          `label=com.docker.compose.project=${project}`,
          '--format',
          '{{.ID}}',
        ),
      )
    ).split('\n');
    const containerIds = (
      await ok(docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`))
    ).split('\n');
    await ok(compose('down'));

    expect(await ok(docker('ps', '-aq'))).toBe('');
    expect(await ok(compose('ps', '-q'))).toBe('');
    const left = await ok(docker('network', 'ls', '--format', '{{.Name}}'));
    expect(left.split('\n').filter((name) => name.startsWith(`${project}_`))).toEqual([]);

    await eventually('every host to be clean', async () => {
      const namespaces = (await outcome('ip', ['netns', 'list'])).stdout;
      const netnsFiles = existsSync('/etc/netns') ? readdirSync('/etc/netns') : [];
      for (const id of containerIds) {
        if (namespaces.includes(id) || netnsFiles.some((name) => name.includes(id))) return undefined;
      }
      for (const host of hosts) {
        const links = (await outcome('ip', ['-n', host, '-o', 'link', 'show'])).stdout;
        if (links.split('\n').some((line) => /veth|br-/.test(line))) return undefined;
        const rules = (await outcome('ip', ['netns', 'exec', host, 'nft', 'list', 'ruleset'])).stdout;
        if (networkIds.some((id) => rules.includes(`br-${id}`)) || rules.includes('8081')) return undefined;
      }
      return true;
    });
  });
});
