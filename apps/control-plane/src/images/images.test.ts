import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:https';
import { imageConfigSchema, type ImageView } from '@switchyard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFetch, type EngineFetch } from '../test-support/docker-api/engine-fetch.js';
import { dockerArchive } from '../test-support/images/archive-fixture.js';
import type { FakeAgent } from '../test-support/fake-agent.js';
import {
  closeTestCluster,
  startTestCluster,
  testAdminPassword,
  until,
  type TestCluster,
} from '../test-support/test-cluster.js';
import { caCertificatePath } from '../pki/cluster-ca.js';
import { shortId } from './references.js';

// Images end to end through the real control plane with fake agents: two hosts with a container
// runtime (h1, h2) and one without (h3). The agents import whatever their document lists at once,
// unless a test makes one fail.

let cluster: TestCluster;
let engine: EngineFetch;
let h1: FakeAgent;
let h2: FakeAgent;
let cookie = '';
const web = dockerArchive('sy/web:1', {
  Cmd: ['httpd', '-f'],
  Env: ['PATH=/bin'],
  ExposedPorts: { '80/tcp': {} },
  Healthcheck: { Test: ['CMD-SHELL', 'wget -q -O- localhost'], Interval: 2e9 },
});

beforeAll(async () => {
  cluster = await startTestCluster('images', { engineApi: true, imageLoadWaitMs: 1_500 });
  const fetchEngine = engineFetch(cluster.controlPlane.dockerHost);
  engine = (path, init) => fetchEngine(`/v1.47${path}`, init);
  const containerd = { capabilities: ['nftables' as const, 'containerd' as const] };
  h1 = await cluster.join('h1', [], containerd);
  h2 = await cluster.join('h2', [], containerd);
  await cluster.join('h3', []);
  const login = await fetch(`${cluster.controlPlane.url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
  });
  cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
}, 60_000);

afterAll(() => closeTestCluster(cluster));

const load = (archive: Buffer) =>
  engine('/images/load?quiet=1', {
    method: 'POST',
    headers: { 'content-type': 'application/x-tar' },
    body: new Uint8Array(archive),
  });

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;

async function trpcQuery<T>(path: string): Promise<T> {
  const response = await fetch(`${cluster.controlPlane.url}/trpc/${path}`, { headers: { cookie } });
  return ((await response.json()) as { result: { data: T } }).result.data;
}

describe('docker load and the image store', () => {
  it('loads an archive and answers once every container host holds it', async () => {
    const response = await load(web.archive);
    expect(response.status).toBe(200);
    expect(
      (await response.text())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([{ stream: 'Loaded image: sy/web:1\n' }]);
    // Kept for the agents, readable by the owner alone.
    const store = join(cluster.dataDir, 'images');
    expect(statSync(store).mode & 0o777).toBe(0o700);
    expect(readdirSync(store).map((name) => statSync(join(store, name)).mode & 0o777)).toEqual([0o600]);
    // Only the hosts with a container runtime are told to hold it.
    expect(h1.desired?.images.map((image) => image.id)).toEqual([web.id]);
    expect(cluster.agents.find((agent) => agent.name === 'h3')?.desired?.images).toEqual([]);
  });

  it('lists it with its hosts, built-in images first', async () => {
    const images = await json<{ Id: string; RepoTags: string[]; Labels: Record<string, string> }[]>(
      await engine('/images/json'),
    );
    expect(images.map((image) => image.RepoTags[0])).toEqual([
      'switchyard/whoami:latest',
      'switchyard/toolbox:latest',
      'sy/web:1',
    ]);
    expect(images[2]).toMatchObject({ Id: web.id, Labels: { 'com.switchyard.hosts': 'h1,h2' } });
    const views = await trpcQuery<ImageView[]>('images.list');
    expect(views.map((view) => [view.source, view.runtime])).toEqual([
      ['builtin', 'process'],
      ['builtin', 'process'],
      ['archive', 'containerd'],
    ]);
    expect(views[2]?.hosts.map((host) => [host.name, host.present])).toEqual([
      ['h1', true],
      ['h2', true],
    ]);
  });

  it("inspects it in Docker's shape", async () => {
    const image = await json<Record<string, unknown>>(await engine('/images/sy/web:1/json'));
    expect(image).toMatchObject({
      Id: web.id,
      RepoTags: ['sy/web:1'],
      Config: {
        Cmd: ['httpd', '-f'],
        Env: ['PATH=/bin'],
        ExposedPorts: { '80/tcp': {} },
        Healthcheck: { Test: ['CMD-SHELL', 'wget -q -O- localhost'], Interval: 2e9 },
      },
      RootFS: { Type: 'layers' },
    });
    expect((await engine('/images/nope/json')).status).toBe(404);
  });

  it('refuses a bad archive naming what is wrong, and keeps nothing of it', async () => {
    const response = await load(Buffer.from('not a tar at all, just text'.padEnd(2048, '.')));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/^not a tar archive/);
  });
});

describe('running an image', () => {
  it('places a container on a host that holds the image, its workload resolved from the image', async () => {
    const response = await engine('/containers/create?name=webc', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Image: 'sy/web:1',
        Cmd: ['httpd', '-p', '8080'],
        Env: ['MODE=x'],
        HostConfig: { PublishAllPorts: true },
      }),
    });
    expect(response.status).toBe(201);
    const view = await cluster.controlPlane.services.containers.get('webc');
    expect(['h1', 'h2']).toContain(view.nodeName);
    const agent = view.nodeName === 'h1' ? h1 : h2;
    const sandbox = await until(() =>
      agent.desired?.sandboxes.find((candidate) => candidate.name === 'webc'),
    );
    expect(sandbox.workload).toEqual({
      image: 'sy/web:1',
      runtime: 'containerd',
      imageId: web.id,
      command: ['httpd', '-p', '8080'],
      env: { PATH: '/bin', MODE: 'x' },
      user: '',
      workingDir: '',
      stopSignal: 'SIGTERM',
      stopTimeoutSeconds: 10,
    });
    // The image's HEALTHCHECK, and -P publishing its EXPOSE.
    expect(sandbox.healthCheck).toMatchObject({
      kind: 'command',
      command: ['sh', '-c', 'wget -q -O- localhost'],
      intervalMs: 2_000,
    });
    expect(sandbox.ports.map((port) => port.containerPort)).toEqual([80]);
  });

  it('refuses a host without a container runtime, saying why', async () => {
    const response = await engine('/containers/create', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Image: 'sy/web:1', Labels: { 'com.switchyard.node': 'h3' } }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      message: 'image sy/web:1 cannot run on h3: h3 has no container runtime',
    });
  });

  it('refuses to remove an image a container uses unless forced; a second tag is only untagged', async () => {
    const container = await cluster.controlPlane.services.containers.get('webc');
    const refused = await engine('/images/sy/web:1', { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({
      message: `conflict: unable to remove repository reference "sy/web:1" (must force) - container ${container.id.slice(0, 12)} is using its referenced image ${shortId(web.id)}`,
    });
    expect((await engine('/images/sy/web:1/tag?repo=sy/web&tag=2', { method: 'POST' })).status).toBe(201);
    const untagged = await engine('/images/sy/web:2', { method: 'DELETE' });
    expect(await untagged.json()).toEqual([{ Untagged: 'sy/web:2' }]);
  });

  it('leaves a service pending when no host holds its image, naming every host and why', async () => {
    const broken = dockerArchive('sy/broken:1');
    h1.imageErrors.set(broken.id, 'disk full');
    h2.imageErrors.set(broken.id, 'disk full');
    const response = await load(broken.archive);
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      { stream: 'Loaded image: sy/broken:1\n' },
      {
        errorDetail: {
          message: 'loaded, but not yet on every container host: h1 (disk full); h2 (disk full)',
        },
        error: 'loaded, but not yet on every container host: h1 (disk full); h2 (disk full)',
      },
    ]);
    await cluster.controlPlane.services.services.create(
      { name: 'brokensvc', image: 'sy/broken:1', replicas: 1 },
      'admin',
    );
    const view = await until(async () => {
      const service = await cluster.controlPlane.services.services.get('brokensvc');
      return service.pending.length > 0 ? service : undefined;
    });
    expect(view.pending).toEqual([
      'slot 1: image sy/broken:1 is not on any ready host: h1 has not loaded it (disk full); h2 has not loaded it (disk full); h3 has no container runtime',
    ]);
    expect(view.tasks).toEqual([]);
    // `docker service ps` shows the slot as Docker does: pending, with why.
    const filters = encodeURIComponent(JSON.stringify({ service: { brokensvc: true } }));
    const tasks = await json<{ Status: { State: string; Err?: string } }[]>(
      await engine(`/tasks?filters=${filters}`),
    );
    expect(tasks.map((task) => task.Status)).toMatchObject([
      { State: 'pending', Err: view.pending[0]?.replace(/^slot 1: /, '') },
    ]);
    await cluster.controlPlane.services.services.remove(view.id, 'admin');
  });
});

describe('docker pull', () => {
  it("passes the agent's words on, naming the host", async () => {
    const response = await engine('/images/create?fromImage=sy%2Fremote&tag=1', { method: 'POST' });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { message: string }).message).toBe(
      'registry-1.docker.io is not reachable from h1: pulling sy/remote:1: dial tcp: lookup registry-1.docker.io: no such host',
    );
  });

  it('records a pulled image with its registry as the source, for every host to pull', async () => {
    const id = `sha256:${'d'.repeat(64)}` as const;
    h1.pull = () => ({ ok: true, id, config: imageConfigSchema.parse({ cmd: ['sleep', '1d'] }), size: 1234 });
    const response = await engine('/images/create?fromImage=sy%2Fremote&tag=1', { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Status: Downloaded newer image for sy/remote:1');
    await until(() =>
      h2.desired?.images.find((image) => image.id === id && image.source.kind === 'registry'),
    );
  });
});

describe('the agents’ download and the dashboard’s upload', () => {
  const download = (path: string, tls: { cert?: string; key?: string }) =>
    new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
      const url = new URL(path, cluster.controlPlane.url.replace(/^http:/, 'https:'));
      const req = request(
        url,
        { ca: readFileSync(caCertificatePath(cluster.dataDir), 'utf8'), ...tls },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        },
      );
      req.on('error', reject);
      req.end();
    });

  it('serves a loaded archive to a node certificate only', async () => {
    const cert = h1.welcome?.certificate?.certPem ?? '';
    const served = await download(`/agent/images/${web.id}`, { cert, key: h1.keyPem });
    expect(served.status).toBe(200);
    expect(served.body.equals(web.archive)).toBe(true);
    expect((await download(`/agent/images/${web.id}`, {})).status).toBe(403);
    expect((await fetch(`${cluster.controlPlane.url}/agent/images/${web.id}`)).status).toBe(403);
  });

  it('loads an upload for an operator with a session, and refuses others', async () => {
    const upload = (headers: Record<string, string>, body: Buffer) =>
      fetch(`${cluster.controlPlane.url}/ui/images/load`, {
        method: 'POST',
        headers,
        body: new Uint8Array(body),
      });
    const ui = dockerArchive('sy/ui:1');
    const loaded = await upload({ cookie, 'content-type': 'application/x-tar' }, ui.archive);
    expect(loaded.status).toBe(200);
    expect(await loaded.json()).toEqual({ images: [{ id: ui.id, references: ['sy/ui:1'] }] });
    const bad = await upload({ cookie, 'content-type': 'application/x-tar' }, Buffer.alloc(1024));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: {
        message: 'not a docker-archive or OCI layout: no manifest.json or index.json',
        field: 'archive',
      },
    });
    expect((await upload({ 'content-type': 'application/x-tar' }, ui.archive)).status).toBe(401);
    expect((await upload({ cookie, 'content-type': 'text/plain' }, ui.archive)).status).toBe(415);
    expect(
      (
        await upload(
          { cookie, 'content-type': 'application/x-tar', origin: 'https://evil.example' },
          ui.archive,
        )
      ).status,
    ).toBe(403);
  });
});
