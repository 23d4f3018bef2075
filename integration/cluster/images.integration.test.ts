import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { labDown, labUp } from '@switchyard/cli';
import { buildBusyboxArchive, type BuiltArchive } from '../../scripts/images/busybox-archive.js';
import { dockerCli, dockerTerminal, eventually, execIn, ok, outcome } from './test-support/cluster.js';

// Issue 15's images, driven with the unmodified docker CLI against a real 4-host lab whose hosts
// 1-3 run containerd (the lab's private one, a namespace per host) and host4 has none: the
// busybox image is loaded, listed with its hosts, run on a user bridge and as a service, and the
// checks are made from inside the sandboxes and from the root namespace over the underlay.

const prefix = `syi${process.pid % 1000}`;
const subnet = '192.168.67.0/24';
const host = (n: number) => `${prefix}-host${n}`;
const hostAddress = (n: number) => `192.168.67.${10 + n}`;
const image = 'switchyard/busybox-httpd:latest';
let dataDir: string;
let controlPlane: RunningControlPlane;
let dockerHost: string;
let containerdAddress: string;
let archive: BuiltArchive;

const docker = dockerCli(() => dockerHost);
const inContainer = execIn(() => dataDir);
const lines = (text: string) => text.split('\n').filter(Boolean).sort();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-images-'));
  archive = buildBusyboxArchive(join(dataDir, 'busybox.tar'));
  controlPlane = await startControlPlane({ dataDir, port: 0, dockerTlsListen: 'off' });
  dockerHost = controlPlane.dockerHost ?? '';
  const lab = await labUp({ prefix, hosts: 4, subnet, dataDir, quiet: true, withoutContainerd: [host(4)] });
  containerdAddress = lab.containerd?.address ?? '';
}, 180_000);

