import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDockerApiServer } from '../../docker-api/docker-api-server.js';
import type { EngineCaller } from '../../docker-api/engine-auth.js';
import { rootCaller } from '../../docker-api/engine-auth.js';
import type { EventInput } from '../../events/event-log.js';
import { ExecService } from '../../exec/exec-service.js';
import { fakeImages } from './fake-images.js';
import { FakeInventory } from './fake-inventory.js';
import { FakeSwarm } from './fake-swarm.js';

export interface FakeEngineApi {
  fake: FakeInventory;
  server: Server;
  port: number;
  /** What the endpoint recorded in the audit log (refusals). */
  events: EventInput[];
  stop(): Promise<void>;
}

/**
 * The real Engine API endpoint on a loopback port, backed by the fake service layer. Every caller
 * is `caller` (root unless told), as on the local socket; plain TCP keeps the Host check on.
 */
export async function startFakeEngineApi(
  fake = new FakeInventory(),
  caller: EngineCaller = rootCaller,
): Promise<FakeEngineApi> {
  const events: EventInput[] = [];
  const server = createDockerApiServer(
    {
      networks: fake.networks,
      containers: fake.containers,
      // No node is connected: an exec is created, and its start finds the node down.
      exec: new ExecService({
        containers: fake.containers,
        agentHub: {
          execStart: () => Promise.resolve(null),
          execInput: () => undefined,
          execResize: () => undefined,
          execKill: () => undefined,
        },
        events: { record: () => Promise.resolve() },
      }),
      autoRemover: { hold: () => () => undefined, exitCodeOf: () => undefined },
      images: fakeImages(),
      swarm: new FakeSwarm(fake),
      events: {
        record: (input) => {
          events.push(input);
          return Promise.resolve();
        },
      },
      version: '0.1.0',
      startedAt: new Date(),
    },
    { debug: false, authenticate: () => Promise.resolve(caller), checkHost: true },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const stop = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { fake, server, port: (server.address() as AddressInfo).port, events, stop };
}
