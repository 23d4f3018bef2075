import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDockerApiServer } from '../../docker-api/docker-api-server.js';
import { FakeInventory } from './fake-inventory.js';
import { FakeSwarm } from './fake-swarm.js';

export interface FakeEngineApi {
  fake: FakeInventory;
  server: Server;
  port: number;
  stop(): Promise<void>;
}

/** The real Engine API endpoint on a loopback port, backed by the fake service layer. */
export async function startFakeEngineApi(fake = new FakeInventory()): Promise<FakeEngineApi> {
  const server = createDockerApiServer(
    {
      networks: fake.networks,
      containers: fake.containers,
      swarm: new FakeSwarm(fake),
      version: '0.1.0',
      startedAt: new Date(),
    },
    { debug: false },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const stop = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { fake, server, port: (server.address() as AddressInfo).port, stop };
}
