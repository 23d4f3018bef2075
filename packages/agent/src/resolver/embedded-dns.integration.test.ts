import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DesiredSandbox, desiredSandboxSchema, dnsRecordSchema } from '@switchyard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNetns } from '../osl/ip.js';
import { createProcessRuntime } from '../runtime/process-runtime.js';
import type { SandboxRuntime } from '../runtime/sandbox-runtime.js';
import { createEmbeddedDns } from './create-embedded-dns.js';
import type { EmbeddedDns } from './embedded-dns.js';
import { createTestLab } from '../test-support/resolver/test-lab.js';

const lab = createTestLab('dns');
let dns: EmbeddedDns;
let runtime: SandboxRuntime;
let stateDir: string;

const endpoint = (address: string) => ({
  networkId: 'n1',
  interfaceName: 'eth0',
  address,
  prefixLength: 24,
  gateway: null,
  mac: '02:42:0a:d3:02:02',
});

interface SandboxChange {
  image?: string;
  dns?: { embedded?: boolean; servers?: string[]; records?: { name: string; address: string }[] };
}

function sandbox(id: string, address: string, change: SandboxChange = {}): DesiredSandbox {
  return desiredSandboxSchema.parse({
    id,
    name: `${id}-1`,
    hostname: `${id}-host`,
    netns: lab.netns(id),
    workload: { image: change.image ?? 'switchyard/toolbox', command: [], env: {} },
    running: true,
    startGeneration: 1,
    restartPolicy: { name: 'no', maximumRetryCount: 0 },
    endpoints: [endpoint(address)],
    ports: [],
    dns: { embedded: true, servers: [], search: ['lab.test'], records: [], ...change.dns },
  });
}

// web and client share a network; secret is on another one, so client must not resolve it.
const web = sandbox('web', '10.211.2.2', {
  image: 'switchyard/whoami',
  dns: { records: [{ name: 'web-1', address: '10.211.2.2' }] },
});
const clientRecords = dnsRecordSchema.array().parse([
  { name: 'web-1', address: '10.211.2.2' },
  { name: 'web', address: '10.211.2.2' },
  { name: 'client-1', address: '10.211.2.3' },
]);
const client = sandbox('client', '10.211.2.3', { dns: { records: clientRecords } });
const secret = sandbox('secret', '10.211.2.4', {
  dns: { records: [{ name: 'secret-1', address: '10.211.2.4' }] },
});
const plain = sandbox('plain', '10.211.2.5', { dns: { embedded: false, servers: ['10.211.2.53'] } });
const all = [web, client, secret, plain];

const dig = (name: string, ...args: string[]) => lab.run(name, ['dig', '+time=3', '+tries=1', ...args]);

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), 'syr-dns-'));
  for (const [name, address] of [
    ['web', '10.211.2.2'],
    ['client', '10.211.2.3'],
    ['secret', '10.211.2.4'],
    ['plain', '10.211.2.5'],
    ['up', '10.211.2.53'],
  ])
    await lab.addSandbox(name as string, address as string);
  await lab.startUpstream('up');
  dns = createEmbeddedDns({ upstreams: ['10.211.2.53'], forwardTimeoutMs: 500 });
  runtime = createProcessRuntime({ stateDir, stopGraceMs: 2000 });
  const started = performance.now();
  await dns.sync(all);
  console.log(
    `embedded DNS: ${all.filter((s) => s.dns.embedded).length} listeners up in ${Math.round(performance.now() - started)} ms`,
  );
  await runtime.sync(all);
});

afterAll(async () => {
  await runtime.sync([]);
  await dns.sync([]);
  for (const entry of all) expect(existsSync(`/etc/netns/${entry.netns}`)).toBe(false);
  expect((await lab.run('client', ['ss', '-Hlun'])).trim()).toBe('');
  await runtime.close();
  await dns.close();
  await lab.destroy();
  await rm(stateDir, { recursive: true, force: true });
  expect(
    (await listNetns()).map((entry) => entry.name).filter((name) => name.startsWith(lab.prefix)),
  ).toEqual([]);
});

describe('embedded DNS in real namespaces', () => {
  it('writes resolv.conf and hosts for ip netns exec', async () => {
    expect(await readFile(`/etc/netns/${client.netns}/resolv.conf`, 'utf8')).toBe(
      'nameserver 127.0.0.11\nsearch lab.test\noptions ndots:0\n',
    );
    expect(await readFile(`/etc/netns/${plain.netns}/resolv.conf`, 'utf8')).toBe(
      'nameserver 10.211.2.53\nsearch lab.test\n',
    );
    expect(await lab.run('client', ['cat', '/etc/hosts'])).toContain('10.211.2.3\tclient-host\n');
  });

  it('answers the names of its networks, bare, with the search domain, and over TCP', async () => {
    expect(await dig('client', '+short', 'web-1')).toBe('10.211.2.2\n');
    expect(await dig('client', '+short', 'WEB.lab.test')).toBe('10.211.2.2\n');
    expect(await dig('client', '+short', '+tcp', 'web')).toBe('10.211.2.2\n');
    expect(await dig('client', '+short', '-x', '10.211.2.2')).toBe('web-1.\n');
    expect(await lab.run('client', ['getent', 'hosts', 'web-1'])).toMatch(/^10\.211\.2\.2\s+web-1$/m);
  });

  it('reaches whoami by name with curl', async () => {
    let body = '';
    for (let tries = 0; !body.includes('Hostname') && tries < 40; tries++) {
      body = await lab.run('client', ['curl', '-s', '--max-time', '2', 'http://web-1/']);
      if (!body.includes('Hostname')) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(body).toContain('Hostname: web-1\n');
  });

  it('forwards other names to the upstream from inside the sandbox', async () => {
    expect(await dig('client', '+short', 'outside.example')).toBe('192.0.2.7\n');
    expect(await dig('client', '+short', 'outside.example')).toBe('192.0.2.7\n');
  });

  it('knows nothing from networks the sandbox is not on', async () => {
    expect(await dig('client', 'secret-1')).toContain('status: NXDOMAIN');
    expect(await dig('secret', '+short', 'secret-1')).toBe('10.211.2.4\n');
    expect(await dig('secret', 'web-1')).toContain('status: NXDOMAIN');
  });

  it('follows record and upstream changes, and answers SERVFAIL when upstreams are silent', async () => {
    const moved = sandbox('client', '10.211.2.3', {
      dns: { records: [...clientRecords, { name: 'late', address: '10.211.2.9' }], servers: ['10.211.2.99'] },
    });
    await dns.sync([web, moved, secret, plain]);
    expect(await dig('client', '+short', 'late')).toBe('10.211.2.9\n');
    const started = Date.now();
    expect(await dig('client', 'outside.example')).toContain('status: SERVFAIL');
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    await dns.sync(all);
    expect(await dig('client', '+short', 'outside.example')).toBe('192.0.2.7\n');
  });

  it('opens the listener again in a namespace made anew under the same name', async () => {
    await lab.recreate('secret', '10.211.2.4');
    await dns.sync(all);
    expect(await dig('secret', '+short', 'secret-1')).toBe('10.211.2.4\n');
  });
});
