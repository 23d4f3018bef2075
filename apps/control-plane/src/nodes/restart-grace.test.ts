import { readFileSync, rmSync } from 'node:fs';
import type { SwitchyardEvent } from '@switchyard/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { startControlPlane, type RunningControlPlane } from '../control-plane.js';
import { caCertificatePath } from '../pki/cluster-ca.js';
import { readLocalCredentials } from '../local-credentials.js';
import { FakeAgent } from '../test-support/fake-agent.js';
import { startTestCluster, until, type TestCluster } from '../test-support/test-cluster.js';

// Issue 16 item 3: a control plane started again on the same database leaves its nodes ready for
// the grace; those back in time stay so, one still away when it ends is marked down, saying why.

let cluster: TestCluster;
let restarted: RunningControlPlane | undefined;

afterAll(async () => {
  for (const agent of cluster.agents) agent.socket.close();
  await restarted?.close();
  delete process.env.SWITCHYARD_ADMIN_PASSWORD;
  rmSync(cluster.dataDir, { recursive: true, force: true });
});

describe('the grace after a control-plane start', () => {
  it('keeps every node ready through it; a node not back by its end goes down', async () => {
    cluster = await startTestCluster('restart-grace');
    const a = await cluster.join('host-a', []);
    await cluster.join('host-b', []);
    await cluster.controlPlane.close();
    for (const agent of cluster.agents) agent.socket.close();

    restarted = await startControlPlane({
      dataDir: cluster.dataDir,
      port: 0,
      host: '127.0.0.1',
      dockerApiListen: 'off',
      dockerTlsListen: 'off',
      heartbeatIntervalMs: 500,
      nodeDownAfterMs: 3_000,
      nodeGraceMs: 8_000,
    });
    const startedAt = Date.now();
    const status = async (name: string) =>
      (await restarted?.services.registry.list())?.find((node) => node.name === name)?.status;
    expect(await status('host-a')).toBe('ready');
    expect(await status('host-b')).toBe('ready');

    // host-a comes back over TLS with its certificate; host-b stays away.
    const certPem = a.welcome?.certificate?.certPem ?? '';
    const tls = {
      caPem: readFileSync(caCertificatePath(cluster.dataDir), 'utf8'),
      certPem,
      keyPem: a.keyPem,
    };
    cluster.agents.push(new FakeAgent(restarted.url.replace(/^http:/, 'https:'), { tls }, 'host-a', []));

    await new Promise((resolve) => setTimeout(resolve, 5_000));
    // Silent far longer than the node-down time, yet within the grace.
    expect(await status('host-b')).toBe('ready');
    await until(async () => ((await status('host-b')) === 'down' ? true : undefined), 6_000);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(8_000);
    expect(await status('host-a')).toBe('ready');
    const cliToken = readLocalCredentials(cluster.dataDir)?.cliToken ?? '';
    const input = encodeURIComponent(JSON.stringify({ kinds: ['node.down'], limit: 10 }));
    const reply = await fetch(`${restarted.url}/trpc/events.list?input=${input}`, {
      headers: { authorization: `Bearer ${cliToken}` },
    });
    const events = ((await reply.json()) as { result: { data: SwitchyardEvent[] } }).result.data;
    expect(events.map((event) => [event.subject, event.message])).toEqual([
      ['host-b', 'host-b is down: not back within the 8 s grace after the control plane started'],
    ]);
  }, 30_000);
});
