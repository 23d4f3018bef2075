import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFetch, type EngineFetch } from '../test-support/docker-api/engine-fetch.js';
import type { FakeAgent } from '../test-support/fake-agent.js';
import {
  closeTestCluster,
  startTestCluster,
  testAdminPassword,
  type TestCluster,
} from '../test-support/test-cluster.js';

// The Engine API's exec and kill against the real control plane and a fake agent (which echoes an
// exec's input, or says what it ran and exits 3): the hijacked stream as the docker CLI reads it.

let cluster: TestCluster;
let agent: FakeAgent;
let engine: EngineFetch;
let socketPath: string;

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Opens `POST /exec/{id}/start` as the CLI does: Upgrade: tcp, then the raw stream. */
function startStream(execId: string, body: unknown, input?: (send: (data: string | null) => void) => void) {
  return new Promise<{ head: string; stream: Buffer }>((resolve, reject) => {
    const socket = connect(socketPath);
    const text = JSON.stringify(body);
    socket.write(
      `POST /v1.47/exec/${execId}/start HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
    );
    let received = Buffer.alloc(0);
    let began = false;
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!began && received.includes('\r\n\r\n')) {
        began = true;
        input?.((data) => (data === null ? socket.end() : socket.write(data)));
      }
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const at = received.indexOf('\r\n\r\n');
      resolve({ head: received.subarray(0, at).toString(), stream: received.subarray(at + 4) });
    });
  });
}

async function createExec(body: unknown): Promise<string> {
  const response = await engine('/v1.47/containers/shell/exec', json(body));
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { Id: string }).Id;
}

beforeAll(async () => {
  cluster = await startTestCluster('exec-stream', { engineApi: true });
  agent = await cluster.join('exec-a', ['192.168.71.0/24'], { underlayAddress: '192.168.71.10' });
  engine = engineFetch(cluster.controlPlane.dockerHost);
  socketPath = (cluster.controlPlane.dockerHost ?? '').slice('unix://'.length);
  expect(
    (await engine('/v1.47/containers/create?name=shell', json({ Image: 'switchyard/toolbox' }))).status,
  ).toBe(201);
  expect((await engine('/v1.47/containers/shell/start', { method: 'POST' })).status).toBe(204);
}, 60_000);

afterAll(async () => {
  await closeTestCluster(cluster);
});

describe('docker exec through the Engine API', () => {
  it('streams a session without a TTY as stdout/stderr frames, and keeps its exit code', async () => {
    const id = await createExec({ Cmd: ['ls', '-l'], AttachStdout: true, AttachStderr: true });
    const { head, stream } = await startStream(id, { Detach: false, Tty: false });
    expect(head).toMatch(/^HTTP\/1.1 101 UPGRADED\r\n/);
    expect(head).toContain('Content-Type: application/vnd.docker.multiplexed-stream');
    const payload = Buffer.from('ran ls -l\n');
    expect(stream.subarray(0, 8)).toEqual(Buffer.from([2, 0, 0, 0, 0, 0, 0, payload.length]));
    expect(stream.subarray(8).toString()).toBe('ran ls -l\n');
    const inspected = (await (await engine(`/v1.47/exec/${id}/json`)).json()) as Record<string, unknown>;
    expect(inspected).toMatchObject({ ID: id, Running: false, ExitCode: 3, Pid: 42 });
  });

  it('relays input to a TTY session raw, and closes its stdin when the client closes its side', async () => {
    const id = await createExec({ Cmd: ['sh'], Tty: true, AttachStdin: true, AttachStdout: true });
    const { head, stream } = await startStream(id, { Tty: true, ConsoleSize: [24, 80] }, (send) => {
      send('echo hi\n');
      setTimeout(() => send(null), 200);
    });
    expect(head).toContain('Content-Type: application/vnd.docker.raw-stream');
    expect(stream.toString()).toBe('echo hi\n');
    const inspected = (await (await engine(`/v1.47/exec/${id}/json`)).json()) as Record<string, unknown>;
    expect(inspected).toMatchObject({ Running: false, ExitCode: 0 });
  });

  it('refuses a second start, a start without the upgrade, and bad input, naming why', async () => {
    const id = await createExec({ Cmd: ['true'], AttachStdout: true });
    const plain = await engine(`/v1.47/exec/${id}/start`, json({}));
    expect(plain.status).toBe(400);
    expect(await plain.text()).toMatch(/Upgrade: tcp/);
    await startStream(id, {});
    const again = await engine(`/v1.47/exec/${id}/start`, json({ Detach: true }));
    expect(again.status).toBe(409);
    const empty = await engine('/v1.47/containers/shell/exec', json({ Cmd: [] }));
    expect(empty.status).toBe(400);
    expect(await empty.text()).toMatch(/No exec command specified/);
    const unknown = await engine(`/v1.47/exec/${'0'.repeat(64)}/json`);
    expect(unknown.status).toBe(404);
    const resize = await engine(`/v1.47/exec/${id}/resize?h=x&w=80`, { method: 'POST' });
    expect(resize.status).toBe(400);
    expect(await resize.text()).toMatch(/invalid h/);
  });

  it('sends kill signals to the agent, refusing what is no signal', async () => {
    expect((await engine('/v1.47/containers/shell/kill?signal=SIGUSR1', { method: 'POST' })).status).toBe(
      204,
    );
    expect(agent.signals.at(-1)).toMatchObject({ signal: 'SIGUSR1' });
    const bad = await engine('/v1.47/containers/shell/kill?signal=SIG%20KILL', { method: 'POST' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/Invalid signal/);
  });

  it('lists processes with top', async () => {
    const top = await engine('/v1.47/containers/shell/top');
    expect(await top.json()).toEqual({
      Titles: ['UID', 'PID', 'CMD'],
      Processes: [['root', '7', 'sleep infinity']],
    });
  });

  it('gives the dashboard the same process list through tRPC', async () => {
    const trpcUrl = `${cluster.controlPlane.url}/trpc`;
    const login = await fetch(`${trpcUrl}/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const input = encodeURIComponent(JSON.stringify({ container: 'shell' }));
    const top = await fetch(`${trpcUrl}/containers.top?input=${input}`, { headers: { cookie } });
    expect(((await top.json()) as { result: { data: unknown } }).result.data).toEqual({
      titles: ['UID', 'PID', 'CMD'],
      processes: [['root', '7', 'sleep infinity']],
    });
  });
});
