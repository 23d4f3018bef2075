import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeInventory } from '../test-support/docker-api/fake-inventory.js';
import { startFakeEngineApi, type FakeEngineApi } from '../test-support/docker-api/fake-engine-api.js';

// What a browser page, a DNS-rebinding page or a form post gets from the Engine API: dockerd's refusals.

const fake = new FakeInventory();
let api: FakeEngineApi;
let port: number;

beforeAll(async () => {
  api = await startFakeEngineApi(fake);
  port = api.port;
});

afterAll(async () => {
  await api.stop();
});

function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; message: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        const parsed = text === '' ? {} : (JSON.parse(text) as { message?: string });
        resolve({ status: res.statusCode ?? 0, message: (parsed as { message?: string }).message ?? '' });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const networkNames = async () => (await fake.networks.list()).map((network) => network.name).sort();
const createBody = JSON.stringify({ Name: 'guarded', Driver: 'bridge' });

describe('the Engine API refuses', () => {
  it('a browser request (Origin) with 403 in Docker’s shape, creating nothing', async () => {
    const before = await networkNames();
    const reply = await send(
      'POST',
      '/v1.47/networks/create',
      { host: `127.0.0.1:${port}`, origin: 'http://evil.example', 'content-type': 'text/plain' },
      createBody,
    );
    expect(reply.status).toBe(403);
    expect(reply.message).toContain('browser requests are refused');
    expect(await networkNames()).toEqual(before);
  });

  it('a Host that is not the listener or a loopback name (DNS rebinding)', async () => {
    const reply = await send('GET', '/v1.47/networks', { host: `rebind.evil.example:${port}` });
    expect(reply.status).toBe(403);
    expect(reply.message).toContain('DNS-rebinding');
    expect((await send('GET', '/v1.47/networks', { host: `localhost:${port}` })).status).toBe(200);
    expect((await send('GET', '/v1.47/networks', { host: `127.0.0.1:${port}` })).status).toBe(200);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'a %s body, creating nothing',
    async (contentType) => {
      const before = await networkNames();
      const reply = await send(
        'POST',
        '/v1.47/networks/create',
        { host: `127.0.0.1:${port}`, 'content-type': contentType },
        createBody,
      );
      expect(reply.status).toBe(400);
      expect(reply.message).toContain("must be 'application/json'");
      expect(await networkNames()).toEqual(before);
    },
  );

  it('a body over 1 MiB with 413', async () => {
    const reply = await send(
      'POST',
      '/v1.47/networks/create',
      { host: `127.0.0.1:${port}`, 'content-type': 'application/json' },
      JSON.stringify({ Name: 'x'.repeat(2 * 1024 * 1024) }),
    );
    expect(reply.status).toBe(413);
    expect(reply.message).toContain('larger than');
  });
});

describe('the Engine API takes what the docker CLI sends', () => {
  it('JSON bodies, and text/plain with an empty body on bodiless POSTs', async () => {
    const created = await send(
      'POST',
      '/v1.47/networks/create',
      { host: `127.0.0.1:${port}`, 'content-type': 'application/json' },
      createBody,
    );
    expect(created.status).toBe(201);
    const pruned = await send('POST', '/v1.47/networks/prune', {
      host: `127.0.0.1:${port}`,
      'content-type': 'text/plain',
      'content-length': '0',
    });
    expect(pruned.status).toBeLessThan(500);
    expect(pruned.status).not.toBe(400);
  });
});
