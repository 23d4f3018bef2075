import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  CertificateAuthority,
  certificateRoles,
  createAuthority,
  createCsr,
  generateKeyPair,
  privateKeyPem,
  readIdentity,
} from '@switchyard/pki';
import { caCertificatePath } from '../pki/cluster-ca.js';
import type { SwitchyardEvent } from '@switchyard/contracts';
import { readLocalCredentials } from '../local-credentials.js';
import { FakeAgent } from '../test-support/fake-agent.js';
import { closeTestCluster, startTestCluster, until, type TestCluster } from '../test-support/test-cluster.js';

// The agent channel's admission: a join by token and CSR, a return by certificate over mutual TLS,
// renewal, and every refusal (names taken, tokens spent, certificates revoked, subnets not a host's).

let cluster: TestCluster;
let cliToken: string;

beforeAll(async () => {
  cluster = await startTestCluster('agent-join', {
    // A closed agent is down within 4 s (its node is not marked down at the disconnect itself).
    heartbeatIntervalMs: 500,
    nodeDownAfterMs: 4_000,
  });
  cliToken = readLocalCredentials(cluster.dataDir)?.cliToken ?? '';
}, 60_000);

afterAll(() => closeTestCluster(cluster));

async function trpc<T>(path: string, input?: unknown, mutation = false): Promise<T> {
  const url = `${cluster.controlPlane.url}/trpc/${path}`;
  const headers = { authorization: `Bearer ${cliToken}`, 'content-type': 'application/json' };
  const response = mutation
    ? await fetch(url, { method: 'POST', headers, body: JSON.stringify(input ?? null) })
    : await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (body.result === undefined) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
  return body.result.data;
}

const events = () => trpc<SwitchyardEvent[]>('events.list', { limit: 500 });
const labToken = () => readLocalCredentials(cluster.dataDir)?.joinToken ?? '';
const nodeId = (name: string) =>
  cluster.controlPlane.services.registry.list().then((nodes) => nodes.find((node) => node.name === name)?.id);

/** The node's certificates as `nodes.inspect` lists them, newest first. */
async function certificatesOf(name: string) {
  return (
    await trpc<{ certificates: { serial: string; revokedAt: string | null }[] }>('nodes.inspect', {
      node: name,
    })
  ).certificates;
}

async function refusedJoin(name: string, token: string, hostNetworks: string[] = []): Promise<string> {
  const agent = await FakeAgent.join(cluster.controlPlane.url, token, name, hostNetworks);
  cluster.agents.push(agent);
  return agent.refusal();
}

