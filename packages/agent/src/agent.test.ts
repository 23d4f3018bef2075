import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentProtocolVersion, type ObservedState } from '@switchyard/contracts';
import { Server, type Socket } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAgent, type AgentOptions } from './agent.js';
import { loadCredential } from './credential.js';
import { FakeDataplane, fakeServices } from './test-support/reconcile/fake-dataplane.js';
import { FakeKernel } from './test-support/reconcile/fake-kernel.js';

/** A stand-in control plane: accepts `join-1` and the credential it hands out, refuses the rest. */
class FakeControlPlane {
  readonly tokens: string[] = [];
  readonly observed: ObservedState[] = [];
  readonly hellos: unknown[] = [];
  agent: Socket | undefined;
  heartbeats = 0;
  private readonly http: HttpServer = createServer();
  private readonly io = new Server(this.http);

  constructor() {
    const agents = this.io.of('/agent');
    agents.use((socket, next) => {
      const auth = socket.handshake.auth as { token?: unknown; hello?: unknown };
      const token = String(auth.token);
      this.hellos.push(auth.hello);
      this.tokens.push(token);
      next(token === 'join-1' || token === 'cred-1' ? undefined : new Error('join refused: unknown token'));
    });
    agents.on('connection', (socket) => {
      this.agent = socket;
      socket.on('heartbeat', () => this.heartbeats++);
      socket.on('observed', (message: ObservedState) => this.observed.push(message));
      socket.emit('welcome', {
        nodeId: 'n1',
        credential: 'cred-1',
        heartbeatIntervalMs: 30,
        resyncIntervalMs: 30,
      });
      socket.emit('desired', {
        protocolVersion: agentProtocolVersion,
        revision: 7,
        nodeId: 'n1',
        sysctls: { 'net.ipv4.ip_forward': '1' },
      });
    });
  }

  async listen(): Promise<string> {
    this.http.listen(0, '127.0.0.1');
    await once(this.http, 'listening');
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await this.io.close();
  }
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let server: FakeControlPlane;
let stateDir: string;
let options: AgentOptions;
const lines: string[] = [];

beforeEach(async () => {
  server = new FakeControlPlane();
  stateDir = await mkdtemp(join(tmpdir(), 'sy-agent-'));
  lines.length = 0;
  const dataplane = new FakeDataplane();
  options = {
    dataplane,
    ...fakeServices(dataplane.calls),
    hostNetworks: ['192.168.99.0/24'],
    joinUrl: await server.listen(),
    token: 'join-1',
    name: 'host1',
    advertiseAddress: '192.168.99.11',
    stateDir,
    capabilities: ['vxlan'],
    kernel: new FakeKernel({ 'net.ipv4.ip_forward': '0' }),
    log: (line) => lines.push(line),
  };
});

afterEach(async () => {
  await server.close();
  await rm(stateDir, { recursive: true, force: true });
});

describe('agent daemon', () => {
  it('joins, stores its credential, reconciles, heartbeats and repairs drift', async () => {
    const kernel = options.kernel as FakeKernel;
    const agent = await startAgent(options);
    await until(() => server.observed.length > 0 && server.heartbeats > 1);
    expect(server.observed[0]).toMatchObject({
      revision: 7,
      conditions: [{ object: 'sysctl/net.ipv4.ip_forward', ready: true }],
    });
    expect(kernel.values.get('net.ipv4.ip_forward')).toBe('1');
    await until(() => lines.some((line) => line.startsWith('joined control plane')));
    expect(await loadCredential(stateDir)).toEqual({
      nodeId: 'n1',
      credential: 'cred-1',
      controlPlaneUrl: options.joinUrl,
    });

    kernel.values.set('net.ipv4.ip_forward', '0');
    await until(() => server.observed.some((report) => report.driftRepaired.length > 0));
    expect(kernel.values.get('net.ipv4.ip_forward')).toBe('1');

    agent.stop();
    expect(await agent.done).toBe(0);
    expect(lines.join('\n')).not.toMatch(/cred-1|join-1/);
  });

  it('reconnects with the stored credential instead of the join token', async () => {
    const first = await startAgent(options);
    await until(() => server.observed.length > 0);
    first.stop();
    await first.done;
    await until(async () => (await loadCredential(stateDir)) !== undefined);

    const second = await startAgent({ ...options, token: 'stale-join-token' });
    await until(() => server.observed.length > 1);
    expect(server.tokens).toEqual(['join-1', 'cred-1']);
    second.stop();
    expect(await second.done).toBe(0);
  });

  it('says which subnets the host uses, answers logs through the runtime, closes it on stop', async () => {
    const agent = await startAgent(options);
    await until(() => server.agent !== undefined && server.observed.length > 0);
    expect(server.hellos[0]).toMatchObject({ hostNetworks: ['192.168.99.0/24'] });
    const reply: unknown = await server.agent?.emitWithAck('logs', { sandboxId: 's1', tail: 5 });
    expect(reply).toEqual({ ok: false, error: 'no logs in the fake runtime' });
    const calls = (options.dataplane as FakeDataplane).calls;
    expect(calls).toContain('runtime.sync ');
    agent.stop();
    expect(await agent.done).toBe(0);
    expect(calls.slice(-2).sort()).toEqual(['dns.close', 'runtime.close']);
  });

  it("logs the control plane's rejections, and says when a rejection notice is malformed", async () => {
    const agent = await startAgent(options);
    await until(() => server.agent !== undefined && server.observed.length > 0);
    server.agent?.emit('rejected', { reason: 'malformed observed message: revision: expected number' });
    server.agent?.emit('rejected', { reason: 42 });
    await until(() => lines.filter((line) => line.includes('rejected a message')).length === 2);
    expect(lines.filter((line) => line.includes('rejected a message'))).toEqual([
      'the control plane rejected a message: malformed observed message: revision: expected number',
      'the control plane rejected a message: no reason given (malformed notice: Invalid input: expected string, received number)',
    ]);
    agent.stop();
    expect(await agent.done).toBe(0);
  });

  it('exits with code 1 when the join token is refused', async () => {
    const agent = await startAgent({ ...options, token: 'wrong' });
    expect(await agent.done).toBe(1);
    expect(lines.join('\n')).toContain('join refused: unknown token');
    expect(server.tokens).toEqual(['wrong']);
  });
});