afterAll(async () => {
  await docker('service', 'rm', 'bsvc');
  for (const name of ['web', 'tool', 'tool2']) await docker('rm', '-f', name);
  for (const name of ['front', 'ov']) await docker('network', 'rm', name);
  await docker('rmi', '-f', image);
  await labDown({ prefix, dataDir });
  await controlPlane.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 180_000);

describe('images on a 4-host lab, host4 without containerd', () => {
  it('docker load answers once every containerd host holds the image', async () => {
    const loaded = await ok(docker('load', '-i', archive.path));
    expect(loaded).toBe(`Loaded image: ${image}`);
  }, 180_000);

  it('lists it with the hosts that hold it, and inspects it', async () => {
    const listed = await ok(docker('images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}'));
    expect(lines(listed)).toEqual(
      expect.arrayContaining([`${image} ${archive.imageId.slice('sha256:'.length, 'sha256:'.length + 12)}`]),
    );
    const labels = await ok(
      docker(
        'image',
        'inspect',
        image,
        '--format',
        '{{.Id}} {{json .Config.Cmd}} {{json .Config.ExposedPorts}}',
      ),
    );
    expect(labels).toBe(`${archive.imageId} ["httpd","-f","-v","-p","80","-h","/www"] {"80/tcp":{}}`);
    // The Engine API's image list names the hosts holding each image in a label.
    const listing = await ok(
      outcome('curl', [
        '-s',
        '--unix-socket',
        dockerHost.slice('unix://'.length),
        'http://localhost/v1.47/images/json',
      ]),
    );
    const summary = (JSON.parse(listing) as { RepoTags: string[]; Labels: Record<string, string> }[]).find(
      (entry) => entry.RepoTags.includes(image),
    );
    expect(summary?.Labels['com.switchyard.hosts']?.split(',').sort()).toEqual([host(1), host(2), host(3)]);
  });

  it('runs it on a user bridge with -p: a toolbox reaches it by name, the published port answers from the root namespace', async () => {
    await ok(docker('network', 'create', '--label', `com.switchyard.node=${host(1)}`, 'front'));
    await ok(docker('run', '-d', '--name', 'web', '--network', 'front', '-p', '18080:80', image));
    await ok(docker('run', '-d', '--name', 'tool', '--network', 'front', 'switchyard/toolbox'));
    const page = await eventually('web to answer by name', async () => {
      const result = await inContainer('tool', 'curl', '-s', '--max-time', '2', 'http://web/');
      return result.code === 0 ? result.stdout : undefined;
    });
    expect(page).toBe('hello from busybox httpd');
    const published = await eventually('the published port to answer', async () => {
      const result = await outcome('curl', ['-s', '--max-time', '2', `http://${hostAddress(1)}:18080/`]);
      return result.code === 0 ? result.stdout : undefined;
    });
    expect(published).toBe('hello from busybox httpd');
  });

  it('shows only the container’s own processes inside it', async () => {
    const processes = await ok(docker('exec', 'web', 'ps', '-o', 'pid,comm'));
    const commands = processes
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/)[1]);
    expect(commands.sort()).toEqual(['httpd', 'ps']);
  });

  it('gives docker exec -it an interactive shell in the container', async () => {
    const session = await dockerTerminal(() => dockerHost)(
      ['exec', '-it', 'web', 'sh'],
      'hostname; echo in-$((6*7)); exit\n',
    );
    expect(session.code, session.stdout).toBe(0);
    expect(session.stdout).toMatch(/in-42/);
  });

  it('runs docker run --rm in the foreground: prints, exits, leaves nothing', async () => {
    const before = await ok(docker('ps', '-aq'));
    expect(await ok(docker('run', '--rm', image, 'echo', 'hi'))).toBe('hi');
    expect(await ok(docker('ps', '-aq'))).toBe(before);
  });

  it('refuses to remove the image while a container uses it', async () => {
    const refused = await docker('rmi', image);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(
      new RegExp(
        `conflict: unable to remove repository reference "${image}" \\(must force\\) - container [0-9a-f]{12} is using its referenced image [0-9a-f]{12}`,
      ),
    );
  });

  it('kills on docker rm -f, as Docker does, rather than waiting out the stop timeout', async () => {
    await ok(docker('run', '-d', '--name', 'doomed', '-l', `com.switchyard.node=${host(1)}`, image));
    const id = await ok(docker('inspect', '-f', '{{.Id}}', 'doomed'));
    const tasks = () =>
      outcome('ctr', ['-a', containerdAddress, '-n', `switchyard-${host(1)}`, 'tasks', 'ls', '-q']).then(
        (listed) => listed.stdout,
      );
    await eventually('its task to start', async () => ((await tasks()).includes(id) ? true : undefined));
    await ok(docker('rm', '-f', 'doomed'));
    // busybox httpd as PID 1 ignores SIGTERM: only a kill ends it within the stop timeout.
    await eventually('its task to end', async () => ((await tasks()).includes(id) ? undefined : true), 4_000);
  });

  it('says which host could not reach the registry on a pull', async () => {
    const pulled = await docker('pull', 'nginx:1.25');
    expect(pulled.code).not.toBe(0);
    expect(pulled.stderr).toMatch(
      new RegExp(`registry-1\\.docker\\.io is not reachable from ${prefix}-host[123]`),
    );
  });

  it('spreads a service over the three containerd hosts, answers its VIP and tasks., scales, and gives host4 nothing', async () => {
    await ok(docker('network', 'create', '-d', 'overlay', '--attachable', 'ov'));
    await ok(docker('service', 'create', '--name', 'bsvc', '--replicas', '3', '--network', 'ov', image));
    const nodes = async () =>
      lines(
        await ok(
          docker('service', 'ps', 'bsvc', '--filter', 'desired-state=running', '--format', '{{.Node}}'),
        ),
      );
    expect(new Set(await nodes())).toEqual(new Set([host(1), host(2), host(3)]));
    await ok(docker('run', '-d', '--name', 'tool2', '--network', 'ov', 'switchyard/toolbox'));
    await eventually('three tasks in DNS', async () =>
      lines((await inContainer('tool2', 'dig', '+short', '+time=1', '+tries=1', 'tasks.bsvc')).stdout)
        .length === 3
        ? true
        : undefined,
    );
    const viaVip = await eventually('the VIP to answer', async () => {
      const result = await inContainer('tool2', 'curl', '-s', '--max-time', '2', 'http://bsvc/');
      return result.code === 0 ? result.stdout : undefined;
    });
    expect(viaVip).toBe('hello from busybox httpd');
    await ok(docker('service', 'scale', 'bsvc=5'));
    await eventually('five tasks in DNS', async () =>
      lines((await inContainer('tool2', 'dig', '+short', '+time=1', '+tries=1', 'tasks.bsvc')).stdout)
        .length === 5
        ? true
        : undefined,
    );
    expect(await nodes()).not.toContain(host(4));
    await ok(docker('service', 'scale', 'bsvc=2'));
    await eventually('two tasks in DNS', async () =>
      lines((await inContainer('tool2', 'dig', '+short', '+time=1', '+tries=1', 'tasks.bsvc')).stdout)
        .length === 2
        ? true
        : undefined,
    );
  }, 180_000);
});
