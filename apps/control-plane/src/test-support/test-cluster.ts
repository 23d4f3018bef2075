import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ControlPlaneConfig } from '../config.js';
import { startControlPlane, type RunningControlPlane } from '../control-plane.js';
import { readLocalCredentials } from '../local-credentials.js';
import { FakeAgent, type FakeAgentHost } from './fake-agent.js';
import { caCertificatePath } from '../pki/cluster-ca.js';
import { ServiceError } from '../errors.js';

// The harness of the service tests: the real control plane on a throwaway SQLite database, with
// fake agents (./fake-agent.ts) in place of real ones. No kernel is touched, so this needs no root.

/** The admin password the test control plane starts with. */
export const testAdminPassword = 'test-admin-password';

export interface TestCluster {
  controlPlane: RunningControlPlane;
  dataDir: string;
  /** Every fake agent joined, closed by closeTestCluster. */
  agents: FakeAgent[];
  /** Connects a fake agent with the join token; resolves with it once the control plane welcomes it. */
  join(name: string, hostNetworks: string[], host?: FakeAgentHost): Promise<FakeAgent>;
  /** The agent `joined` back over TLS with the certificate it was issued; not awaited. */
  reconnect(joined: FakeAgent, host?: FakeAgentHost): FakeAgent;
}

export type TestClusterOptions = Partial<Omit<ControlPlaneConfig, 'dataDir'>> & {
  /** The Engine API's unix socket in the data directory (`controlPlane.dockerHost`; see engineFetch). */
  engineApi?: boolean;
};

/**
 * Starts the control plane on a fresh `switchyard-<name>-` data directory, on a free port of
 * 127.0.0.1 with the Docker Engine API (socket and TLS) off unless `options` say otherwise.
 */
export async function startTestCluster(name: string, options: TestClusterOptions = {}): Promise<TestCluster> {
  const { engineApi = false, ...overrides } = options;
  const dataDir = mkdtempSync(join(tmpdir(), `switchyard-${name}-`));
  process.env.SWITCHYARD_ADMIN_PASSWORD = testAdminPassword;
  const controlPlane = await startControlPlane({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    dockerApiListen: engineApi ? `unix://${join(dataDir, 'docker.sock')}` : 'off',
    dockerTlsListen: 'off',
    // A fresh database has no node to wait for.
    nodeGraceMs: 0,
    ...overrides,
  });
  const token = readLocalCredentials(dataDir)?.joinToken ?? '';
  const agents: FakeAgent[] = [];
  return {
    controlPlane,
    dataDir,
    agents,
    async join(agentName, hostNetworks, host) {
      const agent = await FakeAgent.join(controlPlane.url, token, agentName, hostNetworks, host);
      agents.push(agent);
      await agent.ready();
      return agent;
    },
    reconnect(joined, host) {
      const certPem = joined.welcome?.certificate?.certPem;
      if (certPem === undefined) throw new Error(`${joined.name} was given no certificate`);
      const tls = { caPem: readFileSync(caCertificatePath(dataDir), 'utf8'), certPem, keyPem: joined.keyPem };
      const agent = new FakeAgent(
        controlPlane.url.replace(/^http:/, 'https:'),
        { tls },
        joined.name,
        [],
        host,
      );
      agents.push(agent);
      return agent;
    },
  };
}

/** Disconnects the agents, stops the control plane and removes its data directory. */
export async function closeTestCluster(cluster: TestCluster): Promise<void> {
  for (const agent of cluster.agents) agent.socket.close();
  await cluster.controlPlane.close();
  delete process.env.SWITCHYARD_ADMIN_PASSWORD;
  rmSync(cluster.dataDir, { recursive: true, force: true });
}

/** Polls `read` until it gives a value; throws when `timeoutMs` pass without one. */
export async function until<T>(
  read: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The ServiceError `action` is refused with; throws when it succeeds or fails otherwise. */
export async function refusal(action: Promise<unknown>): Promise<ServiceError> {
  try {
    await action;
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a ServiceError');
}
