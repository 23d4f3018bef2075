import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./whoami.mjs', import.meta.url));
const child = spawn(process.execPath, [script], {
  env: { PORT: '0', SWITCHYARD_CONTAINER_NAME: 'web-1', PATH: process.env.PATH ?? '' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let base = '';

beforeAll(async () => {
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  const port = /listening on port (\d+)/.exec(chunk.toString())?.[1];
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => {
  child.kill();
});

describe('switchyard/whoami', () => {
  it('answers with its name, addresses, the caller and the request', async () => {
    const response = await fetch(`${base}/some/path?x=1`, { headers: { 'X-Probe': 'yes' } });
    const body = await response.text();
    const lines = body.trimEnd().split('\n');
    expect(lines[0]).toBe('Hostname: web-1');
    expect(lines).toContain('IP: 127.0.0.1');
    expect(body).toMatch(/^RemoteAddr: 127\.0\.0\.1:\d+$/m);
    expect(body).toContain('GET /some/path?x=1 HTTP/1.1\n');
    expect(body).toMatch(/^X-Probe: yes$/im);
  });

  it('reports health, which a POST of a status code changes', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/health`, { method: 'POST', body: '503' })).status).toBe(200);
    expect((await fetch(`${base}/health`)).status).toBe(503);
    expect((await fetch(`${base}/health`, { method: 'POST', body: 'sick' })).status).toBe(400);
    expect((await fetch(`${base}/health`)).status).toBe(503);
    await fetch(`${base}/health`, { method: 'POST', body: '200' });
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });
});
