import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec, ipJson, listNetns } from '@switchyard/agent';
import { createSecureContext } from 'node:tls';
import {
  CertificateAuthority,
  certificateRoles,
  createAuthority,
  createTlsListener,
  formatJoinToken,
  generateKeyPair,
  privateKeyPem,
  readCsr,
} from '@switchyard/pki';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSubnet, labDown, labStatus, labUp } from './lab.js';
import { buildLabNetwork, teardownLab } from './network.js';
import { planLab } from './plan.js';

const prefix = `syt${Math.floor(Math.random() * 1e6)}`;
const subnet = '192.168.97.0/24';
let dataDir = '';

async function ping(netns: string | undefined, address: string): Promise<void> {
  const args = ['-c1', '-W1', address];
  await (netns === undefined ? exec('ping', args) : exec('ip', ['netns', 'exec', netns, 'ping', ...args]));
}

async function traces(): Promise<string[]> {
  const namespaces = (await listNetns()).map((entry) => entry.name);
  const links = (await ipJson<{ ifname: string }>(['link', 'show'])).map((entry) => entry.ifname);
  return [...namespaces, ...links].filter((name) => name.startsWith(`${prefix}-`));
}

/**
 * A stand-in control plane on the agent channel, over TLS with its own CA as the real one, reachable
 * from the lab over the underlay: it admits its join token with a CSR, issuing a node certificate.
 */
async function fakeControlPlane() {
  const ca = await CertificateAuthority.load(await createAuthority('lab test'));
  const token = formatJoinToken(ca.digest, 'o'.repeat(43));
  const keys = await generateKeyPair();
  const server = await ca.issue({
    role: certificateRoles.controlPlane,
    commonName: 'control plane',
    publicKey: keys.publicKey,
    lifetimeMs: 3_600_000,
    usage: 'server',
  });
  const context = createSecureContext({
    cert: `${server.certPem.trim()}\n${ca.certPem.trim()}\n`,
    key: await privateKeyPem(keys),
    ca: ca.certPem,
  });
  const http = createServer();
  const io = new Server(http);
  const joined = new Set<string>();
  io.of('/agent').use((socket, next) => {
    const auth = socket.handshake.auth as { token?: string };
    next(auth.token === token ? undefined : new Error('join refused: unknown token'));
  });
  io.of('/agent').on('connection', (socket) => {
    const auth = socket.handshake.auth as { csr: string; hello: { name: string } };
    joined.add(auth.hello.name);
    void readCsr(auth.csr)
      .then((publicKey) =>
        ca.issue({
          role: certificateRoles.node,
          commonName: auth.hello.name,
          publicKey,
          lifetimeMs: 3_600_000,
          usage: 'client',
        }),
      )
      .then((issued) =>
        socket.emit('welcome', {
          nodeId: socket.id,
          certificate: { certPem: issued.certPem, notAfter: issued.notAfter.toISOString() },
          heartbeatIntervalMs: 1000,
          resyncIntervalMs: 1000,
        }),
      );
  });
  const listener = createTlsListener(http, {
    secureContext: () => context,
    requestCert: true,
    plainFromLoopback: false,
  });
  listener.listen(0, '0.0.0.0');
  await once(listener, 'listening');
  return {
    port: (listener.address() as AddressInfo).port,
    token,
    otherClusterToken: formatJoinToken('0'.repeat(64), 'o'.repeat(43)),
    joined,
    close: async () => {
      listener.close();
      await io.close();
      http.closeAllConnections();
    },
  };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sy-lab-'));
});

afterAll(async () => {
  await teardownLab(prefix, dataDir);
  await rm(dataDir, { recursive: true, force: true });
});

