import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { desiredSandboxSchema } from '@switchyard/contracts';
import { EmbeddedDnsError } from '../create-embedded-dns.js';
import type { EmbeddedDns } from '../embedded-dns.js';
import { serveAgents } from './agent-channel.js';
import { ResolverLink, tryConnect } from './resolver-link.js';

const identity = { protocol: 1, version: '0.1.0', upstreams: null };
const sandbox = desiredSandboxSchema.parse({
  id: 's1',
  name: 'client-1',
  hostname: 'client',
  netns: 'h1-spare-a',
  workload: { image: 'switchyard/toolbox', command: [], env: {} },
  running: true,
  startGeneration: 1,
  restartPolicy: { name: 'no', maximumRetryCount: 0 },
  endpoints: [],
  ports: [],
  dns: { embedded: true, servers: [], search: [], records: [] },
});

function fakeDns(calls: string[], failSync = false): EmbeddedDns {
  return {
    prepare: (sandboxes) => calls.push(`prepare ${sandboxes.length}`),
    prepareSpare: (netns) => calls.push(`prepareSpare ${netns}`),
    adoptSpare: (spare) => calls.push(`adoptSpare ${spare}`),
    dropSpare: (spare) => calls.push(`dropSpare ${spare}`),
    sync: async (sandboxes) => {
      calls.push(`sync ${sandboxes.length}`);
      if (failSync) throw new EmbeddedDnsError(new Map([['s1', 'namespace gone']]));
    },
    close: async () => void calls.push('close'),
  };
}

let dir: string;
let server: Server;
const links: ResolverLink[] = [];

async function connectLink(onGone: (why: string) => void = () => undefined): Promise<ResolverLink> {
  const socket = await tryConnect(join(dir, 'r.sock'));
  if (socket === undefined) throw new Error('no resolver socket');
  const link = new ResolverLink(socket, () => undefined, onGone);
  links.push(link);
  return link;
}

function listen(dns: EmbeddedDns, onStop: () => void = () => undefined) {
  server = createServer();
  serveAgents(server, dns, identity, { fallbackLog: () => undefined, onStop });
  return new Promise<void>((resolve) => server.listen(join(dir, 'r.sock'), resolve));
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'syr-channel-'));
});

afterEach(async () => {
  await Promise.all(links.splice(0).map((link) => link.end()));
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('the resolver side of the agent channel', () => {
  it('says who it is, and carries a sync and its failures by sandbox', async () => {
    await listen(fakeDns([], true));
    const link = await connectLink();
    expect(await link.ask({ op: 'hello' })).toMatchObject({
      ok: true,
      hello: { ...identity, pid: process.pid },
    });
    expect(await link.ask({ op: 'sync', sandboxes: [] })).toMatchObject({
      ok: false,
      failures: [{ sandboxId: 's1', reason: 'namespace gone' }],
    });
  });

  it('drops the spares of an agent that went away, keeping everything else', async () => {
    const calls: string[] = [];
    await listen(fakeDns(calls));
    const link = await connectLink();
    link.tell({ op: 'prepareSpare', netns: 'h1-spare-a' });
    link.tell({ op: 'prepareSpare', netns: 'h1-spare-b' });
    link.tell({ op: 'adoptSpare', spare: 'h1-spare-a', sandbox });
    await link.ask({ op: 'hello' });
    await link.end();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toEqual([
      'prepareSpare h1-spare-a',
      'prepareSpare h1-spare-b',
      'adoptSpare h1-spare-a',
      'dropSpare h1-spare-b',
    ]);
  });

  it('tells an agent when a newer one connects, and stops when asked', async () => {
    const calls: string[] = [];
    let stopped = false;
    await listen(fakeDns(calls), () => (stopped = true));
    const gone: string[] = [];
    const older = await connectLink((why) => gone.push(why));
    await older.ask({ op: 'hello' });
    const newer = await connectLink();
    await newer.ask({ op: 'hello' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gone).toEqual(['superseded']);
    await expect(older.ask({ op: 'hello' })).rejects.toThrow('went away');
    expect(await newer.ask({ op: 'stop' })).toEqual({ id: 2, ok: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toEqual(['close']);
    expect(stopped).toBe(true);
  });
});
