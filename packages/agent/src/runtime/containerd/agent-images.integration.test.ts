import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  agentProtocolVersion,
  desiredStateSchema,
  imageArchivePath,
  type ObservedState,
} from '@switchyard/contracts';
import { CertificateAuthority, createAuthority } from '@switchyard/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBusyboxArchive } from '../../../../../scripts/images/busybox-archive.js';
import { startAgent, type RunningAgent } from '../../agent.js';
import { exec } from '../../osl/exec.js';
import { FakeControlPlane } from '../../test-support/fake-control-plane.js';
import { archiveDiffIds } from '../../test-support/containerd/runtime-testbed.js';
import {
  startPrivateContainerd,
  type PrivateContainerd,
} from '../../test-support/containerd/private-containerd.js';
import { FakeDataplane, fakeServices } from '../../test-support/reconcile/fake-dataplane.js';
import { FakeKernel } from '../../test-support/reconcile/fake-kernel.js';
import { bundleRootOf, removeAllContainers } from './container-driver.js';

// The agent's whole image path against a real containerd: the desired document lists an archive
// (fetched from the control plane over mTLS) and a registry image; a host-mode container of the
// archive's image waits for it, then runs.

const namespace = 'switchyard-agent-test';
let daemon: PrivateContainerd;
let server: FakeControlPlane;
let stateDir: string;
let agent: RunningAgent;
let imageId: string;

const ctr = (...args: string[]) => exec('ctr', ['-a', daemon.address, '-n', namespace, ...args]);

async function until<T>(read: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out; last observed: ${JSON.stringify(server.observed.at(-1))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const latest = (): ObservedState | undefined => server.observed.at(-1);

beforeAll(async () => {
  daemon = await startPrivateContainerd('agent');
  stateDir = await mkdtemp(path.join(tmpdir(), 'sy-agent-images-'));
  const archive = buildBusyboxArchive(path.join(stateDir, 'busybox.tar'), 'switchyard/busybox-httpd:test');
  imageId = archive.imageId;
  const digest = `sha256:${createHash('sha256')
    .update(await readFile(archive.path))
    .digest('hex')}`;
  const document = desiredStateSchema.parse({
    protocolVersion: agentProtocolVersion,
    revision: 1,
    nodeId: 'n1',
    sysctls: {},
    images: [
      {
        id: imageId,
        references: ['switchyard/busybox-httpd:test', 'busybox-web:v1'],
        diffIds: archiveDiffIds(archive.path, imageId),
        source: { kind: 'archive', digest, size: 1 },
      },
      {
        id: `sha256:${'1'.repeat(64)}`,
        references: ['nginx:1.25'],
        source: { kind: 'registry', reference: 'nginx:1.25' },
      },
    ],
    sandboxes: [
      {
        id: 'c1',
        name: 'web-1',
        hostname: 'web-1',
        netns: null,
        workload: {
          image: 'busybox-web:v1',
          command: ['sh', '-c', 'echo started as $(id -u); exec sleep 300'],
          env: { PATH: '/bin' },
          runtime: 'containerd',
          imageId,
          stopTimeoutSeconds: 1,
        },
        running: true,
        startGeneration: 1,
        restartPolicy: { name: 'no', maximumRetryCount: 0 },
        endpoints: [],
        ports: [],
        dns: { embedded: false, servers: [], search: [], records: [], srv: [] },
        virtualServices: [],
        healthCheck: null,
      },
    ],
  });
  server = new FakeControlPlane(
    await CertificateAuthority.load(await createAuthority('images test')),
    document,
  );
  server.files.set(imageArchivePath(digest), archive.path);
  const dataplane = new FakeDataplane();
  const { dns, proxy } = fakeServices(dataplane.calls);
  agent = await startAgent({
    dataplane,
    dns,
    proxy,
    hostNetworks: [],
    joinUrl: await server.listen(),
    token: server.token,
    name: 'host1',
    advertiseAddress: '192.168.99.11',
    stateDir,
    capabilities: ['containerd'],
    containerd: { address: daemon.address, namespace },
    kernel: new FakeKernel({}),
    log: () => undefined,
  });
}, 60_000);

afterAll(async () => {
  let left = '';
  try {
    agent.stop();
    await agent.done;
    await server.close();
    // The agent lets its containers run on (live restore); what --no-live-restore or `lab down` does.
    await removeAllContainers({ address: daemon.address, namespace }, bundleRootOf(stateDir));
    left = (await ctr('containers', 'ls', '-q')).stdout.trim();
  } finally {
    await daemon.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
  expect(left).toBe('');
}, 60_000);

describe('agent images on containerd', () => {
  it('fetches the archive over mTLS, imports and tags it, and reports it', async () => {
    const images = await until(() => {
      const images = latest()?.images;
      const archive = images?.find((image) => image.id === imageId);
      const registry = images?.find((image) => image.id !== imageId);
      return archive?.present === true && registry?.error !== undefined ? images : undefined;
    });
    expect(server.fetched).toHaveLength(1);
    const names = (await ctr('images', 'ls', '-q')).stdout.split('\n');
    expect(names).toEqual(
      expect.arrayContaining([
        'docker.io/switchyard/busybox-httpd:test',
        'docker.io/library/busybox-web:v1',
        `switchyard.internal/image:${imageId.slice(7)}`,
      ]),
    );
    const nginx = images.find((image) => image.references.includes('nginx:1.25'));
    expect(nginx?.present).toBe(false);
    expect(nginx?.error).toMatch(
      /^registry-1\.docker\.io is not reachable from host1 .*: ctr: failed to resolve/,
    );
  });

  it('runs the container once its image is there', async () => {
    const sandbox = await until(() =>
      latest()?.sandboxes.find((entry) => entry.id === 'c1' && entry.status === 'running'),
    );
    expect(sandbox.error).toBeUndefined();
    for (let tries = 0; !/^c1\s+\d+\s+RUNNING/m.test((await ctr('tasks', 'ls')).stdout); tries++) {
      if (tries > 100) throw new Error('no running task c1');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const logFile = path.join(stateDir, 'containerd', 'logs', 'c1.log');
    for (
      let tries = 0;
      !(await readFile(logFile, 'utf8').catch(() => '')).includes('started as 0');
      tries++
    ) {
      if (tries > 100)
        throw new Error(`c1's log lacks its output: ${await readFile(logFile, 'utf8').catch(String)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
});
