import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { agentProtocolVersion } from '@switchyard/contracts';
import { CertificateAuthority, createAuthority } from '@switchyard/pki';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent } from '../agent.js';
import { FakeControlPlane } from '../test-support/fake-control-plane.js';
import { FakeDataplane, fakeServices } from '../test-support/reconcile/fake-dataplane.js';
import { FakeKernel } from '../test-support/reconcile/fake-kernel.js';
import { route } from '../test-support/hrm/golden-meshes.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const counted = {
  routeId: 'web',
  requests: 3,
  status: { '1xx': 0, '2xx': 3, '3xx': 0, '4xx': 0, '5xx': 0 },
  avgResponseMs: 2,
};

describe('the agent and the mesh proxy', () => {
  it('sends route counters with each heartbeat while the proxy runs, and closes it on stop', async () => {
    const server = new FakeControlPlane(
      await CertificateAuthority.load(await createAuthority('heartbeat test')),
      {
        protocolVersion: agentProtocolVersion,
        revision: 1,
        nodeId: 'n1',
        sysctls: {},
        hrm: { httpPort: 80, sniPort: 443, links: [], routes: [route('web', 'www.example.com')] },
      },
      20,
    );
    const joinUrl = await server.listen();
    const heartbeats = server.heartbeats;
    const stateDir = await mkdtemp(path.join(tmpdir(), 'sy-agent-hrm-'));
    cleanups.push(
      () => server.close(),
      () => rm(stateDir, { recursive: true, force: true }),
    );

    const dataplane = new FakeDataplane();
    const services = fakeServices(dataplane.calls);
    services.proxy.counted = [counted];
    const agent = await startAgent({
      dataplane,
      ...services,
      hostNetworks: [],
      joinUrl,
      token: server.token,
      name: 'host1',
      advertiseAddress: '192.168.99.11',
      stateDir,
      capabilities: [],
      kernel: new FakeKernel(),
      log: () => undefined,
    });
    for (let waited = 0; !heartbeats.some((beat) => beat.routes !== undefined); waited += 10) {
      if (waited > 5_000) throw new Error('no heartbeat with routes');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Before the document was applied the proxy did not run: no counters then.
    expect(heartbeats[0]?.routes).toBeUndefined();
    expect(heartbeats.at(-1)?.routes).toEqual([counted]);
    agent.stop();
    expect(await agent.done).toBe(0);
    expect(services.proxy.closed).toBe(true);
  });
});