describe('lab plumbing', () => {
  it('connects hosts to each other and to the root over the underlay, touching the root only once', async () => {
    const plan = planLab({ prefix, hosts: 3, subnet });
    await checkSubnet(plan);
    await buildLabNetwork(plan);

    for (const host of plan.hosts) {
      await ping(host.name, plan.rootAddress);
      for (const other of plan.hosts) if (other !== host) await ping(host.name, other.address);
    }
    const [first, , third] = plan.hosts;
    if (first === undefined || third === undefined) throw new Error('planned three hosts');
    await ping(undefined, third.address);

    const routes = await ipJson<{ dst: string; dev: string }>(['-4', 'route', 'show', 'dev', plan.rootLink]);
    expect(routes.map((route) => route.dst)).toEqual([subnet]);
    const hostRoutes = await ipJson<{ dst: string }>(['-4', 'route', 'show'], first.name);
    expect(hostRoutes.map((route) => route.dst)).toEqual([subnet]);
    expect((await traces()).sort()).toEqual(
      [...plan.hosts.map((host) => host.name), `${prefix}-root`, `${prefix}-underlay`].sort(),
    );

    await teardownLab(prefix, dataDir);
    expect(await traces()).toEqual([]);
  });
});

describe('lab up, status and down with real agents', () => {
  it('starts an agent per host that joins over the underlay, and removes every trace', async () => {
    const controlPlane = await fakeControlPlane();
    try {
      const joinUrl = `https://192.168.97.1:${controlPlane.port}`;
      const state = await labUp({
        prefix,
        hosts: 2,
        subnet,
        dataDir,
        joinUrl,
        token: controlPlane.token,
        quiet: true,
        withoutContainerd: [`${prefix}-host2`],
      });
      expect(state.hosts.map((host) => host.name)).toEqual([`${prefix}-host1`, `${prefix}-host2`]);
      // One containerd for the lab; host2 goes without, as a machine lacking it.
      expect(state.containerd?.address).toBe(`/run/switchyard-${prefix}/containerd.sock`);
      expect(state.hosts.map((host) => host.containerd)).toEqual([true, false]);
      const capabilities = async (host: string) =>
        /capabilities: (.*?)(;|$)/m.exec(
          await readFile(join(dataDir, 'lab', prefix, `${host}.log`), 'utf8'),
        )?.[1];
      expect(await capabilities(`${prefix}-host1`)).toContain('containerd');
      expect(await capabilities(`${prefix}-host2`)).not.toContain('containerd');
      expect([...controlPlane.joined].sort()).toEqual([`${prefix}-host1`, `${prefix}-host2`]);

      const status = await labStatus({ prefix, dataDir });
      expect(status).toMatchObject({ prefix, subnet, controlPlane: { url: null, reachable: false } });
      expect(status.hosts.map((host) => [host.underlayAddress, host.agentRunning, host.state])).toEqual([
        ['192.168.97.11', true, 'unknown'],
        ['192.168.97.12', true, 'unknown'],
      ]);

      await expect(
        labUp({
          prefix,
          hosts: 1,
          subnet,
          dataDir,
          joinUrl,
          token: controlPlane.otherClusterToken,
          quiet: true,
        }),
      ).rejects.toThrow(/exited[\s\S]*is not the cluster the token names/);
    } finally {
      await controlPlane.close();
    }
    await labDown({ prefix, dataDir });
    await labDown({ prefix, dataDir });
    expect(await traces()).toEqual([]);
    // containerd, its /run directory, its store and any mount are gone too.
    expect(existsSync(`/run/switchyard-${prefix}`)).toBe(false);
    expect(existsSync(join(dataDir, 'containerd'))).toBe(false);
    expect(await readFile('/proc/self/mountinfo', 'utf8')).not.toContain(dataDir);
    const { stdout: daemons } = await exec('ps', ['-eo', 'args']);
    expect(daemons).not.toContain(`/run/switchyard-${prefix}`);
    // Logs stay, and each host's identity (key, certificate, pinned CA) for the next lab up.
    const kept = await readdir(join(dataDir, 'lab', prefix), { withFileTypes: true });
    for (const entry of kept) {
      if (entry.isDirectory())
        expect(await readdir(join(dataDir, 'lab', prefix, entry.name))).toEqual(['tls']);
      else expect(entry.name).toMatch(/\.log$/);
    }
    expect((await labStatus({ prefix, dataDir })).hosts).toEqual([]);
  });

  it('refuses clearly when there is no control plane to join', async () => {
    await expect(labUp({ prefix, hosts: 1, subnet, dataDir, quiet: true })).rejects.toThrow(
      `no control plane is running for data dir ${dataDir}`,
    );
    expect(await traces()).toEqual([]);
  });
});