describe('the agent channel', () => {
  it('issues a node certificate on a join by token, in the same transaction as the node', async () => {
    const agent = await cluster.join('node-a', ['10.20.0.0/16']);
    const certificate = agent.welcome?.certificate;
    expect(certificate).toBeDefined();
    const identity = readIdentity(certificate?.certPem ?? '');
    const id = await nodeId('node-a');
    expect(identity).toMatchObject({ role: 'switchyard-node', commonName: id });
    expect((await certificatesOf('node-a')).map((row) => row.serial)).toEqual([identity?.serial]);
    expect((await events()).find((event) => event.kind === 'node.joined')?.message).toContain(
      `was issued certificate ${identity?.serial}`,
    );
  });

  it('admits the node back over mutual TLS with its certificate and no token', async () => {
    const joined = cluster.agents.find((agent) => agent.name === 'node-a');
    if (joined === undefined) throw new Error('node-a did not join');
    joined.socket.close();
    const back = cluster.reconnect(joined);
    await back.ready();
    expect(back.welcome?.certificate).toBeUndefined();
    const serial = readIdentity(joined.welcome?.certificate?.certPem ?? '')?.serial;
    expect(
      (await events()).some(
        (event) =>
          event.kind === 'node.reconnected' &&
          event.message.includes(`over mutual TLS with certificate ${serial}`),
      ),
    ).toBe(true);
  });

  it('refuses a certificate another CA signed, even one naming a real node', async () => {
    const forger = await CertificateAuthority.load(await createAuthority('forger'));
    const keys = await generateKeyPair();
    const forged = await forger.issue({
      role: certificateRoles.node,
      commonName: (await nodeId('node-a')) ?? '',
      publicKey: keys.publicKey,
      lifetimeMs: 60_000,
      usage: 'client',
    });
    const tls = {
      caPem: readFileSync(caCertificatePath(cluster.dataDir), 'utf8'),
      certPem: forged.certPem,
      keyPem: await privateKeyPem(keys),
    };
    const url = cluster.controlPlane.url.replace(/^http:/, 'https:');
    // Kept out of cluster.agents: the tests below find node-a's own agent there.
    const impostor = new FakeAgent(url, { tls }, 'node-a', []);
    try {
      // OpenSSL's reason comes along when it gives one, for whoever has to work out why.
      expect(await impostor.refusal()).toMatch(
        /^join refused: the certificate presented was not issued by this cluster's CA( \([A-Z_]+\))?$/,
      );
      const nodes = await cluster.controlPlane.services.registry.list();
      expect(nodes.find((node) => node.name === 'node-a')?.status).toBe('ready');
    } finally {
      impostor.socket.close();
    }
  });

  it('renews a certificate on the live connection and records it', async () => {
    const agent = cluster.agents.at(-1);
    if (agent === undefined) throw new Error('no agent');
    const reply = (await agent.socket.timeout(5_000).emitWithAck('renew', {
      csr: await createCsr(await generateKeyPair(), 'node-a'),
    })) as { ok: boolean; certificate?: { certPem: string } };
    expect(reply.ok).toBe(true);
    const serial = readIdentity(reply.certificate?.certPem ?? '')?.serial;
    expect((await certificatesOf('node-a'))[0]?.serial).toBe(serial);
    expect(agent.socket.connected).toBe(true);
    expect((await events()).some((event) => event.kind === 'node.certificate.renewed')).toBe(true);
    const bad = (await agent.socket.timeout(5_000).emitWithAck('renew', { csr: 'garbage' })) as {
      ok: boolean;
      error?: string;
    };
    expect(bad).toEqual({ ok: false, error: 'csr: not a PEM certificate signing request' });
  });

  it('refuses a join under the name of a node in the cluster, connected or not', async () => {
    const message =
      'join refused: a node named node-a is already in the cluster; remove it (docker node rm / dashboard) before joining another host under that name';
    expect(await refusedJoin('node-a', labToken())).toBe(message);
    cluster.agents.at(-2)?.socket.close();
    await until(
      async () =>
        (await cluster.controlPlane.services.registry.list()).find((node) => node.name === 'node-a')
          ?.status === 'down'
          ? true
          : undefined,
      10_000,
    );
    expect(await refusedJoin('node-a', labToken())).toBe(message);
    expect(
      (await events()).filter((event) => event.kind === 'agent.refused' && event.subject === 'node-a'),
    ).toHaveLength(2);
  }, 20_000);

  it('revokes the certificates of a removed node: it is refused, and told so', async () => {
    const joined = cluster.agents.find((agent) => agent.name === 'node-a' && agent.welcome?.certificate);
    if (joined === undefined) throw new Error('node-a did not join');
    for (const agent of cluster.agents) if (agent.name === 'node-a') agent.socket.close();
    const id = (await nodeId('node-a')) ?? '';
    await until(
      async () =>
        (await cluster.controlPlane.services.registry.list()).find((node) => node.id === id)?.status ===
        'down'
          ? true
          : undefined,
      10_000,
    );
    const issued = await certificatesOf('node-a');
    await trpc('nodes.remove', { id }, true);
    expect(issued.length).toBeGreaterThan(0);
    expect(
      (await events()).find((event) => event.kind === 'node.removed' && event.subject === 'node-a')?.message,
    ).toContain(`revoked its ${issued.length} certificate(s)`);
    const back = cluster.reconnect(joined);
    expect(await back.refusal()).toMatch(/^certificate refused: certificate [0-9A-F]+ was revoked$/);
    // Removed, the name is free again for a join by token.
    await cluster.join('node-a', []);
  }, 20_000);

  it('refuses expired, revoked and unknown tokens, and a join without a CSR', async () => {
    const shortLived = await trpc<{ token: string }>(
      'tokens.create',
      { purpose: 'expires', expiresInSeconds: 1 },
      true,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const invalid = 'join refused: the join token is not valid (unknown, revoked or expired)';
    expect(await refusedJoin('node-late', shortLived.token)).toBe(invalid);
    expect(await refusedJoin('node-x', `${labToken().slice(0, -4)}abcd`)).toBe(invalid);
    const bare = new FakeAgent(
      cluster.controlPlane.url,
      { token: labToken(), csr: '', keyPem: '' },
      'node-y',
      [],
    );
    cluster.agents.push(bare);
    expect(await bare.refusal()).toContain('hello');
    expect((await cluster.controlPlane.services.registry.list()).map((node) => node.name)).not.toContain(
      'node-late',
    );
  });

  it('refuses host networks that are not a host’s own subnets, naming the field', async () => {
    for (const [cidr, reason] of [
      ['0.0.0.0/0', 'is wider than a /8'],
      ['10.0.0.0/7', 'is wider than a /8'],
      ['127.0.0.0/8', 'loopback'],
      ['169.254.0.0/16', 'link-local'],
      ['224.0.0.0/4', 'is wider than a /8'],
      ['239.1.0.0/16', 'multicast'],
      ['10.1.2.3/16', 'is not a subnet'],
    ] as const) {
      const message = await refusedJoin('node-nets', labToken(), [cidr]);
      expect(message).toContain('hello.hostNetworks.0');
      expect(message).toContain(reason);
    }
    const many = Array.from({ length: 65 }, (_, i) => `10.${i}.0.0/16`);
    expect(await refusedJoin('node-nets', labToken(), many)).toContain('hello.hostNetworks');
  });

  it('rotates join tokens: every one but the local lab’s is revoked, joined nodes stay', async () => {
    const before = await trpc<{ token: string }>('tokens.current', undefined, true);
    const again = await trpc<{ token: string }>('tokens.current', undefined, true);
    expect(again.token).toBe(before.token);
    const rotated = await trpc<{ token: string; joinCommand: string }>('tokens.rotate', undefined, true);
    expect(rotated.token).not.toBe(before.token);
    expect(rotated.joinCommand).toMatch(/^switchyard agent --join https:\/\/.+ --token SYJOIN-1-/);
    const invalid = 'join refused: the join token is not valid (unknown, revoked or expired)';
    expect(await refusedJoin('node-old', before.token)).toBe(invalid);
    await cluster.join('node-lab', []);
    const fresh = await FakeAgent.join(cluster.controlPlane.url, rotated.token, 'node-new', []);
    cluster.agents.push(fresh);
    await fresh.ready();
    expect((await trpc<{ token: string }>('tokens.current', undefined, true)).token).toBe(rotated.token);
    expect((await events()).some((event) => event.kind === 'token.rotated')).toBe(true);
  });
});
